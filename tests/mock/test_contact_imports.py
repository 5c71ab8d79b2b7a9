"""Contact imports into mailing lists, as jobs that change the directory: JSON and multipart, and imports of
contacts with transactions (the transactions land in their batch; the summary names malformed emails)."""

from __future__ import annotations

import json
from typing import Any

import httpx

from qualtrics_mock import MockQualtrics

from .conftest import error_of, result
from .test_directories import directory


def first_list_base(client: httpx.Client, index: int = 0) -> str:
    directory_id = directory(client)
    ml = result(client.get(f"/API/v3/directories/{directory_id}/mailinglists"))["elements"][index]
    return f"/API/v3/directories/{directory_id}/mailinglists/{ml['mailingListId']}"


def until_complete(client: httpx.Client, url: str) -> dict[str, Any]:
    progress: dict[str, Any] = result(client.get(url))
    for _ in range(10):
        if progress["status"] == "complete":
            break
        progress = result(client.get(url))
    return progress


def test_contact_import_json_adds_and_updates_contacts(client: httpx.Client, mock: MockQualtrics) -> None:
    directory_id = directory(client)
    base = first_list_base(client)
    existing = next(iter(mock.brands["mockbrand"].contacts[directory_id].values()))
    contacts = [
        {"firstName": "New", "lastName": "Person", "email": "new.person@example.com"},
        {"firstName": "Renamed", "lastName": existing["lastName"], "email": existing["email"]},
        {"firstName": "No", "lastName": "Channel"},
    ]
    started = result(client.post(f"{base}/contactimports", json={"contacts": contacts}))
    assert started["progressId"] == started["id"]
    assert started["tracking"]["url"].endswith(f"/contactimports/{started['id']}")
    progress = result(client.get(f"{base}/contactimports/{started['progressId']}"))
    assert progress["status"] == "inProgress"
    assert "contacts" not in progress
    progress = until_complete(client, f"{base}/contactimports/{started['progressId']}")
    assert progress["contacts"]["count"] == {"added": 1, "updated": 1, "failed": 1}
    assert existing["firstName"] == "Renamed"
    assert len(mock.brands["mockbrand"].contacts[directory_id]) == 151
    assert mock.response_problems == []


def test_contact_import_multipart_file(client: httpx.Client) -> None:
    base = first_list_base(client, 1)
    payload = json.dumps([{"firstName": "File", "lastName": "Upload", "email": "file.upload@example.com"}])
    files = {"file": ("contacts.json", payload.encode(), "application/json")}
    result(client.post(f"{base}/contactimports", files=files))
    emails: list[str] = []
    page = result(client.get(f"{base}/contacts", params={"pageSize": 50}))
    emails += [c["email"] for c in page["elements"]]
    while page["nextPage"]:
        page = result(client.get(page["nextPage"]))
        emails += [c["email"] for c in page["elements"]]
    assert "file.upload@example.com" in emails


def new_batch(client: httpx.Client) -> str:
    batch_id: str = result(client.post(f"/API/v3/directories/{directory(client)}/transactionbatches", json={}))[
        "batchId"
    ]
    return batch_id


def test_transaction_import_fills_its_batch(client: httpx.Client, mock: MockQualtrics) -> None:
    directory_id = directory(client)
    base = first_list_base(client)
    batch_id = new_batch(client)
    body = {
        "transactionMeta": {"batchId": batch_id, "fields": ["StoreId", "Amount"]},
        "contacts": [
            {
                "firstName": "Ana",
                "email": "ana.tx@example.com",
                "transactionData": {"StoreId": "S_042", "Amount": 59.9},
            },
            {"firstName": "Bad", "email": "bad.tx@example.com", "transactionData": {"Unknown": 1}},
            {"firstName": "Clash", "email": "clash@example.com", "embeddedData": {"StoreId": "x"}},
            {"firstName": "No channel"},
            {"firstName": "Malformed", "email": "not-an-email", "transactionData": {"StoreId": "S_1"}},
        ],
    }
    response = client.post(f"{base}/transactioncontacts", json=body)
    assert response.status_code == 202
    started = response.json()["result"]
    assert response.json()["meta"]["httpStatus"] == "202 - Accepted"
    assert started["contacts"]["unprocessed"] == [1, 2, 3]
    assert "progressId" not in started
    progress = until_complete(client, f"{base}/transactioncontacts/{started['id']}")
    assert progress["contacts"]["count"] == {"added": 2, "updated": 0, "failed": 3}
    assert progress["transactions"]["count"] == {"created": 2}
    summary = result(client.get(f"{base}/transactioncontacts/{started['id']}/summary"))
    assert summary["invalidEmails"] == ["not-an-email"]
    in_batch = result(client.get(f"/API/v3/directories/{directory_id}/transactionbatches/{batch_id}/transactions"))
    assert sorted(t["data"]["StoreId"] for t in in_batch["elements"]) == ["S_042", "S_1"]
    ana = next(
        c for c in mock.brands["mockbrand"].contacts[directory_id].values() if c["email"] == "ana.tx@example.com"
    )
    mine = result(
        client.get(
            f"/API/v3/directories/{directory_id}/contacts/{ana['contactId']}/transactions", params={"withData": "true"}
        )
    )
    assert [t["data"] for t in mine["elements"]] == [{"StoreId": "S_042", "Amount": 59.9}]
    assert mock.response_problems == []


def test_transaction_import_into_a_missing_batch_imports_nothing(client: httpx.Client, mock: MockQualtrics) -> None:
    """Qualtrics's document: counts of 0 at 100% mean the batch (or list) does not exist."""
    base = first_list_base(client)
    before = len(mock.brands["mockbrand"].contacts[directory(client)])
    body = {"transactionMeta": {"batchId": "BT_doesNotExist00"}, "contacts": [{"email": "ghost@example.com"}]}
    response = client.post(f"{base}/transactioncontacts", json=body)
    assert response.status_code == 202
    progress = until_complete(client, f"{base}/transactioncontacts/{response.json()['result']['id']}")
    assert progress["contacts"]["count"] == {"added": 0, "updated": 0, "failed": 0}
    assert len(mock.brands["mockbrand"].contacts[directory(client)]) == before


def test_import_progress_of_another_list_is_404(client: httpx.Client) -> None:
    started = result(
        client.post(f"{first_list_base(client)}/contactimports", json={"contacts": [{"email": "a@example.com"}]})
    )
    error_of(client.get(f"{first_list_base(client, 1)}/contactimports/{started['id']}"), 404)
    error_of(client.get(f"{first_list_base(client)}/transactioncontacts/{started['id']}"), 404)
