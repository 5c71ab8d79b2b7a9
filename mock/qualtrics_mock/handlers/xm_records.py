"""The XM Directory records the mock keeps, and the shapes Qualtrics shows them in.

Contacts live in `brand.contacts[directoryId][contactId]` and mailing lists in
`brand.mailing_lists[directoryId][mailingListId]` (with `members`, the ordered contact ids, which the
distribution handlers read too, and `memberships`, each member's `contactLookupId` and list opt-out).
Dates are kept as epoch milliseconds, as Qualtrics sends them here; older records holding ISO strings are
read as well. Each view function is one answer shape of Qualtrics's XM Directory document.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..context import Context
from ..envelope import not_found
from .common import directory_of, mailing_list_of

CONTACT_FIELDS = ("firstName", "lastName", "email", "phone", "extRef", "language", "unsubscribed", "embeddedData")
BOUNCING_DOMAIN = ".invalid"  # addresses in this reserved domain bounce, so bounce lists have real members


def now_ms() -> int:
    return int(datetime.now(UTC).timestamp() * 1000)


def as_ms(value: Any) -> int | None:
    """Epoch milliseconds from a stored date (milliseconds already, or an ISO 8601 string)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return int((moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp() * 1000)
    return None


def as_iso(value: Any) -> str | None:
    ms = as_ms(value)
    return None if ms is None else datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- lookups (404 otherwise) ---------------------------------------------------------------------------
def contacts_of(ctx: Context) -> dict[str, dict[str, Any]]:
    return ctx.brand.contacts.setdefault(directory_of(ctx), {})


def contact_of(ctx: Context) -> dict[str, Any]:
    found = contacts_of(ctx).get(ctx.path.get("contactId", ""))
    if found is None:
        raise not_found("contact")
    return stamped(found)


def lists_of(ctx: Context) -> dict[str, dict[str, Any]]:
    return ctx.brand.mailing_lists.setdefault(directory_of(ctx), {})


def member_of(ctx: Context) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(mailing list, contact, membership) of the path; 404 unless the contact is on the list."""
    ml = mailing_list_of(ctx)
    contact_id = ctx.path.get("contactId", "")
    if contact_id not in ml["members"]:
        raise not_found("contact")
    contact = contacts_of(ctx).get(contact_id)
    if contact is None:
        raise not_found("contact")
    return ml, stamped(contact), membership(ctx, ml, contact_id)


def stamped(contact: dict[str, Any]) -> dict[str, Any]:
    """The contact with its creation and modification dates set (seeded contacts get them on first use)."""
    if as_ms(contact.get("creationDate")) is None:
        contact["creationDate"] = now_ms()
    if as_ms(contact.get("lastModified")) is None:
        contact["lastModified"] = contact["creationDate"]
    return contact


def membership(ctx: Context, ml: dict[str, Any], contact_id: str) -> dict[str, Any]:
    """The member's record in the list: its `contactLookupId` (`CGC_`) and the list's own opt-out."""
    memberships: dict[str, dict[str, Any]] = ml.setdefault("memberships", {})
    found = memberships.get(contact_id)
    if found is None:
        found = {"contactLookupId": ctx.mock.ids.new("CGC_"), "unsubscribed": False, "unsubscribeDate": None}
        memberships[contact_id] = found
    return found


def list_ids_with(ctx: Context, contact_id: str) -> set[str]:
    return {list_id for list_id, ml in lists_of(ctx).items() if contact_id in ml["members"]}


def new_contact(ctx: Context, fields: dict[str, Any]) -> dict[str, Any]:
    contact: dict[str, Any] = {"contactId": ctx.mock.ids.new("CID_")}
    contact.update({k: fields.get(k) for k in CONTACT_FIELDS})
    contact["embeddedData"] = dict(contact.get("embeddedData") or {})
    contact["unsubscribed"] = bool(contact.get("unsubscribed"))
    contact["creationDate"] = contact["lastModified"] = now_ms()
    contact["directoryUnsubscribeDate"] = contact["creationDate"] if contact["unsubscribed"] else None
    return contact


def update_contact(contact: dict[str, Any], fields: dict[str, Any]) -> None:
    """Apply the given fields (embedded data merges), keeping the opt-out date in step with the opt-out."""
    was_unsubscribed = bool(contact.get("unsubscribed"))
    for key in CONTACT_FIELDS:
        if key not in fields:
            continue
        if key == "embeddedData" and isinstance(fields[key], dict):
            contact["embeddedData"] = {**(contact.get("embeddedData") or {}), **fields[key]}
        else:
            contact[key] = fields[key]
    contact["unsubscribed"] = bool(contact.get("unsubscribed"))
    stamped(contact)["lastModified"] = now_ms()
    if contact["unsubscribed"] and not was_unsubscribed:
        contact["directoryUnsubscribeDate"] = contact["lastModified"]
    elif not contact["unsubscribed"]:
        contact["directoryUnsubscribeDate"] = None


def bounces(contact: dict[str, Any]) -> bool:
    email = str(contact.get("email") or "")
    return bool(email) and ("@" not in email or email.lower().endswith(BOUNCING_DOMAIN))


# --- the answers' shapes -------------------------------------------------------------------------------
def _embedded(contact: dict[str, Any]) -> dict[str, str]:
    return {str(k): "" if v is None else str(v) for k, v in (contact.get("embeddedData") or {}).items()}


def _stats(contact: dict[str, Any]) -> dict[str, str]:
    return {str(k): str(v) for k, v in (contact.get("stats") or {}).items()}


def directory_view(directory_id: str, directory: dict[str, Any], count: int) -> dict[str, Any]:
    view = {k: v for k, v in directory.items() if k not in ("directoryId", "id")}
    return {"directoryId": directory_id, **view, "contactCount": count}


def list_item(contact: dict[str, Any]) -> dict[str, Any]:
    """A `listDirectoryContacts` element: the standard fields only."""
    keys = ("contactId", "firstName", "lastName", "email", "phone", "extRef", "language")
    return {**{k: contact.get(k) for k in keys}, "unsubscribed": bool(contact.get("unsubscribed"))}


def detail(ctx: Context, contact: dict[str, Any], *, segments: bool) -> dict[str, Any]:
    """A `getDirectoryContact` result, with the contact's mailing lists keyed by list id."""
    email = str(contact.get("email") or "")
    lists: dict[str, Any] = {}
    for list_id, ml in lists_of(ctx).items():
        if contact["contactId"] in ml["members"]:
            member = membership(ctx, ml, contact["contactId"])
            lists[list_id] = {
                "contactLookupId": member["contactLookupId"],
                "name": ml.get("name"),
                "unsubscribed": bool(member["unsubscribed"]),
                "unsubscribeDate": member["unsubscribeDate"],
                "ownerId": ml.get("ownerId"),
            }
    view: dict[str, Any] = {
        "contactId": contact["contactId"],
        "creationDate": as_ms(contact.get("creationDate")),
        "lastModified": as_ms(contact.get("lastModified")),
        **{k: contact.get(k) for k in ("firstName", "lastName", "email")},
        "emailDomain": email.rpartition("@")[2] if "@" in email else None,
        **{k: contact.get(k) for k in ("phone", "extRef", "language")},
        "embeddedData": _embedded(contact),
        "skipped": None,
        "directoryUnsubscribed": bool(contact.get("unsubscribed")),
        "directoryUnsubscribeDate": as_ms(contact.get("directoryUnsubscribeDate")),
        "stats": _stats(contact),
        "mailingListMembership": lists,
    }
    if segments:
        view["segmentMembership"] = {}
    return view


def search_hit(contact: dict[str, Any], *, embedded: bool, segments: bool) -> dict[str, Any]:
    """A `searchDirectoryContacts` element, which spells several fields its own way."""
    hit: dict[str, Any] = {
        "id": contact["contactId"],
        "creationDate": as_iso(contact.get("creationDate")),
        "lastModified": as_iso(contact.get("lastModified")),
        "firstName": contact.get("firstName"),
        "lastName": contact.get("lastName"),
        "email": contact.get("email"),
        "phoneNumber": contact.get("phone"),
        "externalDataReference": contact.get("extRef"),
        "language": contact.get("language"),
        "unsubscribed": bool(contact.get("unsubscribed")),
        "unsubscribeDate": as_iso(contact.get("directoryUnsubscribeDate")),
        "stats": _stats(contact),
    }
    if embedded:
        hit["embeddedData"] = _embedded(contact)
    if segments:
        hit["segmentMembership"] = {}
    return hit


def opted_out(contact: dict[str, Any], *, unsubscribed: bool, since: Any) -> dict[str, Any]:
    keys = ("contactId", "firstName", "lastName", "email", "phone", "extRef", "language")
    return {
        **{k: contact.get(k) for k in keys},
        "directoryUnsubscribed": unsubscribed,
        "directoryUnsubscribeDate": as_iso(since),
    }


def list_member(contact: dict[str, Any], member: dict[str, Any], *, embedded: bool) -> dict[str, Any]:
    """A `listMailingListContacts` element."""
    view = {
        **list_item(contact),
        "contactLookupId": member["contactLookupId"],
        "mailingListUnsubscribed": bool(member["unsubscribed"]),
    }
    if embedded:
        view["embeddedData"] = _embedded(contact)
    return view


def member_detail(contact: dict[str, Any], member: dict[str, Any]) -> dict[str, Any]:
    """A `getMailingListContact` result."""
    email = str(contact.get("email") or "")
    return {
        "contactId": contact["contactId"],
        "contactLookupId": member["contactLookupId"],
        "creationDate": as_ms(contact.get("creationDate")),
        "lastModified": as_ms(contact.get("lastModified")),
        **{k: contact.get(k) for k in ("firstName", "lastName", "email")},
        "emailDomain": email.rpartition("@")[2] if "@" in email else None,
        **{k: contact.get(k) for k in ("phone", "extRef", "language")},
        "embeddedData": _embedded(contact),
        "privateEmbeddedData": {str(k): str(v) for k, v in (member.get("privateEmbeddedData") or {}).items()},
        "directoryUnsubscribed": bool(contact.get("unsubscribed")),
        "directoryUnsubscribeDate": as_iso(contact.get("directoryUnsubscribeDate")),
        "mailingListUnsubscribed": bool(member["unsubscribed"]),
        "mailingListUnsubscribeDate": member["unsubscribeDate"],
        "stats": _stats(contact),
    }
