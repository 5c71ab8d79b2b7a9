"""quotas: a survey's quotas and quota groups at `/survey-definitions/{surveyId}/quotas` and `.../quotagroups`.
The state lives in `quotabook` on the survey record; finished sessions count against it, and a full quota
counts no more."""

from __future__ import annotations

import copy
import random
from typing import Any

from .. import quotabook
from ..context import NO_RESULT, Context, route
from ..envelope import not_found
from .common import paged, survey_of


def _rng(ctx: Context) -> random.Random:
    """New quota and group ids from the mock's id source, so runs stay reproducible."""
    return random.Random(ctx.mock.ids.new(""))  # noqa: S311 - ids, not secrets


def _quota(ctx: Context) -> tuple[dict[str, Any], str]:
    survey = survey_of(ctx)
    quota_id = ctx.path.get("quotaId", "")
    if quota_id not in quotabook.quotas(survey):
        raise not_found("quota")
    return survey, quota_id


def _group(ctx: Context, group_id: str | None = None) -> tuple[dict[str, Any], str]:
    survey = survey_of(ctx)
    wanted = group_id if group_id is not None else ctx.path.get("quotaGroupId", "")
    if wanted not in quotabook.groups(survey):
        raise not_found("quota group")
    return survey, wanted


@route("listQuotas")
def list_quotas(ctx: Context) -> Any:
    return paged(ctx, [copy.deepcopy(q) for q in quotabook.quotas(survey_of(ctx)).values()], "skipToken")


@route("createQuota")
def create_quota(ctx: Context) -> Any:
    group_id = ctx.query.get("quotaGroupId")
    if group_id is not None:
        survey, group_id = _group(ctx, str(group_id))
        group = quotabook.groups(survey)[group_id]
    else:
        survey = survey_of(ctx)
        group = quotabook.default_group(survey, _rng(ctx))
    quota_id = quotabook.add_quota(survey, ctx.json, group, _rng(ctx))
    return {"QuotaID": quota_id, "QuotaGroupID": group["ID"]}


@route("getQuota")
def get_quota(ctx: Context) -> Any:
    survey, quota_id = _quota(ctx)
    return copy.deepcopy(quotabook.quotas(survey)[quota_id])


@route("updateQuota")
def update_quota(ctx: Context) -> Any:
    survey, quota_id = _quota(ctx)
    quotabook.replace_quota(survey, quota_id, ctx.json)
    return NO_RESULT


@route("deleteQuota")
def delete_quota(ctx: Context) -> Any:
    survey, quota_id = _quota(ctx)
    quotabook.remove_quota(survey, quota_id)
    return NO_RESULT


@route("listQuotaGroups")
def list_groups(ctx: Context) -> Any:
    return paged(ctx, [copy.deepcopy(g) for g in quotabook.groups(survey_of(ctx)).values()], "skipToken")


@route("createQuotaGroup")
def create_group(ctx: Context) -> Any:
    survey = survey_of(ctx)
    groups = quotabook.groups(survey)
    wanted = ctx.json.get("ID")
    free = isinstance(wanted, str) and wanted.startswith("QG_") and wanted not in groups
    group_id = str(wanted) if free else quotabook.new_id("QG_", groups, _rng(ctx))
    known = [q for q in ctx.json.get("Quotas") or [] if q in quotabook.quotas(survey)]
    groups[group_id] = {"Selected": False, "Public": False, **copy.deepcopy(ctx.json), "ID": group_id, "Quotas": known}
    groups[group_id].pop("Id", None)
    return {"QuotaGroupID": group_id}


@route("getQuotaGroup")
def get_group(ctx: Context) -> Any:
    survey, group_id = _group(ctx)
    return copy.deepcopy(quotabook.groups(survey)[group_id])


@route("updateQuotaGroup")
def update_group(ctx: Context) -> Any:
    survey, group_id = _group(ctx)
    old = quotabook.groups(survey)[group_id]
    quotas = ctx.json.get("Quotas", old.get("Quotas"))
    known = [q for q in quotas or [] if q in quotabook.quotas(survey)]
    quotabook.groups(survey)[group_id] = {**copy.deepcopy(ctx.json), "ID": group_id, "Quotas": known}
    quotabook.groups(survey)[group_id].pop("Id", None)
    return NO_RESULT


@route("deleteQuotaGroup")
def delete_group(ctx: Context) -> Any:
    survey, group_id = _group(ctx)
    quotabook.remove_group(survey, group_id)
    return NO_RESULT
