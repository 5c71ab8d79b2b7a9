"""XM Directory mailing lists and their members: lists (dates in epoch milliseconds, as Qualtrics sends them),
members with their `contactLookupId` and the list's own opt-out, members' history, and the opted-out and
bounced members of a list."""

from __future__ import annotations

from typing import Any

from ..context import NO_RESULT, Context, route
from ..envelope import invalid_parameter
from ..pagination import page
from ..spec import normalise_path
from . import xm_history, xm_records
from .common import directory_of, mailing_list_of, paged
from .directories import since_ms
from .xm_records import contacts_of, lists_of, member_of, membership

MEMBER_PAGE_CAP = 50  # Qualtrics's largest page of mailing-list contacts


def _view(ml: dict[str, Any]) -> dict[str, Any]:
    return {
        "mailingListId": ml["mailingListId"],
        "name": ml.get("name"),
        "contactCount": len(ml["members"]),
        "ownerId": ml.get("ownerId"),
        "creationDate": xm_records.as_ms(ml.get("creationDate")),
        "lastModifiedDate": xm_records.as_ms(ml.get("lastModifiedDate")),
    }


@route("listMailingLists")
def list_mailing_lists(ctx: Context) -> Any:
    return paged(ctx, [_view(ml) for ml in lists_of(ctx).values()], "skipToken")


@route("createMailingList")
def create_mailing_list(ctx: Context) -> Any:
    directory_id = directory_of(ctx)
    list_id = ctx.mock.ids.new("CG_")
    now = xm_records.now_ms()
    ctx.brand.mailing_lists.setdefault(directory_id, {})[list_id] = {
        "mailingListId": list_id,
        "name": ctx.json.get("name") or "Mailing list",
        "ownerId": ctx.json.get("ownerId") or ctx.user.user_id,
        "creationDate": now,
        "lastModifiedDate": now,
        "members": [],
        "memberships": {},
    }
    return {"id": list_id}


@route("getMailingList")
def get_mailing_list(ctx: Context) -> Any:
    return _view(mailing_list_of(ctx))


@route("updateMailingList")
def update_mailing_list(ctx: Context) -> Any:
    ml = mailing_list_of(ctx)
    for key in ("name", "ownerId", "category"):
        if key in ctx.json:
            ml[key] = ctx.json[key]
    ml["lastModifiedDate"] = xm_records.now_ms()
    return NO_RESULT


@route("deleteMailingList")
def delete_mailing_list(ctx: Context) -> Any:
    ml = mailing_list_of(ctx)
    del lists_of(ctx)[ml["mailingListId"]]
    return NO_RESULT


@route("listMailingListContacts")
def list_members(ctx: Context) -> Any:
    ml = mailing_list_of(ctx)
    contacts = contacts_of(ctx)
    embedded = ctx.query.get("includeEmbedded") is True
    items = [
        xm_records.list_member(contacts[c], membership(ctx, ml, c), embedded=embedded)
        for c in ml["members"]
        if c in contacts
    ]
    asked = ctx.query.get("pageSize")
    size = asked if isinstance(asked, int) else ctx.mock.page_size
    return page(
        items,
        base_url=ctx.base_url,
        path=normalise_path(ctx.request.url.path),
        query=ctx.query,
        style="skipToken",
        cursor_param="skipToken",
        page_size=min(size, MEMBER_PAGE_CAP),
    )


@route("addMailingListContact")
def add_member(ctx: Context) -> Any:
    """Adds the contact to the directory and the list; with email deduplication on (the seeded directories'
    setting), an address already in the directory updates that contact instead of adding another."""
    ml = mailing_list_of(ctx)
    contacts = contacts_of(ctx)
    email = str(ctx.json.get("email") or "").lower()
    dedupe = (ctx.brand.directories[ctx.path["directoryId"]].get("deduplicationCriteria") or {}).get("email")
    existing = next((c for c in contacts.values() if email and str(c.get("email") or "").lower() == email), None)
    if dedupe and existing is not None:
        xm_records.update_contact(existing, ctx.json)
        contact = existing
    else:
        contact = xm_records.new_contact(ctx, ctx.json)
        contacts[contact["contactId"]] = contact
    if contact["contactId"] not in ml["members"]:
        ml["members"].append(contact["contactId"])
    member = membership(ctx, ml, contact["contactId"])
    if isinstance(ctx.json.get("privateEmbeddedData"), dict):
        member["privateEmbeddedData"] = dict(ctx.json["privateEmbeddedData"])
    return {"id": contact["contactId"], "contactLookupId": member["contactLookupId"]}


