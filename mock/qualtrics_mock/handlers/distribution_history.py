"""What happened to each recipient of a distribution, kept beside the distribution record.

A send makes one entry per member of the mailing list (or the one contact named): `Pending` until its send
date, then `Success`. A reminder goes to the invitation's recipients who have not finished, a thank-you to those
who have. A survey session whose embedded data names the distribution and the contact (`distributionId`,
`contactId`, as a personal link carries them) moves that recipient's entry to `SurveyStarted`, and to
`SurveyFinished` once the session records its response. Seeded distributions replay their seeded delivery
counts, so stats and history agree.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ..state import Brand
from ..surveydef import parse_iso

MILLIS = "%Y-%m-%dT%H:%M:%S.000Z"


def stamp(text: str | None, seconds: int = 0) -> str | None:
    """A Qualtrics history time (milliseconds, `Z`) some seconds after an ISO time."""
    if not text:
        return None
    return (parse_iso(text) + timedelta(seconds=seconds)).strftime(MILLIS)


def recipients_of(brand: Brand, dist: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(contact id, contact) of everyone the distribution went to, in list order."""
    recipients = dist.get("recipients") or {}
    list_id, contact_id = recipients.get("mailingListId"), recipients.get("contactId")
    found: list[tuple[str, dict[str, Any]]] = []
    for directory_id, lists in brand.mailing_lists.items():
        contacts = brand.contacts.get(directory_id, {})
        if list_id in lists:
            members = [contact_id] if contact_id else list(lists[list_id]["members"])
            found += [(cid, contacts[cid]) for cid in members if cid in contacts]
        elif contact_id in contacts and not list_id:
            found.append((contact_id, contacts[contact_id]))
    return found


def lookup_id(dist: dict[str, Any], contact_id: str) -> str:
    """A stable mailing-list member id (`CGC_` and 15 characters) for a contact of this distribution."""
    digest = "".join(ch for ch in (dist["id"][4:] + contact_id[4:])[::-1] if ch.isalnum())
    return "CGC_" + (digest * 2)[:15]


def survey_link(datacenter: str, dist: dict[str, Any], contact_id: str, channel: str = "email") -> str | None:
    """The recipient's personal link; none for a plain email that links no survey."""
    survey_id = dist["surveyLink"]["surveyId"]
    if not survey_id:
        return None
    return (
        f"https://{datacenter}.qualtrics.com/jfe/form/{survey_id}?Q_CHL={channel}"
        f"&Q_DL={dist['id']}_{survey_id[3:]}_{lookup_id(dist, contact_id)}"
    )


def _is_due(dist: dict[str, Any]) -> bool:
    send_date = dist.get("sendDate")
    try:
        return not send_date or parse_iso(str(send_date)) <= datetime.now(UTC)
    except ValueError:
        return True  # a send date the mock cannot read is taken as now


def _deliver_due(dist: dict[str, Any], entries: dict[str, dict[str, Any]]) -> None:
    """A scheduled send goes out once its send date has passed: its pending entries become sent."""
    if not _is_due(dist):
        return
    for index, entry in enumerate(entries.values()):
        if entry["status"] == "Pending":
            entry.update(status="Success", sentAt=stamp(dist.get("sendDate"), index % 60))


def history(brand: Brand, dist: dict[str, Any], only: set[str] | None = None) -> dict[str, dict[str, Any]]:
    """The distribution's entries by contact id, made at first use from its recipients (those in `only`, where
    given: a reminder goes to who has not finished, a thank-you to who has) and its seeded counts."""
    entries: dict[str, dict[str, Any]] | None = dist.get("history")
    if entries is not None:
        _deliver_due(dist, entries)
        return entries
    entries = {}
    seeded = dist.get("stats") or {}  # a seeded distribution carries the counts it replays
    recipients = [(cid, c) for cid, c in recipients_of(brand, dist) if only is None or cid in only]
    for index, (contact_id, _contact) in enumerate(recipients):
        entry = {
            "contactId": contact_id,
            "contactLookupId": lookup_id(dist, contact_id),
            "distributionId": dist["id"],
            "status": "Pending",
            "surveyLink": survey_link(brand.datacenter, dist, contact_id),
            "contactFrequencyRuleId": None,
            "responseId": None,
            "responseCompletedAt": None,
            "sentAt": None,
            "openedAt": None,
            "responseStartedAt": None,
            "surveySessionId": None,
        }
        if index < int(seeded.get("opened") or 0):
            entry.update(status="Opened", openedAt=stamp(dist.get("sendDate"), 600 + index))
        if index < int(seeded.get("started") or 0):
            entry.update(status="SurveyStarted", responseStartedAt=stamp(dist.get("sendDate"), 660 + index))
        if index < int(seeded.get("finished") or 0):
            entry.update(status="SurveyFinished", responseCompletedAt=stamp(dist.get("sendDate"), 900 + index))
        if entry["status"] != "Pending":
            entry["sentAt"] = stamp(dist.get("sendDate"), index % 60)
        entries[contact_id] = entry
    dist["history"] = entries
    _deliver_due(dist, entries)
    return entries


def follow_sessions(brand: Brand, dist: dict[str, Any]) -> None:
    """Move entries along for the sessions that name this distribution and one of its contacts."""
    entries = history(brand, dist)
    for session_id, session in brand.sessions.items():
        data = session.get("embeddedData") or {}
        entry = entries.get(str(data.get("contactId")))
        if data.get("distributionId") != dist["id"] or entry is None:
            continue
        started = session["started"].strftime(MILLIS)
        entry.update(status="SurveyStarted", surveySessionId=session_id, responseStartedAt=started)
        entry["openedAt"] = entry["openedAt"] or started
        if session.get("finished"):
            response = brand.responses.get(session["surveyId"], {}).get(str(session.get("responseId")), {})
            ended = (response.get("values") or {}).get("endDate")
            entry.update(
                status="SurveyFinished",
                responseId=session.get("responseId"),
                responseCompletedAt=stamp(ended) if ended else started,
            )


def stats(brand: Brand, dist: dict[str, Any]) -> dict[str, int]:
    """Delivery counts as the history says them."""
    follow_sessions(brand, dist)
    entries = list(history(brand, dist).values())
    return {
        "sent": sum(1 for e in entries if e["sentAt"]),
        "failed": 0,
        "started": sum(1 for e in entries if e["responseStartedAt"]),
        "bounced": 0,
        "opened": sum(1 for e in entries if e["openedAt"]),
        "skipped": 0,
        "finished": sum(1 for e in entries if e["responseCompletedAt"]),
        "complaints": 0,
        "blocked": 0,
    }
