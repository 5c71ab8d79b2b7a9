"""Contact transactions and transaction batches with real state: batches hold existing transactions, a
repeat add changes nothing, enrichments upsert on their key."""

from __future__ import annotations

import httpx

from qualtrics_mock import MockQualtrics

from .conftest import error_of, result
from .test_directories import directory


def batches_base(client: httpx.Client) -> str:
    return f"/API/v3/directories/{directory(client)}/transactionbatches"


def seeded_transactions(client: httpx.Client) -> list[str]:
    batch = result(client.get(batches_base(client)))["elements"][0]
    ids: list[str] = batch["transactionIds"]
    return ids


def test_seeded_batch_and_contact_transactions(client: httpx.Client, mock: MockQualtrics) -> None:
    directory_id = directory(client)
    ids = seeded_transactions(client)
    assert len(ids) == 3
    assert all(t.startswith("CTR_") and len(t) == 19 for t in ids)
    one = result(client.get(f"/API/v3/directories/{directory_id}/transactions/{ids[0]}"))
    assert one["data"]["OrderId"] == "A10020"
    assert "enrichments" not in one
    listed = result(client.get(f"/API/v3/directories/{directory_id}/contacts/{one['contactId']}/transactions"))
    assert [t["transactionId"] for t in listed["elements"]] == [ids[0]]
    assert "data" not in listed["elements"][0]  # only with withData=true
    assert mock.response_problems == []


def test_batch_lifecycle(client: httpx.Client, mock: MockQualtrics) -> None:
    base = batches_base(client)
    ids = seeded_transactions(client)
    created = result(client.post(base, json={"transactionIds": ids[:1], "creationDate": "2025-01-01T12:30:00Z"}))
    batch_id = created["batchId"]
    assert batch_id.startswith("BT_")
    assert len(batch_id) == 18
    batch = result(client.get(f"{base}/{batch_id}"))
    assert batch["creationDate"] == "2025-01-01T12:30:00Z"
    result(client.post(f"{base}/{batch_id}/transactions", json={"transactionIds": ids}))
    result(client.post(f"{base}/{batch_id}/transactions", json={"transactionIds": ids}))  # a repeat changes nothing
    listed = result(client.get(f"{base}/{batch_id}/transactions"))["elements"]
    assert [t["transactionId"] for t in listed] == ids
    result(client.delete(f"{base}/{batch_id}/transactions/{ids[1]}"))
    assert result(client.get(f"{base}/{batch_id}"))["transactionIds"] == [ids[0], ids[2]]
    error_of(client.delete(f"{base}/{batch_id}/transactions/{ids[1]}"), 404)
    error_of(client.post(f"{base}/{batch_id}/transactions", json={"transactionIds": ["CTR_notAnExisting0"]}), 404)
    result(client.delete(f"{base}/{batch_id}"))
    error_of(client.get(f"{base}/{batch_id}"), 404)
    # The transactions outlive the batch.
    result(client.get(f"/API/v3/directories/{directory(client)}/transactions/{ids[1]}"))
    assert mock.response_problems == []


def test_enrichments_upsert_on_their_key(client: httpx.Client, mock: MockQualtrics) -> None:
    url = f"/API/v3/directories/{directory(client)}/transactions/{seeded_transactions(client)[0]}"
    source = {"context": {"channel": "POS", "store": "9801"}, "provider": "ERP"}
    result(client.post(f"{url}/enrichments", json={"source": source, "metric": {"field": "subtotal", "numValue": 1.0}}))
    result(client.post(f"{url}/enrichments", json={"source": source, "metric": {"field": "subtotal", "numValue": 2.5}}))
    result(client.post(f"{url}/enrichments", json={"source": source, "metric": {"field": "tax", "numValue": 0.3}}))
    enrichments = result(client.get(url, params={"includeEnrichments": "true"}))["enrichments"]
    assert sorted((e["metric"]["field"], e["metric"]["numValue"]) for e in enrichments) == [
        ("subtotal", 2.5),
        ("tax", 0.3),
    ]
    assert mock.response_problems == []


def test_unknown_transactions_and_dates(client: httpx.Client) -> None:
    directory_id = directory(client)
    error_of(client.get(f"/API/v3/directories/{directory_id}/transactions/CTR_notAnExisting0"), 404)
    error_of(client.post(batches_base(client), json={"creationDate": "next tuesday"}), 400)
