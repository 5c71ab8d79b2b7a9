"""SMS distributions: create (invites, and reminders or thank-yous that name their invite), list by survey, get,
delete.

They live apart from email distributions, under their own `SMSD_` ids, in the brand's store.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..context import NO_RESULT, Context, route
from ..envelope import invalid_parameter, not_found
from ..surveydef import iso
from .common import paged, survey_in_body
from .distribution_history import recipients_of

STORE_KEY = "sms-distributions"  # not a path, so the generic store never seeds or lists it


def _all(ctx: Context) -> dict[str, dict[str, Any]]:
    return ctx.brand.store.setdefault(STORE_KEY, {})


def _one(ctx: Context) -> dict[str, Any]:
    found = _all(ctx).get(ctx.path.get("smsDistributionId", ""))
    if found is None or (ctx.query.get("surveyId") and ctx.query["surveyId"] != found["surveyId"]):
        raise not_found("SMS distribution")
    return found


@route("createSmsDistribution")
def create_sms_distribution(ctx: Context) -> Any:
    body = ctx.json
    survey = survey_in_body(ctx, body.get("surveyId"))
    parent_id = body.get("parentDistributionId")
    if parent_id and parent_id not in _all(ctx):
        raise invalid_parameter("parentDistributionId")
    recipients = {"mailingListId": None, "contactId": None, "libraryId": None, "sampleId": None}
    if parent_id:  # a reminder or thank-you goes to its invite's recipients and names none itself
        recipients.update(_all(ctx)[parent_id]["recipients"])
    recipients.update(body.get("recipients") or {})
    message = body.get("message") or {}
    record: dict[str, Any] = {
        "id": ctx.mock.ids.new("SMSD_"),
        "name": body.get("name"),
        "surveyId": survey["id"] if survey else body.get("surveyId"),
        "method": body.get("method") or "Invite",
        "requestStatus": "Done",
        "requestType": {"Reminder": "Reminder", "Thankyou": "ThankYou"}.get(str(body.get("method")), "Invite"),
        "parentDistributionId": parent_id,
        "ownerId": ctx.user.user_id,
        "organizationId": ctx.brand.brand_id,
        "sendDate": body.get("sendDate"),
        "createdDate": iso(datetime.now(UTC)),
        "recipients": recipients,
        "message": {k: message.get(k) for k in ("libraryId", "messageId", "messageText")},
    }
    sent = len(recipients_of(ctx.brand, record))
    record["stats"] = {"sent": sent, "failed": 0, "started": 0, "finished": 0, "credits": sent, "segments": sent}
    _all(ctx)[record["id"]] = record
    return {"id": record["id"]}


@route("listSmsDistributions")
def list_sms_distributions(ctx: Context) -> Any:
    items = [dict(d) for d in _all(ctx).values() if d["surveyId"] == ctx.query.get("surveyId")]
    return paged(ctx, items, "offset")


@route("getSmsDistribution")
def get_sms_distribution(ctx: Context) -> Any:
    return dict(_one(ctx))


@route("deleteSmsDistribution")
def delete_sms_distribution(ctx: Context) -> Any:
    del _all(ctx)[_one(ctx)["id"]]
    return NO_RESULT
