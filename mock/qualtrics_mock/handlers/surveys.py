"""Surveys: list (offset pagination), get in the v3 "Get Survey" shape, create/import, update, delete."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from ..context import NO_RESULT, Context, route
from ..surveydef import iso
from .common import paged, survey_of, with_example


def summary(survey: dict[str, Any]) -> dict[str, Any]:
    return {k: survey.get(k) for k in ("id", "name", "ownerId", "folderId", "lastModified", "creationDate", "isActive")}


@route("listSurveys")
def list_surveys(ctx: Context) -> Any:
    surveys = [summary(s) for s in ctx.brand.surveys.values()]
    if ctx.query.get("folderId"):
        surveys = [s for s in surveys if s.get("folderId") == ctx.query["folderId"]]
    if ctx.query.get("sortBy") in ("name", "creationDate", "lastModified"):
        key = str(ctx.query["sortBy"])
        surveys.sort(key=lambda s: str(s.get(key) or ""))
    return paged(ctx, surveys, "offset")


def _question_summary(question: dict[str, Any]) -> dict[str, Any]:
    return {
        "questionId": question["QuestionID"],
        "questionText": question.get("QuestionText"),
        "questionType": question.get("QuestionType"),
        "selector": question.get("Selector"),
        "dataExportTag": question.get("DataExportTag"),
        "choiceOrder": [int(c) for c in question.get("ChoiceOrder") or []],
    }


def full(ctx: Context, survey: dict[str, Any]) -> dict[str, Any]:
    """The survey as the spec's `Survey` schema shows it, plus `id` and `responseCounts` as v3 also answers."""
    responses = ctx.brand.responses.get(survey["id"], {})
    return {
        "surveyId": survey["id"],
        "id": survey["id"],
        "name": survey["name"],
        "description": survey.get("description"),
        "ownerId": survey["ownerId"],
        "creationDate": survey["creationDate"],
        "lastModifiedDate": survey["lastModified"],
        "blocks": [
            {
                "blockId": block_id,
                "description": block.get("Description"),
                "questions": [
                    _question_summary(survey["questions"][e["QuestionID"]])
                    for e in block.get("BlockElements", [])
                    if e.get("QuestionID") in survey["questions"]
                ],
            }
            for block_id, block in survey["blocks"].items()
        ],
        "flow": survey["flow"],
        "languages": survey.get("languages") or ["EN"],
        "translations": {},
        "folderId": survey.get("folderId"),
        "isActive": survey["isActive"],
        "responseCounts": {"auditable": len(responses), "generated": 0, "deleted": 0},
    }


@route("getSurvey")
def get_survey(ctx: Context) -> Any:
    return full(ctx, survey_of(ctx))


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
    """JSON (`SurveyName`/`name`) or a multipart QSF import (`file`, optional `name`)."""
    name = ctx.json.get("name") or ctx.json.get("SurveyName") or ctx.body.form.get("name")
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
    source = ctx.brand.surveys.get(str(ctx.json.get("sourceSurveyId")))
    if source is not None:  # a copy takes the source's definition
        for key in ("questions", "blocks", "flow"):
            survey[key] = json.loads(json.dumps(source[key]))
    return with_example(ctx, {"surveyId": survey["id"], "id": survey["id"], "name": survey["name"]})


@route("updateSurvey")
def update_survey(ctx: Context) -> Any:
    survey = survey_of(ctx)
    for key in ("name", "description", "folderId", "isActive", "ownerId", "expiration"):
        if key in ctx.json:
            survey[key] = ctx.json[key]
    survey["lastModified"] = iso(datetime.now(UTC))
    return NO_RESULT


@route("deleteSurvey")
def delete_survey(ctx: Context) -> Any:
    survey = survey_of(ctx)
    del ctx.brand.surveys[survey["id"]]
    ctx.brand.responses.pop(survey["id"], None)
    return NO_RESULT
