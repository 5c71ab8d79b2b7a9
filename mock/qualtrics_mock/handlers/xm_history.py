"""A contact's history, derived from what the mock really holds: the email distributions sent to the contact
(directly or through a mailing list it is on) and the responses recorded for it (matched on the contact's id,
email or external reference, as Qualtrics ties a response to a contact). Newest first.
"""

from __future__ import annotations

from typing import Any

from ..context import Context
from .xm_records import as_iso, bounces

EMAIL_TYPES = ("Invite", "Reminder", "ThankYou", "GeneratedInvite")


def _sent_to(dist: dict[str, Any], contact_id: str, list_ids: set[str]) -> bool:
    recipients = dist.get("recipients") or {}
    return recipients.get("contactId") == contact_id or recipients.get("mailingListId") in list_ids


def _survey_of(dist: dict[str, Any]) -> Any:
    return dist.get("surveyId") or (dist.get("surveyLink") or {}).get("surveyId")


def emails(ctx: Context, contact: dict[str, Any], list_ids: set[str]) -> list[dict[str, Any]]:
    """One entry per email distribution the contact received; an address that bounces reports a hard bounce."""
    bounced = bounces(contact)
    entries = []
    for dist in ctx.brand.distributions.values():
        if dist.get("requestType", "Invite") not in EMAIL_TYPES or not _sent_to(dist, contact["contactId"], list_ids):
            continue
        entries.append(
            {
                "distributionId": dist.get("id"),
                "date": as_iso(dist.get("sendDate")),
                "type": dist.get("requestType", "Invite"),
                "result": "HardBounce" if bounced else "Success",
                "bounceInfo": (
                    {"type": "hard", "statusCode": "550", "reason": "Mailbox does not exist", "blacklisted": False}
                    if bounced
                    else None
                ),
                "surveyId": _survey_of(dist),
                "read": False,
            }
        )
    return sorted(entries, key=lambda e: str(e["date"] or ""), reverse=True)


def _is_contacts(values: dict[str, Any], contact: dict[str, Any]) -> bool:
    email = str(contact.get("email") or "").lower()
    ext_ref = contact.get("extRef")
    return (
        values.get("contactId") == contact["contactId"]
        or (bool(email) and str(values.get("recipientEmail") or "").lower() == email)
        or (bool(ext_ref) and values.get("externalDataReference") == ext_ref)
    )


def responses(ctx: Context, contact: dict[str, Any]) -> list[dict[str, Any]]:
    entries = []
    for survey_id, by_id in ctx.brand.responses.items():
        for response_id, response in by_id.items():
            values = response.get("values") or {}
            if not _is_contacts(values, contact):
                continue
            entries.append(
                {
                    "responseId": response_id,
                    "distributionId": values.get("distributionId"),
                    "dateStarted": values.get("startDate"),
                    "dateCompleted": values.get("endDate"),
                    "surveyFinished": str(values.get("finished")) in ("1", "True", "true"),
                    "surveyId": survey_id,
                }
            )
    return sorted(entries, key=lambda e: str(e["dateStarted"] or ""), reverse=True)


def for_directory(ctx: Context, contact: dict[str, Any], kind: str, list_ids: set[str]) -> list[dict[str, Any]]:
    return emails(ctx, contact, list_ids) if kind == "email" else responses(ctx, contact)


def for_mailing_list(ctx: Context, contact: dict[str, Any], kind: str, list_id: str, lookup_id: str) -> list[Any]:
    """The same events in the mailing-list shape: only this list's distributions, with the member's lookup id."""
    if kind == "email":
        return [{**entry, "lookupId": lookup_id} for entry in emails(ctx, contact, {list_id})]
    return [
        {
            "distributionId": entry["distributionId"],
            "surveyId": entry["surveyId"],
            "lookupId": lookup_id,
            "responseId": entry["responseId"],
            "surveyStartedDate": entry["dateStarted"],
            "surveyCompletedDate": entry["dateCompleted"],
            "surveyFinished": entry["surveyFinished"],
        }
        for entry in responses(ctx, contact)
    ]
