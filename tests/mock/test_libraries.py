"""Libraries and library messages in Qualtrics's shape: `libraryId`/`libraryName`, messages listed as
`{id, description, category}`, one message with its text by language."""

from __future__ import annotations

import httpx

from qualtrics_mock import MockQualtrics

from .conftest import error_of, result


def own_library(client: httpx.Client) -> str:
    libraries = result(client.get("/API/v3/libraries"))["elements"]
    assert [set(library) for library in libraries] == [{"libraryId", "libraryName"}] * 2
    assert [library["libraryId"][:3] for library in libraries] == ["UR_", "GR_"]
    library_id: str = libraries[0]["libraryId"]
    return library_id


def test_the_user_library_holds_seeded_messages(client: httpx.Client, mock: MockQualtrics) -> None:
    library_id = own_library(client)
    messages = result(client.get(f"/API/v3/libraries/{library_id}/messages"))["elements"]
    assert all(set(m) == {"id", "description", "category"} for m in messages)
    assert {m["category"] for m in messages} >= {"invite", "reminder", "thankYou", "endOfSurvey"}
    invites = result(client.get(f"/API/v3/libraries/{library_id}/messages", params={"category": "invite"}))
    assert [m["category"] for m in invites["elements"]] == ["invite"]
    one = result(client.get(f"/API/v3/libraries/{library_id}/messages/{invites['elements'][0]['id']}"))
    assert set(one) == {"id", "description", "category", "messages"}
    assert "${l://SurveyURL}" in one["messages"]["en"]
    assert mock.response_problems == []


def test_create_update_and_delete_a_message(client: httpx.Client, mock: MockQualtrics) -> None:
    library_id = own_library(client)
    base = f"/API/v3/libraries/{library_id}/messages"
    body = {"description": "May invite", "category": "invite", "messages": {"en": "<p>Hello</p>"}}
    created = result(client.post(base, json=body))
    assert set(created) == {"id"}
    message_id = created["id"]
    assert message_id.startswith("MS_")
    assert len(message_id) == 18
    update = {"description": "May invite v2", "messages": {"es": "<p>Hola</p>"}}
    assert result(client.put(f"{base}/{message_id}", json=update)) is None
    got = result(client.get(f"{base}/{message_id}"))
    assert got == {
        "id": message_id,
        "description": "May invite v2",
        "category": "invite",
        "messages": {"en": "<p>Hello</p>", "es": "<p>Hola</p>"},
    }
    error_of(client.post(base, json={**body, "messages": {"en": 5}}), 400)
    result(client.delete(f"{base}/{message_id}"))
    error_of(client.get(f"{base}/{message_id}"), 404)
    error_of(client.get("/API/v3/libraries/UR_000000000000000/messages"), 404)
    assert mock.response_problems == []


def test_a_group_library_starts_empty(client: httpx.Client) -> None:
    group = result(client.get("/API/v3/libraries"))["elements"][1]["libraryId"]
    assert result(client.get(f"/API/v3/libraries/{group}/messages"))["elements"] == []
