"""Email distributions: list by survey, create (the nested body, or the personal-links form), get (with the
`surveyId` clients send), delete, stats, personal links, history, reminders and thank-yous.

Records keep what Qualtrics answers plus the history of each recipient (see distribution_history); answers
show only the fields Qualtrics sends.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..context import NO_RESULT, Context, route
from ..envelope import invalid_parameter, not_found
from ..seed import new_distribution
from ..surveydef import iso, parse_iso
from . import distribution_history as hist
from .common import paged, survey_in_body

PUBLIC_KEYS = (
    "id",
    "parentDistributionId",
    "ownerId",
    "organizationId",
    "requestStatus",
    "requestType",
    "sendDate",
    "createdDate",
    "modifiedDate",
    "customHeaders",
    "headers",
    "recipients",
    "message",
    "surveyLink",
    "embeddedData",
    "stats",
)


def distribution_of(ctx: Context) -> dict[str, Any]:
    found = ctx.brand.distributions.get(ctx.path.get("distributionId", ""))
    if found is None:
        raise not_found("distribution")
    survey_id = ctx.query.get("surveyId")
    if survey_id and survey_id != found["surveyLink"]["surveyId"]:
        raise not_found("distribution")  # Qualtrics looks a distribution up within the survey named
    return found


def public(ctx: Context, dist: dict[str, Any]) -> dict[str, Any]:
    shown = {key: dist.get(key) for key in PUBLIC_KEYS}
    shown["customHeaders"] = dist.get("customHeaders") or {}
    shown["stats"] = hist.stats(ctx.brand, dist)
    return shown


@route("listDistributions")
def list_distributions(ctx: Context) -> Any:
    survey_id = ctx.query.get("surveyId")
    items = [d for d in ctx.brand.distributions.values() if d["surveyLink"]["surveyId"] == survey_id]
    if ctx.query.get("mailingListId"):
        items = [d for d in items if d["recipients"].get("mailingListId") == ctx.query["mailingListId"]]
    if ctx.query.get("distributionRequestType"):
        items = [d for d in items if d.get("requestType") == ctx.query["distributionRequestType"]]
    if ctx.query.get("distributionType"):
        items = [d for d in items if d.get("distributionType") == ctx.query["distributionType"]]
    return paged(ctx, [public(ctx, d) for d in items], "offset")


def _record(ctx: Context, survey_id: str | None, recipients: dict[str, Any], send_date: str | None) -> dict[str, Any]:
    now = datetime.now(UTC)
    dist = new_distribution(ctx.mock, ctx.brand, ctx.user, survey_id, recipients.get("mailingListId"), now)
    dist.pop("stats")  # a new distribution's counts come from its history alone
    dist["recipients"] = {**dist["recipients"], **recipients}
    dist["sendDate"] = send_date or iso(now)
    return dist


@route("createDistribution")
def create_distribution(ctx: Context) -> Any:
    body = ctx.json
    if body.get("action") == "CreateDistribution":
        return _create_links(ctx, body)
    link = body.get("surveyLink") or {}  # a plain email to a list has no survey link
    survey = survey_in_body(ctx, link.get("surveyId")) if link.get("surveyId") else None
    survey_id = survey["id"] if survey else link.get("surveyId")
    dist = _record(ctx, survey_id, body.get("recipients") or {}, None)
    dist["sendDate"] = str(body.get("sendDate") or dist["sendDate"])
    header = body.get("header") or {}
    dist["headers"] = {key: header.get(key) for key in ("fromEmail", "replyToEmail", "fromName", "subject")}
    message = body.get("message") or {}
    dist["message"] = {k: message.get(k) for k in ("libraryId", "messageId", "messageText")}
    dist["surveyLink"] = {
        "surveyId": dist["surveyLink"]["surveyId"],
        "expirationDate": _iso_date(link.get("expirationDate")),
        "linkType": link.get("type") or "Individual",
    }
    dist["embeddedData"] = body.get("embeddedData")
    ctx.brand.distributions[dist["id"]] = dist
    hist.history(ctx.brand, dist)  # the send: one entry per recipient
    return {"id": dist["id"]}


def _create_links(ctx: Context, body: dict[str, Any]) -> Any:
    """Personal links only: nothing is sent, so the history stays empty until someone takes the survey."""
    survey = survey_in_body(ctx, body.get("surveyId"))
    recipients = {"mailingListId": body.get("mailingListId"), "contactId": body.get("contactId")}
    dist = _record(ctx, survey["id"] if survey else str(body.get("surveyId")), recipients, None)
    dist.update(
        requestType="GeneratedInvite", headers={}, message={"libraryId": None, "messageId": None, "messageText": None}
    )
    dist["surveyLink"] = {
        "surveyId": dist["surveyLink"]["surveyId"],
        "expirationDate": _iso_date(body.get("expirationDate")),
        "linkType": body.get("linkType") or "Individual",
    }
    dist["description"] = body.get("description")
    dist["history"] = {}
    ctx.brand.distributions[dist["id"]] = dist
    return {"id": dist["id"]}


def _iso_date(value: Any) -> str | None:
    """The links form takes `YYYY-MM-DD HH:MM:SS`; answers carry ISO 8601 times. A date that is none (the spec
    cannot say the form's format) leaves the links without an expiration rather than refusing the request."""
    if not value:
        return None
    try:
        return iso(parse_iso(str(value).replace(" ", "T", 1)))
    except ValueError:
        return None


@route("getDistribution")
def get_distribution(ctx: Context) -> Any:
    return public(ctx, distribution_of(ctx))


@route("deleteDistribution")
def delete_distribution(ctx: Context) -> Any:
    dist = distribution_of(ctx)
    del ctx.brand.distributions[dist["id"]]
    return NO_RESULT


@route("getDistributionStats")
def distribution_stats(ctx: Context) -> Any:
    return hist.stats(ctx.brand, distribution_of(ctx))


@route("listDistributionHistory")
def distribution_history(ctx: Context) -> Any:
    dist = distribution_of(ctx)
    hist.follow_sessions(ctx.brand, dist)
    return paged(ctx, [dict(entry) for entry in hist.history(ctx.brand, dist).values()], "skipToken")


@route("listDistributionLinks")
def distribution_links(ctx: Context) -> Any:
    dist = distribution_of(ctx)
    expiration = dist["surveyLink"].get("expirationDate")
    links = [
        {
            "contactId": contact_id,
            "transactionId": None,
            "link": hist.survey_link(ctx.brand.datacenter, dist, contact_id, "gl"),
            "exceededContactFrequency": False,
            "linkExpiration": expiration,
            "status": "Email not sent" if not dist.get("history") else "Email sent",
            "lastName": contact.get("lastName"),
            "firstName": contact.get("firstName"),
            "externalDataReference": contact.get("extRef"),
            "email": contact.get("email"),
            "unsubscribed": bool(contact.get("unsubscribed")),
        }
        for contact_id, contact in hist.recipients_of(ctx.brand, dist)
    ]
    return paged(ctx, links, "skipToken")


def _follow_up(ctx: Context, request_type: str) -> Any:
    parent = distribution_of(ctx)
    body = ctx.json
    if parent.get("requestType") not in ("Invite", "GeneratedInvite"):
        raise invalid_parameter("distributionId")  # reminders and thank-yous follow an invitation
    dist = _record(ctx, parent["surveyLink"]["surveyId"], dict(parent["recipients"]), str(body.get("sendDate") or ""))
    header = body.get("header") or {}
    message = body.get("message") or {}
    dist.update(
        parentDistributionId=parent["id"],
        requestType=request_type,
        headers={key: header.get(key) for key in ("fromEmail", "replyToEmail", "fromName", "subject")},
        message={"libraryId": message.get("libraryId"), "messageId": message.get("messageId"), "messageText": None},
        surveyLink=dict(parent["surveyLink"]),
        embeddedData=body.get("embeddedData"),
    )
    ctx.brand.distributions[dist["id"]] = dist
    hist.follow_sessions(ctx.brand, parent)
    finished = {cid for cid, entry in hist.history(ctx.brand, parent).items() if entry["responseCompletedAt"]}
    invited = set(hist.history(ctx.brand, parent))
    hist.history(ctx.brand, dist, only=finished if request_type == "ThankYou" else invited - finished)
    return {"distributionId": dist["id"]}


@route("createDistributionReminder")
def create_reminder(ctx: Context) -> Any:
    return _follow_up(ctx, "Reminder")


@route("createDistributionThankYou")
def create_thank_you(ctx: Context) -> Any:
    return _follow_up(ctx, "ThankYou")
