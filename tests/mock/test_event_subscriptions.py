"""Event subscriptions: `{topics, publicationUrl, encrypt, sharedKey}` in, `{id, scope, topics, publicationUrl,
encrypted, successfulCalls}` out; the shared key is never shown."""

from __future__ import annotations

import httpx

from qualtrics_mock import MockQualtrics

from .conftest import error_of, result

BASE = "/API/v3/eventsubscriptions"


def test_create_get_list_and_delete(client: httpx.Client, mock: MockQualtrics) -> None:
    topics = "surveyengine.completedResponse.SV_06UZjqo3sx9ijAN"
    body = {"topics": topics, "publicationUrl": "https://hooks.example.com/done", "encrypt": True, "sharedKey": "k3y"}
    created = result(client.post(BASE, json=body))
    assert set(created) == {"id"}
    sub_id = created["id"]
    assert sub_id.startswith("SUB_")
    got = result(client.get(f"{BASE}/{sub_id}"))
    assert got == {
        "id": sub_id,
        "scope": "brand",
        "topics": topics,
        "publicationUrl": "https://hooks.example.com/done",
        "encrypted": True,
        "successfulCalls": 0,
    }
    assert result(client.get(BASE))["elements"] == [got]
    result(client.delete(f"{BASE}/{sub_id}"))
    error_of(client.get(f"{BASE}/{sub_id}"), 404)
    assert result(client.get(BASE))["elements"] == []
    assert mock.response_problems == []


def test_refuses_what_qualtrics_refuses(client: httpx.Client) -> None:
    error_of(client.post(BASE, json={"publicationUrl": "https://hooks.example.com/done"}), 400)  # no topics
    error_of(client.post(BASE, json={"topics": "controlpanel.activateSurvey", "publicationUrl": "ftp://x"}), 400)
    encrypted = {"topics": "controlpanel.activateSurvey", "publicationUrl": "https://h.example.com", "encrypt": True}
    error_of(client.post(BASE, json=encrypted), 400)  # encryption needs a shared key
