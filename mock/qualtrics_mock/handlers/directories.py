"""XM Directory: directories and directory contacts (list, create, get, update, delete), contact search with
real filtering and its bare `skipToken` cursor, opted-out contacts, and each contact's history."""

from __future__ import annotations

from typing import Any

from ..context import NO_RESULT, Context, route
from ..envelope import ApiError, invalid_parameter
from ..pagination import decode_token, encode_token
from . import xm_history, xm_records
from .common import directory_of, paged
from .contact_filters import compile_filter, parse_when
from .xm_records import contact_of, contacts_of, list_ids_with, lists_of

SEARCH_DEPTH = 10_000  # Qualtrics refuses to page a search past its first 10,000 contacts


def _flag(ctx: Context, name: str) -> bool:
    return ctx.query.get(name) is True or str(ctx.query.get(name)).lower() == "true"


def since_ms(ctx: Context) -> int | None:
    """The `since` query parameter as epoch milliseconds (the spec has checked its format)."""
    raw = ctx.query.get("since")
    if raw in (None, ""):
        return None
    parsed = parse_when(raw)
    if parsed is None:
        raise invalid_parameter("since")
    return int(parsed[0].timestamp() * 1000)


@route("listDirectories")
def list_directories(ctx: Context) -> Any:
    items = [
        xm_records.directory_view(directory_id, directory, len(ctx.brand.contacts.get(directory_id, {})))
        for directory_id, directory in ctx.brand.directories.items()
    ]
    return paged(ctx, items, "skipToken")


@route("listDirectoryContacts")
def list_contacts(ctx: Context) -> Any:
    # `useNewPaginationScheme` only chooses Qualtrics's cursor format; this mock's cursor is always the string one.
    return paged(ctx, [xm_records.list_item(c) for c in contacts_of(ctx).values()], "skipToken")


@route("createDirectoryContact")
def create_contact(ctx: Context) -> Any:
    contact = xm_records.new_contact(ctx, ctx.json)
    contacts_of(ctx)[contact["contactId"]] = contact
    return {"id": contact["contactId"]}


@route("getDirectoryContact")
def get_contact(ctx: Context) -> Any:
    return xm_records.detail(ctx, contact_of(ctx), segments=_flag(ctx, "includeSegments"))


@route("updateDirectoryContact")
def update_contact(ctx: Context) -> Any:
    xm_records.update_contact(contact_of(ctx), ctx.json)
    return NO_RESULT


@route("deleteDirectoryContact")
def delete_contact(ctx: Context) -> Any:
    contact = contact_of(ctx)
    del contacts_of(ctx)[contact["contactId"]]
    for ml in lists_of(ctx).values():
        if contact["contactId"] in ml["members"]:
            ml["members"].remove(contact["contactId"])
            ml.get("memberships", {}).pop(contact["contactId"], None)
    return NO_RESULT


@route("searchDirectoryContacts")
def search_contacts(ctx: Context) -> Any:
    """Matches in directory order; a full page carries `skipToken` (so the page after the last full one is
    empty, as Qualtrics's document says), a shorter page none."""
    directory_of(ctx)
    matches = compile_filter(ctx.json.get("filter"))
    asked = ctx.query.get("pageSize")
    size = asked if isinstance(asked, int) else ctx.mock.page_size
    raw_token = ctx.query.get("skipToken")
    start = decode_token(str(raw_token)) if raw_token else 0
    if start is None:
        return {"elements": []}  # a cursor the mock never issued ends the search, as the lists do
    if start >= SEARCH_DEPTH:
        raise ApiError(400, "Invalid request. Search results cannot be paged past the first 10000 contacts.")
    found = [
        contact
        for contact in map(xm_records.stamped, contacts_of(ctx).values())
        if matches(contact, list_ids_with(ctx, contact["contactId"]))
    ]
    chunk = found[start : start + size]
    embedded, segments = _flag(ctx, "includeEmbedded"), _flag(ctx, "includeSegments")
    result: dict[str, Any] = {
        "elements": [xm_records.search_hit(c, embedded=embedded, segments=segments) for c in chunk]
    }
    if len(chunk) == size:
        result["skipToken"] = encode_token(start + size)
    return result


@route("listDirectoryOptedOutContacts")
def list_opted_out(ctx: Context) -> Any:
    since = since_ms(ctx)
    items = []
    for contact in contacts_of(ctx).values():
        when = xm_records.as_ms(contact.get("directoryUnsubscribeDate"))
        if not contact.get("unsubscribed") or (since is not None and (when is None or when < since)):
            continue
        items.append(xm_records.opted_out(contact, unsubscribed=True, since=when))
    return paged(ctx, items, "skipToken")


@route("getDirectoryContactHistory")
def contact_history(ctx: Context) -> Any:
    contact = contact_of(ctx)
    kind = str(ctx.query.get("type") or "")
    if kind not in ("email", "response"):
        raise invalid_parameter("type")
    return paged(ctx, xm_history.for_directory(ctx, contact, kind, list_ids_with(ctx, contact["contactId"])))
