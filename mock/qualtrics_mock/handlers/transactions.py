"""Contact transactions and transaction batches with real state: transactions are created by imports of
mailing-list contacts with transactions (`importTransactionContacts`), batches group them, and enrichments
are upserted on their key (`source.context`, `source.provider`, `metric.field`).

The records live in the brand's `documents` under one key (the generic store keeps concrete paths there, which
never collide with it): per directory, `transactions` by id and `batches` by id.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..context import NO_RESULT, Context, route
from ..envelope import invalid_parameter, not_found
from .common import directory_of, paged
from .contact_filters import parse_when
from .xm_records import contact_of

STATE_KEY = "xm-directory:transactions"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _state(ctx: Context, directory_id: str) -> dict[str, dict[str, dict[str, Any]]]:
    by_directory: dict[str, Any] = ctx.brand.documents.setdefault(STATE_KEY, {})
    found: dict[str, dict[str, dict[str, Any]]] | None = by_directory.get(directory_id)
    if found is None:
        found = by_directory[directory_id] = {"transactions": {}, "batches": {}}
        _seed(ctx, directory_id, found)
    return found


def _seed(ctx: Context, directory_id: str, state: dict[str, dict[str, dict[str, Any]]]) -> None:
    """A first batch holding one purchase of each of the directory's first three contacts, so the lists and
    gets have something real to show before any import."""
    batch_id = ctx.mock.ids.new("BT_")
    state["batches"][batch_id] = {"batchId": batch_id, "creationDate": "2025-01-15T09:00:00Z", "transactionIds": []}
    lists = ctx.brand.mailing_lists.get(directory_id, {})
    for number, contact_id in enumerate(list(ctx.brand.contacts.get(directory_id, {}))[:3]):
        list_id = next((i for i, ml in lists.items() if contact_id in ml["members"]), None)
        transaction_id = ctx.mock.ids.new("CTR_")
        state["transactions"][transaction_id] = {
            "transactionId": transaction_id,
            "contactId": contact_id,
            "mailingListId": list_id,
            "transactionDate": f"2025-01-1{number + 1}T12:30:00Z",
            "data": {"OrderId": f"A1002{number}", "Amount": 49.99 + 50 * number},
            "enrichments": [],
        }
        state["batches"][batch_id]["transactionIds"].append(transaction_id)


def batch_exists(ctx: Context, directory_id: str, batch_id: str) -> bool:
    return batch_id in _state(ctx, directory_id)["batches"]


def record(ctx: Context, directory_id: str, batch_id: str, contact_id: str, list_id: str, data: dict[str, Any]) -> str:
    """A new transaction of the contact, added to the (existing) batch; its id."""
    state = _state(ctx, directory_id)
    transaction_id = ctx.mock.ids.new("CTR_")
    state["transactions"][transaction_id] = {
        "transactionId": transaction_id,
        "contactId": contact_id,
        "mailingListId": list_id,
        "transactionDate": _now(),
        "data": dict(data),
        "enrichments": [],
    }
    state["batches"][batch_id]["transactionIds"].append(transaction_id)
    return transaction_id


def _view(ctx: Context, transaction: dict[str, Any], *, with_data: bool = True) -> dict[str, Any]:
    view = {k: v for k, v in transaction.items() if k not in ("data", "enrichments")}
    if with_data:
        view["data"] = transaction["data"]
    if ctx.query.get("includeEnrichments") is True:
        view["enrichments"] = list(transaction["enrichments"])
    return view


def _batch(ctx: Context) -> dict[str, Any]:
    found = _state(ctx, directory_of(ctx))["batches"].get(ctx.path.get("batchId", ""))
    if found is None:
        raise not_found("transaction batch")
    return found


def _transaction(ctx: Context) -> dict[str, Any]:
    transactions = _state(ctx, directory_of(ctx))["transactions"]
    wanted = ctx.path.get("transactionId", "")
    if ctx.query.get("altId") == "extRefId":
        found = next((t for t in transactions.values() if t["data"].get("extRefId") == wanted), None)
    else:
        found = transactions.get(wanted)
    if found is None:
        raise not_found("transaction")
    return found


def _known_ids(ctx: Context, ids: Any) -> list[str]:
    """The named transactions, which must exist: an unknown one is a 404, as an unknown batch is."""
    transactions = _state(ctx, directory_of(ctx))["transactions"]
    if not isinstance(ids, list) or any(not isinstance(i, str) for i in ids):
        raise invalid_parameter("transactionIds")
    if any(i not in transactions for i in ids):
        raise not_found("transaction")
    return list(ids)


@route("listContactTransactions")
def list_contact_transactions(ctx: Context) -> Any:
    contact = contact_of(ctx)
    found = [
        t for t in _state(ctx, directory_of(ctx))["transactions"].values() if t["contactId"] == contact["contactId"]
    ]
    if ctx.query.get("sortByTransactionDate") is True:
        found.sort(key=lambda t: str(t["transactionDate"]), reverse=True)
    with_data = ctx.query.get("withData") is True
    return paged(ctx, [_view(ctx, t, with_data=with_data) for t in found], "skipToken")


@route("getTransaction")
def get_transaction(ctx: Context) -> Any:
    return _view(ctx, _transaction(ctx))


@route("upsertTransactionEnrichment")
def upsert_enrichment(ctx: Context) -> Any:
    transaction = _transaction(ctx)
    source, metric = ctx.json.get("source") or {}, ctx.json.get("metric") or {}
    key = (repr(source.get("context")), source.get("provider"), metric.get("field"))
    kept = [
        e
        for e in transaction["enrichments"]
        if (
            repr((e.get("source") or {}).get("context")),
            (e.get("source") or {}).get("provider"),
            (e.get("metric") or {}).get("field"),
        )
        != key
    ]
    transaction["enrichments"] = [*kept, {"source": source, "metric": metric}]
    return NO_RESULT


@route("listTransactionBatches")
def list_batches(ctx: Context) -> Any:
    return paged(ctx, list(_state(ctx, directory_of(ctx))["batches"].values()), "skipToken")


@route("createTransactionBatch")
def create_batch(ctx: Context) -> Any:
    directory_id = directory_of(ctx)
    ids = _known_ids(ctx, ctx.json.get("transactionIds", []))
    given = ctx.json.get("creationDate")
    # The spec has checked the date-time; one Python cannot read is kept as sent.
    parsed = parse_when(given) if isinstance(given, str) else None
    created = parsed[0].strftime("%Y-%m-%dT%H:%M:%SZ") if parsed else given
    batch_id = ctx.mock.ids.new("BT_")
    _state(ctx, directory_id)["batches"][batch_id] = {
        "batchId": batch_id,
        "creationDate": created or _now(),
        "transactionIds": list(dict.fromkeys(ids)),
    }
    return {"batchId": batch_id}


@route("getTransactionBatch")
def get_batch(ctx: Context) -> Any:
    return _batch(ctx)


@route("deleteTransactionBatch")
def delete_batch(ctx: Context) -> Any:
    batch = _batch(ctx)
    del _state(ctx, ctx.path["directoryId"])["batches"][batch["batchId"]]
    return NO_RESULT


@route("listTransactionBatchTransactions")
def list_batch_transactions(ctx: Context) -> Any:
    batch = _batch(ctx)
    transactions = _state(ctx, ctx.path["directoryId"])["transactions"]
    items = [_view(ctx, transactions[t]) for t in batch["transactionIds"] if t in transactions]
    return paged(ctx, items, "skipToken")


@route("addTransactionBatchTransactions")
def add_batch_transactions(ctx: Context) -> Any:
    """A transaction already in the batch stays once (a repeat changes nothing)."""
    batch = _batch(ctx)
    for transaction_id in _known_ids(ctx, ctx.json.get("transactionIds")):
        if transaction_id not in batch["transactionIds"]:
            batch["transactionIds"].append(transaction_id)
    return NO_RESULT


@route("removeTransactionFromBatch")
def remove_from_batch(ctx: Context) -> Any:
    batch = _batch(ctx)
    transaction_id = ctx.path.get("transactionId", "")
    if transaction_id not in batch["transactionIds"]:
        raise not_found("transaction")
    batch["transactionIds"].remove(transaction_id)
    return NO_RESULT
