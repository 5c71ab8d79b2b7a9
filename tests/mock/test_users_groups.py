"""Users and groups: the generic store holds them; a user's API token is created on demand and then answered."""

from __future__ import annotations

import httpx

from qualtrics_mock import MockQualtrics

from .conftest import error_of, result


def test_api_token_of_the_token_user_and_of_a_created_user(client: httpx.Client, mock: MockQualtrics) -> None:
    me = result(client.get("/API/v3/whoami"))["userId"]
    error_of(client.get(f"/API/v3/users/{me}/apitoken"), 404)  # none made yet
    made = result(client.post(f"/API/v3/users/{me}/apitoken"))
    assert set(made) == {"apiToken"}
    assert len(made["apiToken"]) == 40
    assert result(client.get(f"/API/v3/users/{me}/apitoken")) == made
    replaced = result(client.post(f"/API/v3/users/{me}/apitoken"))
    assert replaced != made
    assert result(client.get(f"/API/v3/users/{me}/apitoken")) == replaced
    new_user = result(client.post("/API/v3/users", json={"username": "grace@example.com", "firstName": "Grace"}))["id"]
    assert len(result(client.post(f"/API/v3/users/{new_user}/apitoken"))["apiToken"]) == 40
    error_of(client.post("/API/v3/users/UR_000000000000000/apitoken"), 404)
    assert mock.response_problems == []


def test_update_a_group(client: httpx.Client, mock: MockQualtrics) -> None:
    group = result(client.post("/API/v3/groups", json={"name": "CX Team", "type": "GT_0123456789abcde"}))["id"]
    assert result(client.put(f"/API/v3/groups/{group}", json={"name": "CX Leads"})) is None
    assert result(client.get(f"/API/v3/groups/{group}"))["name"] == "CX Leads"
    assert mock.response_problems == []
