"""Surveys: list (offset pagination), get in the v3 "Get Survey" shape, create/import, update, delete, share."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from ..context import NO_RESULT, Context, route
from ..envelope import invalid_parameter
from ..surveydef import iso
from .common import paged, survey_of
from .survey_shape import v3_survey


def summary(survey: dict[str, Any]) -> dict[str, Any]:
    """A survey as the list shows it (the list says `lastModified`)."""
    return {k: survey.get(k) for k in ("id", "name", "ownerId", "lastModified", "creationDate", "isActive")}


@route("listSurveys")
def list_surveys(ctx: Context) -> Any:
    surveys = list(ctx.brand.surveys.values())
    if ctx.query.get("folderId"):
        surveys = [s for s in surveys if s.get("folderId") == ctx.query["folderId"]]
    if ctx.query.get("sortBy") in ("name", "creationDate", "lastModified"):
        key = str(ctx.query["sortBy"])
        surveys.sort(key=lambda s: str(s.get(key) or ""))
    return paged(ctx, [summary(s) for s in surveys], "offset")


@route("getSurvey")
def get_survey(ctx: Context) -> Any:
    survey = survey_of(ctx)
    return v3_survey(survey, ctx.brand.brand_id, len(ctx.brand.responses.get(survey["id"], {})))


def new_survey(ctx: Context, name: str, language: str = "EN") -> dict[str, Any]:
    ids = ctx.mock.ids
    block_id = ids.new("BL_")
    now = iso(datetime.now(UTC))
    survey: dict[str, Any] = {
        "id": ids.new("SV_"),
        "name": name,
        "ownerId": ctx.user.user_id,
        "folderId": None,
        "isActive": False,
        "description": None,
        "languages": [language],
        "creationDate": now,
        "lastModified": now,
        "language": language,
        "questions": {},
        "blocks": {
            block_id: {
                "BlockID": block_id,
                "Type": "Default",
                "Description": "Default Question Block",
                "BlockElements": [],
            }
        },
        "flow": {
            "FlowID": "FL_1",
            "Type": "Root",
            "Flow": [{"Type": "Block", "ID": block_id, "FlowID": "FL_2"}],
            "Properties": {"Count": 2},
        },
        "embeddedData": [],
    }
    ctx.brand.surveys[survey["id"]] = survey
    ctx.brand.responses[survey["id"]] = {}
    return survey


@route("createSurvey")
def create_survey(ctx: Context) -> Any:
    """JSON (`name`), a copy (`X-COPY-SOURCE` header, `projectName`), or a multipart import (`file`, `name`)."""
    copy_of = ctx.request.headers.get("x-copy-source")
    source = ctx.brand.surveys.get(str(copy_of or ctx.json.get("sourceSurveyId")))
    if copy_of and source is None:
        raise invalid_parameter("X-COPY-SOURCE")  # 400: the operation documents no 404
    name = ctx.json.get("projectName") or ctx.json.get("name") or ctx.body.form.get("name")
    upload = ctx.body.files.get("file")
    if upload is not None and not name:
        try:
            name = json.loads(upload.data).get("SurveyEntry", {}).get("SurveyName")
        except (ValueError, AttributeError):
            name = None
    survey = new_survey(ctx, str(name or "Untitled Survey"), str(ctx.json.get("Language") or "EN"))
    for key in ("description", "folderId", "isActive"):
        if key in ctx.json:
            survey[key] = ctx.json[key]
    owner = ctx.request.headers.get("x-copy-destination-owner")
    if copy_of and owner:
        survey["ownerId"] = owner
    if source is not None:  # a copy takes the source's definition
        for key in ("questions", "blocks", "flow", "embeddedData"):
            survey[key] = json.loads(json.dumps(source.get(key)))
    return {"id": survey["id"]}


@route("updateSurvey")
def update_survey(ctx: Context) -> Any:
    survey = survey_of(ctx)
    for key in ("name", "description", "folderId", "isActive", "ownerId", "expiration"):
        if key in ctx.json:
            survey[key] = ctx.json[key]
    survey["lastModified"] = iso(datetime.now(UTC))
    return NO_RESULT


@route("createSurveyCollaboration")
def create_collaboration(ctx: Context) -> Any:
    """Sharing: the recipient and the permissions it was given, kept on the survey (sharing again replaces them)."""
    survey = survey_of(ctx)
    recipient = str(ctx.json.get("recipientId") or ctx.json.get("userId") or "")
    if not recipient.startswith(("UR_", "GR_")):
        raise invalid_parameter("recipientId")
    survey.setdefault("collaborations", {})[recipient] = dict(ctx.json.get("permissions") or {})
    return NO_RESULT


@route("deleteSurvey")
def delete_survey(ctx: Context) -> Any:
    survey = survey_of(ctx)
    del ctx.brand.surveys[survey["id"]]
    ctx.brand.responses.pop(survey["id"], None)
    return NO_RESULT
