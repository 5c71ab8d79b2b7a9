"""survey-definitions: a survey's saved versions. Each keeps the definition as it was when saved, so reading a
version shows that, not the survey as it is now."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .. import versionbook
from ..context import Context, route
from ..envelope import not_found
from ..surveydef import iso
from ..surveyshapes import definition_view, qsf_view
from .common import survey_of


@route("listSurveyVersions")
def list_versions(ctx: Context) -> Any:
    return {"elements": versionbook.listing(survey_of(ctx))}


@route("createSurveyVersion")
def create_version(ctx: Context) -> Any:
    survey = survey_of(ctx)
    published = ctx.json.get("Published") is True
    when = iso(datetime.now(UTC))
    version = versionbook.save(survey, str(ctx.json.get("Description")), published, ctx.user.user_id, when)
    if published:  # publishing makes the survey take responses
        survey["isActive"] = True
        survey["lastActivated"] = when
    return {"metadata": dict(version["metadata"])}


@route("getSurveyVersion")
def get_version(ctx: Context) -> Any:
    version = versionbook.find(survey_of(ctx), ctx.path.get("versionId", ""))
    if version is None:
        raise not_found("survey version")
    if ctx.query.get("format") == "qsf":
        return qsf_view(version["survey"], ctx.brand.brand_id)
    return definition_view(version["survey"], ctx.brand.brand_id)
