"""Distributions: list by survey (filters, pagination), create, get, delete, stats, and the personal links
of a distribution's mailing list (skipToken pagination)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..context import NO_RESULT, Context, route
from ..envelope import not_found
from ..seed import new_distribution
from .common import paged, survey_in_body, with_example


def _distribution(ctx: Context) -> dict[str, Any]:
    found = ctx.brand.distributions.get(ctx.path.get("distributionId", ""))
    if found is None:
        raise not_found("distribution")
    return found


@route("listDistributions")
def list_distributions(ctx: Context) -> Any:
    items = list(ctx.brand.distributions.values())
    if ctx.query.get("surveyId"):
        items = [d for d in items if d["surveyId"] == ctx.query["surveyId"]]
    if ctx.query.get("mailingListId"):
        items = [d for d in items if d["recipients"].get("mailingListId") == ctx.query["mailingListId"]]
    if ctx.query.get("distributionType"):
        items = [d for d in items if d.get("distributionType") == ctx.query["distributionType"]]
    return paged(ctx, items, "offset")


@route("createDistribution")
def create_distribution(ctx: Context) -> Any:
    body = ctx.json
    survey = survey_in_body(ctx, body.get("surveyId"))
    survey_id = survey["id"] if survey else str(body.get("surveyId"))
    recipients = dict(body.get("recipients") or {})
    # The personal-links form (action CreateDistribution) names its audience at the top level, not in recipients.
    for key in ("mailingListId", "contactId"):
        if body.get(key) and key not in recipients:
            recipients[key] = body[key]
    dist = new_distribution(
        ctx.mock, ctx.brand, ctx.user, survey_id, recipients.get("mailingListId"), datetime.now(UTC)
    )
    dist.update(
        distributionType=body.get("distributionType") or ("Individual" if body.get("linkType") else "Email"),
        requestStatus="Queued",
        status="Queued",
        message={**dist["message"], **(body.get("message") or {})},
        recipients={**dist["recipients"], **recipients},
    )
    for key in ("subject", "fromEmail", "fromName", "replyToEmail"):
        if key in body:
            dist["headers"][key] = body[key]
    ctx.brand.distributions[dist["id"]] = dist
    return with_example(ctx, {"id": dist["id"], "status": "Queued"})


@route("getDistribution")
def get_distribution(ctx: Context) -> Any:
    return _distribution(ctx)


@route("deleteDistribution")
def delete_distribution(ctx: Context) -> Any:
    dist = _distribution(ctx)
    del ctx.brand.distributions[dist["id"]]
    return NO_RESULT


@route("getDistributionStats")
def distribution_stats(ctx: Context) -> Any:
    return with_example(ctx, dict(_distribution(ctx)["stats"]))


@route("listDistributionLinks")
def distribution_links(ctx: Context) -> Any:
    dist = _distribution(ctx)
    list_id = dist["recipients"].get("mailingListId")
    links = []
    for directory_id, lists in ctx.brand.mailing_lists.items():
        if list_id not in lists:
            continue
        contacts = ctx.brand.contacts.get(directory_id, {})
        for contact_id in lists[list_id]["members"]:
            contact = contacts.get(contact_id)
            if contact is None:
                continue
            links.append(
                {
                    "contactId": contact_id,
                    "link": f"https://{ctx.brand.datacenter}.qualtrics.com/jfe/form/{dist['surveyId']}"
                    f"?Q_DL={dist['id']}_{contact_id}",
                    "exists": True,
                    "linkExpiration": None,
                    "status": "Email not sent",
                    "firstName": contact.get("firstName"),
                    "lastName": contact.get("lastName"),
                    "email": contact.get("email"),
                    "externalDataReference": contact.get("extRef"),
                    "unsubscribed": contact.get("unsubscribed"),
                }
            )
    return paged(ctx, links, "skipToken")
