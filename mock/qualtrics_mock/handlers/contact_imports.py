"""Contact imports into a mailing list, as jobs that really change the directory: plain contact imports (a JSON
array or an uploaded JSON file) and imports of contacts with transactions, whose transactions land in the
named batch. Contacts are deduplicated on email (the seeded directories' setting): a match updates the
existing contact, others are added; the job reports the counts once complete, and the summary adds the
malformed emails."""

from __future__ import annotations

import json
import re
from typing import Any

from ..context import Context, route
from ..envelope import invalid_parameter, not_found
from ..jobs import Job
from . import transactions, xm_records
from .common import mailing_list_of
from .xm_records import contacts_of, membership

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _import_items(ctx: Context) -> list[Any]:
    upload = ctx.body.files.get("file")
    if upload is not None:
        try:
            data = json.loads(upload.data)
        except ValueError:
            # The upload is binary as far as the spec says: an unreadable file imports nothing and counts as
            # one failure in the job's progress, rather than an answer the spec does not foresee.
            return [{}]
    else:
        data = ctx.json.get("contacts", ctx.body.json)
    if isinstance(data, dict):
        data = data.get("contacts")
    if not isinstance(data, list):
        raise invalid_parameter("contacts")
    return data


def _unprocessable(item: Any, fields: set[str] | None) -> bool:
    """What Qualtrics counts in `contacts.unprocessed`: no object, nulls, or transaction and embedded data that
    do not keep to `transactionMeta.fields`."""
    if not isinstance(item, dict) or any(v is None for v in item.values()):
        return True
    embedded, data = item.get("embeddedData", {}), item.get("transactionData")
    if not isinstance(embedded, dict) or (data is not None and not isinstance(data, dict)):
        return True
    if data is not None and (fields is None or not set(data) <= fields or not set(data) & fields):
        return True
    return fields is not None and bool(set(embedded) & fields)


def _upsert(ctx: Context, ml: dict[str, Any], item: dict[str, Any], by_email: dict[str, Any]) -> tuple[Any, str]:
    """(contact, 'added' or 'updated')."""
    email = str(item.get("email") or "").lower()
    existing = by_email.get(email) if email else None
    if existing is not None:
        xm_records.update_contact(existing, item)
        contact, outcome = existing, "updated"
    else:
        contact = xm_records.new_contact(ctx, item)
        contacts_of(ctx)[contact["contactId"]] = contact
        if email:
            by_email[email] = contact
        outcome = "added"
    if contact["contactId"] not in ml["members"]:
        ml["members"].append(contact["contactId"])
    membership(ctx, ml, contact["contactId"])
    return contact, outcome


def _run(ctx: Context, kind: str) -> dict[str, Any]:
    ml = mailing_list_of(ctx)
    items = _import_items(ctx)
    meta = ctx.json.get("transactionMeta") if kind == "transactionContactImport" else None
    fields = set(meta.get("fields") or []) if isinstance(meta, dict) else None
    batch_id = meta.get("batchId") if isinstance(meta, dict) else None
    directory_id = ctx.path["directoryId"]
    # Qualtrics's document: an import into a batch that does not exist completes with nothing imported.
    batch_ok = kind != "transactionContactImport" or (
        isinstance(batch_id, str) and transactions.batch_exists(ctx, directory_id, batch_id)
    )
    by_email = {str(c.get("email")).lower(): c for c in contacts_of(ctx).values() if c.get("email")}
    counts = {"added": 0, "updated": 0, "failed": 0}
    created, unprocessed, invalid = 0, [], []
    for index, item in enumerate(items):
        if isinstance(item, dict) and item.get("email") and not EMAIL.match(str(item["email"])):
            invalid.append(str(item["email"]))
        if _unprocessable(item, fields) or not (item.get("email") or item.get("phone") or item.get("extRef")):
            counts["failed"] += 1
            unprocessed.append(index)
            continue
        if not batch_ok:
            continue
        contact, change = _upsert(ctx, ml, item, by_email)
        counts[change] += 1
        if isinstance(item.get("transactionData"), dict) and isinstance(batch_id, str):
            transactions.record(
                ctx, directory_id, batch_id, contact["contactId"], ml["mailingListId"], item["transactionData"]
            )
            created += 1
    outcome: dict[str, Any] = {"contacts": {"count": counts}, "invalidEmails": invalid, "unprocessed": unprocessed}
    if kind == "transactionContactImport":
        outcome["transactions"] = {"count": {"created": created}}
    return outcome


def _start(ctx: Context, kind: str) -> dict[str, Any]:
    outcome = _run(ctx, kind)
    ml = mailing_list_of(ctx)
    job = ctx.mock.new_job(ctx.brand, kind, "PGR_", ml["mailingListId"])
    job.payload.update(outcome)
    url = f"{ctx.base_url}{ctx.request.url.path.rstrip('/')}/{job.job_id}"
    started: dict[str, Any] = {
        "id": job.job_id,
        "contacts": {"unprocessed": outcome["unprocessed"]},
        "tracking": {"url": url},
        "status": "inProgress",
    }
    if kind == "contactImport":
        started.update(progressId=job.job_id, percentComplete=0.0)
    return started


def _job(ctx: Context, kind: str) -> Job:
    ml = mailing_list_of(ctx)
    job = ctx.brand.jobs.get(ctx.path.get("importId", ""))
    if job is None or job.kind != kind or job.survey_id != ml["mailingListId"]:
        raise not_found("import")
    return job


def _progress(job: Job, ctx: Context, *, summary: bool) -> dict[str, Any]:
    progress = job.poll(ctx.now())
    progress.pop("fileId", None)
    if job.complete:
        keys = ("contacts", "transactions", "invalidEmails") if summary else ("contacts", "transactions")
        progress.update({k: job.payload[k] for k in keys if k in job.payload})
    return progress


@route("createContactsImport")
def contact_import(ctx: Context) -> Any:
    return _start(ctx, "contactImport")


@route("getContactsImportProgress")
def contact_import_progress(ctx: Context) -> Any:
    return _progress(_job(ctx, "contactImport"), ctx, summary=False)


@route("importTransactionContacts")
def transaction_contact_import(ctx: Context) -> Any:
    return _start(ctx, "transactionContactImport")


@route("getTransactionContactsImportProgress")
def transaction_contact_import_progress(ctx: Context) -> Any:
    return _progress(_job(ctx, "transactionContactImport"), ctx, summary=False)


@route("getTransactionContactsImportSummary")
def transaction_contact_import_summary(ctx: Context) -> Any:
    """The summary reads the job without advancing it: once complete, the counts and the malformed emails."""
    job = _job(ctx, "transactionContactImport")
    if not job.complete:
        return {"percentComplete": job.percent(ctx.now()), "status": "inProgress"}
    return {
        "percentComplete": 100.0,
        "status": "complete",
        **{k: job.payload[k] for k in ("contacts", "transactions", "invalidEmails")},
    }