@route("getMailingListContact")
def get_member(ctx: Context) -> Any:
    _, contact, member = member_of(ctx)
    return xm_records.member_detail(contact, member)


@route("updateMailingListContact")
def update_member(ctx: Context) -> Any:
    """Contact fields change the directory contact; `unsubscribed` here is the member's opt-out of this list."""
    _, contact, member = member_of(ctx)
    fields = {k: v for k, v in ctx.json.items() if k != "unsubscribed"}
    xm_records.update_contact(contact, fields)
    if "unsubscribed" in ctx.json:
        wanted = bool(ctx.json["unsubscribed"])
        if wanted and not member["unsubscribed"]:
            member["unsubscribeDate"] = xm_records.now_ms()
        member["unsubscribed"] = wanted
        if not wanted:
            member["unsubscribeDate"] = None
    if isinstance(ctx.json.get("privateEmbeddedData"), dict):
        member["privateEmbeddedData"] = {**member.get("privateEmbeddedData", {}), **ctx.json["privateEmbeddedData"]}
    return NO_RESULT


@route("removeMailingListContact")
def remove_member(ctx: Context) -> Any:
    ml, contact, _ = member_of(ctx)
    ml["members"].remove(contact["contactId"])
    ml.get("memberships", {}).pop(contact["contactId"], None)
    return NO_RESULT


@route("getMailingListContactHistory")
def member_history(ctx: Context) -> Any:
    ml, contact, member = member_of(ctx)
    kind = str(ctx.query.get("type") or "")
    if kind not in ("email", "response"):
        raise invalid_parameter("type")
    entries = xm_history.for_mailing_list(ctx, contact, kind, ml["mailingListId"], member["contactLookupId"])
    return paged(ctx, entries, "skipToken")


@route("listMailingListOptedOutContacts")
def list_opted_out_members(ctx: Context) -> Any:
    """Members who opted out of this list or of the whole directory (`since` against the later opt-out)."""
    ml = mailing_list_of(ctx)
    since = since_ms(ctx)
    contacts = contacts_of(ctx)
    items = []
    for contact_id in ml["members"]:
        contact = contacts.get(contact_id)
        if contact is None:
            continue
        member = membership(ctx, ml, contact_id)
        dates = []
        if member["unsubscribed"]:
            dates.append(xm_records.as_ms(member["unsubscribeDate"]))
        if contact.get("unsubscribed"):
            dates.append(xm_records.as_ms(contact.get("directoryUnsubscribeDate")))
        if not dates or (since is not None and max((d or 0) for d in dates) < since):
            continue
        unsubscribed = bool(contact.get("unsubscribed"))
        when = contact.get("directoryUnsubscribeDate") if unsubscribed else None
        items.append(xm_records.opted_out(contact, unsubscribed=unsubscribed, since=when))
    return paged(ctx, items, "skipToken")


@route("listMailingListBouncedContacts")
def list_bounced_members(ctx: Context) -> Any:
    """Members an email distribution to whom bounced (the mock's bouncing addresses are in `.invalid`)."""
    ml = mailing_list_of(ctx)
    since = since_ms(ctx)
    contacts = contacts_of(ctx)
    items = []
    for contact_id in ml["members"]:
        contact = contacts.get(contact_id)
        if contact is None or not xm_records.bounces(contact):
            continue
        bounced_at = [
            xm_records.as_ms(e["date"])
            for e in xm_history.emails(ctx, contact, {ml["mailingListId"]})
            if e["result"] == "HardBounce"
        ]
        known = [b for b in bounced_at if b is not None]
        if not known or (since is not None and max(known) < since):
            continue
        unsubscribed = bool(contact.get("unsubscribed"))
        items.append(
            xm_records.opted_out(contact, unsubscribed=unsubscribed, since=contact.get("directoryUnsubscribeDate"))
        )
    return paged(ctx, items, "skipToken")
