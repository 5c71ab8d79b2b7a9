"""XM Directory: directories, contacts, mailing lists and their members (skipToken pagination), and contact
imports (JSON array or multipart JSON file) that change the stored contacts and report progress."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from ..context import NO_RESULT, Context, route
from ..envelope import invalid_parameter, not_found
from ..ids import prefix_of
from ..synth import example_result
from .common import directory_of, mailing_list_of, paged, with_example
from .generic import collection

CONTACT_FIELDS = ("firstName", "lastName", "email", "phone", "extRef", "language", "unsubscribed", "embeddedData")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _contacts(ctx: Context) -> dict[str, dict[str, Any]]:
    return ctx.brand.contacts.setdefault(directory_of(ctx), {})


def _contact(ctx: Context) -> dict[str, Any]:
    found = _contacts(ctx).get(ctx.path.get("contactId", ""))
    if found is None:
        raise not_found("contact")
    return found


def _list_view(ml: dict[str, Any]) -> dict[str, Any]:
    view = {k: v for k, v in ml.items() if k != "members"}
    view["contactCount"] = len(ml["members"])
    return view


@route("listDirectories")
def list_directories(ctx: Context) -> Any:
    items = []
    for directory_id, directory in ctx.brand.directories.items():
        count = len(ctx.brand.contacts.get(directory_id, {}))
        items.append({"id": directory_id, **directory, "contactCount": count})
    return paged(ctx, items, "skipToken")


@route("listDirectoryContacts")
def list_contacts(ctx: Context) -> Any:
    return paged(ctx, list(_contacts(ctx).values()), "skipToken")


def _new_contact(ctx: Context, fields: dict[str, Any]) -> dict[str, Any]:
    contact: dict[str, Any] = {"contactId": ctx.mock.ids.new("CID_")}
    contact.update({k: fields.get(k) for k in CONTACT_FIELDS})
    contact["embeddedData"] = contact.get("embeddedData") or {}
    contact["unsubscribed"] = bool(contact.get("unsubscribed"))
    return contact


@route("createDirectoryContact")
def create_contact(ctx: Context) -> Any:
    contact = _new_contact(ctx, ctx.json)
    _contacts(ctx)[contact["contactId"]] = contact
    return with_example(ctx, {"id": contact["contactId"]})


@route("getDirectoryContact")
def get_contact(ctx: Context) -> Any:
    return _contact(ctx)


@route("updateDirectoryContact")
def update_contact(ctx: Context) -> Any:
    contact = _contact(ctx)
    contact.update({k: v for k, v in ctx.json.items() if k in CONTACT_FIELDS})
    return NO_RESULT


@route("deleteDirectoryContact")
def delete_contact(ctx: Context) -> Any:
    contact = _contact(ctx)
    del _contacts(ctx)[contact["contactId"]]
    for ml in ctx.brand.mailing_lists.get(ctx.path["directoryId"], {}).values():
        if contact["contactId"] in ml["members"]:
            ml["members"].remove(contact["contactId"])
    return NO_RESULT


# --- mailing lists -----------------------------------------------------------------------------------------
@route("listMailingLists")
def list_mailing_lists(ctx: Context) -> Any:
    lists = ctx.brand.mailing_lists.get(directory_of(ctx), {})
    return paged(ctx, [_list_view(ml) for ml in lists.values()], "skipToken")


@route("createMailingList")
def create_mailing_list(ctx: Context) -> Any:
    directory_id = directory_of(ctx)
    list_id = ctx.mock.ids.new("CG_")
    ctx.brand.mailing_lists.setdefault(directory_id, {})[list_id] = {
        "mailingListId": list_id,
        "name": ctx.json.get("name") or "Mailing list",
        "ownerId": ctx.json.get("ownerId") or ctx.user.user_id,
        "creationDate": _now(),
        "lastModifiedDate": _now(),
        "members": [],
    }
    return with_example(ctx, {"id": list_id, "mailingListId": list_id})


@route("getMailingList")
def get_mailing_list(ctx: Context) -> Any:
    return _list_view(mailing_list_of(ctx))


@route("updateMailingList")
def update_mailing_list(ctx: Context) -> Any:
    ml = mailing_list_of(ctx)
    for key in ("name", "ownerId"):
        if key in ctx.json:
            ml[key] = ctx.json[key]
    ml["lastModifiedDate"] = _now()
    return NO_RESULT


@route("deleteMailingList")
def delete_mailing_list(ctx: Context) -> Any:
    ml = mailing_list_of(ctx)
    del ctx.brand.mailing_lists[ctx.path["directoryId"]][ml["mailingListId"]]
    return NO_RESULT


@route("listMailingListContacts")
def list_members(ctx: Context) -> Any:
    ml = mailing_list_of(ctx)
    contacts = _contacts(ctx)
    return paged(ctx, [contacts[c] for c in ml["members"] if c in contacts], "skipToken")


@route("addMailingListContact")
def add_member(ctx: Context) -> Any:
    """Adds a new contact to the directory and the list (what the reference's call does)."""
    ml = mailing_list_of(ctx)
    contact = _new_contact(ctx, ctx.json)
    _contacts(ctx)[contact["contactId"]] = contact
    ml["members"].append(contact["contactId"])
    return with_example(ctx, {"id": contact["contactId"], "contactId": contact["contactId"]})


@route("getMailingListContact")
def get_member(ctx: Context) -> Any:
    ml = mailing_list_of(ctx)
    if ctx.path["contactId"] not in ml["members"]:
        raise not_found("contact")
    return _contact(ctx)


@route("removeMailingListContact")
def remove_member(ctx: Context) -> Any:
    ml = mailing_list_of(ctx)
    if ctx.path["contactId"] not in ml["members"]:
        raise not_found("contact")
    ml["members"].remove(ctx.path["contactId"])
    return NO_RESULT


# --- contact imports ---------------------------------------------------------------------------------------
def _import_items(ctx: Context) -> list[dict[str, Any]]:
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
    return [item for item in data if isinstance(item, dict)]


def _apply_import(ctx: Context, ml: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, int]:
    """Dedupe on email (the directory's default criterion): existing contacts are updated, others added."""
    contacts = _contacts(ctx)
    by_email = {str(c.get("email")).lower(): c for c in contacts.values() if c.get("email")}
    added = updated = failed = 0
    for item in items:
        email = str(item.get("email") or "").lower()
        if not email and not item.get("phone") and not item.get("extRef"):
            failed += 1
            continue
        existing = by_email.get(email) if email else None
        if existing is not None:
            existing.update({k: v for k, v in item.items() if k in CONTACT_FIELDS})
            updated += 1
            contact = existing
        else:
            contact = _new_contact(ctx, item)
            contacts[contact["contactId"]] = contact
            if email:
                by_email[email] = contact
            added += 1
        if contact["contactId"] not in ml["members"]:
            ml["members"].append(contact["contactId"])
    return {"added": added, "updated": updated, "failed": failed}


def _start_import(ctx: Context, kind: str) -> Any:
    ml = mailing_list_of(ctx)
    counts = _apply_import(ctx, ml, _import_items(ctx))
    example = example_result(ctx.mock.spec, ctx.op)
    prefix = None
    if isinstance(example, dict):
        prefix = prefix_of(example.get("id")) or prefix_of(example.get("progressId"))
    job = ctx.mock.new_job(ctx.brand, kind, prefix or "PGR_", ml["mailingListId"])
    job.payload["contacts"] = {"count": counts}
    url = f"{ctx.base_url}{ctx.request.url.path}/{job.job_id}"
    return with_example(ctx, {"id": job.job_id, "progressId": job.job_id, "tracking": {"url": url}})


def _import_progress(ctx: Context, kind: str) -> Any:
    job = ctx.brand.jobs.get(ctx.path.get("importId", ""))
    ml = mailing_list_of(ctx)
    if job is None or job.kind != kind or job.survey_id != ml["mailingListId"]:
        raise not_found("import")
    progress = job.poll(ctx.now())
    progress.pop("fileId", None)
    if job.complete:
        progress.update(job.payload)
    return progress


@route("createContactsImport")
def contact_import(ctx: Context) -> Any:
    return _start_import(ctx, "contactImport")


@route("getContactsImportProgress")
def contact_import_progress(ctx: Context) -> Any:
    return _import_progress(ctx, "contactImport")


@route("importTransactionContacts")
def transaction_contact_import(ctx: Context) -> Any:
    return _start_import(ctx, "transactionContactImport")


@route("getTransactionContactsImportProgress")
def transaction_contact_import_progress(ctx: Context) -> Any:
    return _import_progress(ctx, "transactionContactImport")


@route("addTransactionBatchTransactions")
def add_batch_transactions(ctx: Context) -> Any:
    """Adds transaction ids to the batch's list (a repeat changes nothing). Not a create: the generic store would
    file the request body itself as a new item, which is no `Transaction`."""
    concrete = ctx.request.url.path.rstrip("/")
    items = collection(ctx, concrete)
    for transaction_id in ctx.json.get("transactionIds") or []:
        items.setdefault(transaction_id, {"transactionId": transaction_id})
    result = example_result(ctx.mock.spec, ctx.op)
    return NO_RESULT if result is None else result  # the reference answers with `meta` only
