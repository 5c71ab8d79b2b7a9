"""survey-definitions: the whole definition (also as a QSF document), creating and deleting it, its metadata and
its options. All read and write the survey record that `/surveys`, sessions and exports share."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from ..context import NO_RESULT, Context, route
from ..envelope import ApiError, invalid_parameter
from ..surveydef import iso, parse_iso
from ..surveyshapes import definition_view, from_qsf, metadata_view, mysql_now, options_of, options_view, qsf_view
from .common import survey_of
from .surveys import new_survey


def _now() -> str:
    return iso(datetime.now(UTC))


@route("getSurveyDefinition")
def get_definition(ctx: Context) -> Any:
    survey = survey_of(ctx)
    if ctx.query.get("format") == "qsf":
        return qsf_view(survey, ctx.brand.brand_id)
    return definition_view(survey, ctx.brand.brand_id)


def _import(ctx: Context, document: dict[str, Any]) -> dict[str, Any]:
    parts = from_qsf(document)
    survey = new_survey(ctx, str(parts.get("name") or "Imported survey"), str(parts.get("language") or "EN"))
    if parts.get("blocks"):
        survey["blocks"] = parts["blocks"]
    survey["questions"] = parts["questions"]
    if isinstance(parts.get("flow"), dict):
        survey["flow"] = parts["flow"]
    if isinstance(parts.get("options"), dict):
        survey["options"] = parts["options"]
    return survey


@route("createSurveyDefinition")
def create_definition(ctx: Context) -> Any:
    """A new empty survey, or a QSF document imported; the answer names the survey and its first block."""
    body = ctx.json
    if "SurveyEntry" in body:
        survey = _import(ctx, body)
    else:
        survey = new_survey(ctx, str(body.get("SurveyName")), str(body.get("Language") or "EN"))
        survey["projectCategory"] = body.get("ProjectCategory")
    options_of(survey)
    return {"SurveyID": survey["id"], "DefaultBlockID": next(iter(survey["blocks"]), None)}


@route("deleteSurveyDefinition")
def delete_definition(ctx: Context) -> Any:
    survey = survey_of(ctx)
    del ctx.brand.surveys[survey["id"]]
    ctx.brand.responses.pop(survey["id"], None)
    return {"DeletedDate": mysql_now()}


@route("getSurveyMetadata")
def get_metadata(ctx: Context) -> Any:
    return metadata_view(survey_of(ctx), ctx.brand.brand_id)


def _mysql_to_iso(text: str, field: str) -> str:
    try:
        return iso(parse_iso(text.replace(" ", "T")))
    except ValueError:
        raise invalid_parameter(field) from None


@route("updateSurveyMetadata")
def update_metadata(ctx: Context) -> Any:
    """Name, description, status and the MySQL-datetime dates; the record keeps dates as ISO 8601."""
    survey = survey_of(ctx)
    body = ctx.json
    starts = _mysql_to_iso(body["SurveyStartDate"], "SurveyStartDate") if "SurveyStartDate" in body else None
    ends = (
        _mysql_to_iso(body["SurveyExpirationDate"], "SurveyExpirationDate") if "SurveyExpirationDate" in body else None
    )
    if starts and ends and ends < starts:
        raise ApiError(400, "The survey would expire before it starts.")
    if "SurveyName" in body:
        survey["name"] = body["SurveyName"]
    if "SurveyDescription" in body:
        survey["description"] = body["SurveyDescription"]
    if "SurveyStatus" in body:
        activating = body["SurveyStatus"] == "Active" and not survey.get("isActive")
        survey["isActive"] = body["SurveyStatus"] == "Active"
        if activating:
            survey["lastActivated"] = _now()
    if starts:
        survey["startDate"] = starts
    if ends:
        survey["expirationDate"] = ends
    survey["lastModified"] = _now()
    return NO_RESULT


@route("getSurveyOptions")
def get_options(ctx: Context) -> Any:
    return options_view(survey_of(ctx))


@route("updateSurveyOptions")
def update_options(ctx: Context) -> Any:
    """The options sent replace the stored ones; the derived keys (language, response set, dates) stay derived."""
    survey = survey_of(ctx)
    derived = {"SurveyLanguage", "ActiveResponseSet", "SurveyStartDate", "SurveyExpirationDate", "SurveyCreationDate"}
    survey["options"] = {k: copy.deepcopy(v) for k, v in ctx.json.items() if k not in derived}
    survey["lastModified"] = _now()
    return NO_RESULT
