"""survey-definitions: questions, blocks and the flow of a survey, PascalCase as Qualtrics stores them.
They edit the same survey that sessions walk and exports read. Updates and deletes answer only `meta`, as
the survey-definitions document says."""

from __future__ import annotations

import copy
from typing import Any

from ..context import NO_RESULT, Context, route
from ..envelope import ApiError, invalid_parameter, not_found
from ..surveyshapes import block_view, question_view
from .common import survey_of


def _question(ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
    survey = survey_of(ctx)
    question = survey["questions"].get(ctx.path.get("questionId", ""))
    if question is None:
        raise not_found("question")
    return survey, question


def _block(ctx: Context) -> tuple[dict[str, Any], str]:
    survey = survey_of(ctx)
    block_id = ctx.path.get("blockId", "")
    if block_id not in survey["blocks"]:
        raise not_found("block")
    return survey, block_id


def _check_elements(survey: dict[str, Any], elements: Any) -> list[Any]:
    """A block listing a question the survey lacks is refused with 409, as the reference says."""
    listed = list(elements or [])
    for element in listed:
        qid = element.get("QuestionID") if isinstance(element, dict) else None
        if qid is not None and qid not in survey["questions"]:
            raise ApiError(409, f"The block names an unknown question {qid}.")
    return listed


@route("listQuestions")
def list_questions(ctx: Context) -> Any:
    return {"elements": [question_view(q) for q in survey_of(ctx)["questions"].values()]}


@route("createQuestion")
def create_question(ctx: Context) -> Any:
    survey = survey_of(ctx)
    block_id = ctx.query.get("blockId") or next(iter(survey["blocks"]), None)
    if block_id is not None and block_id not in survey["blocks"]:
        raise not_found("block")
    numbers = [int(q[3:]) for q in survey["questions"] if q[3:].isdigit()]
    qid = f"QID{max(numbers, default=0) + 1}"
    question = {**copy.deepcopy(ctx.json), "QuestionID": qid}
    question.setdefault("DataExportTag", f"Q{qid[3:]}")
    survey["questions"][qid] = question
    if block_id is not None:
        survey["blocks"][block_id].setdefault("BlockElements", []).append({"Type": "Question", "QuestionID": qid})
    return {"QuestionID": qid}


@route("getQuestion")
def get_question(ctx: Context) -> Any:
    return question_view(_question(ctx)[1])


@route("updateQuestion")
def update_question(ctx: Context) -> Any:
    """An update replaces the whole question, keeping its id (and its export tag unless one is sent)."""
    survey, question = _question(ctx)
    qid = question["QuestionID"]
    survey["questions"][qid] = {
        "DataExportTag": question.get("DataExportTag"),
        **copy.deepcopy(ctx.json),
        "QuestionID": qid,
    }
    return NO_RESULT


@route("deleteQuestion")
def delete_question(ctx: Context) -> Any:
    survey, question = _question(ctx)
    del survey["questions"][question["QuestionID"]]
    for block in survey["blocks"].values():
        block["BlockElements"] = [
            e for e in block.get("BlockElements") or [] if e.get("QuestionID") != question["QuestionID"]
        ]
    return NO_RESULT


def _next_flow_id(survey: dict[str, Any]) -> str:
    """`Properties.Count` counts the flow elements ever made: the next one is `FL_<Count + 1>`."""
    properties = survey["flow"].setdefault("Properties", {})
    try:
        count = int(str(properties.get("Count", 1)))
    except ValueError:
        count = 1
    properties["Count"] = count + 1
    return f"FL_{count + 1}"


@route("createBlock")
def create_block(ctx: Context) -> Any:
    survey = survey_of(ctx)
    elements = _check_elements(survey, ctx.json.get("BlockElements"))
    block_id = ctx.mock.ids.new("BL_")
    survey["blocks"][block_id] = {
        **copy.deepcopy(ctx.json),
        "Type": ctx.json.get("Type") or "Standard",
        "BlockElements": copy.deepcopy(elements),
        "ID": block_id,
    }
    flow_id = _next_flow_id(survey)
    survey["flow"].setdefault("Flow", []).append({"Type": "Block", "ID": block_id, "FlowID": flow_id, "Autofill": []})
    return {"BlockID": block_id, "FlowID": flow_id}


@route("getBlock")
def get_block(ctx: Context) -> Any:
    survey, block_id = _block(ctx)
    return block_view(block_id, survey["blocks"][block_id])


@route("updateBlock")
def update_block(ctx: Context) -> Any:
    survey, block_id = _block(ctx)
    elements = _check_elements(survey, ctx.json.get("BlockElements"))
    survey["blocks"][block_id] = {**copy.deepcopy(ctx.json), "BlockElements": copy.deepcopy(elements), "ID": block_id}
    return NO_RESULT


def _without_block(elements: list[Any], block_id: str) -> list[Any]:
    kept = []
    for element in elements:
        if isinstance(element, dict) and element.get("ID") == block_id and element.get("Type") in ("Block", "Standard"):
            continue
        if isinstance(element, dict) and isinstance(element.get("Flow"), list):
            element["Flow"] = _without_block(element["Flow"], block_id)
        kept.append(element)
    return kept


@route("deleteBlock")
def delete_block(ctx: Context) -> Any:
    survey, block_id = _block(ctx)
    del survey["blocks"][block_id]
    survey["flow"]["Flow"] = _without_block(survey["flow"].get("Flow") or [], block_id)
    return NO_RESULT


@route("getSurveyFlow")
def get_flow(ctx: Context) -> Any:
    return copy.deepcopy(survey_of(ctx)["flow"])


def _check_flow(survey: dict[str, Any], elements: list[Any]) -> None:
    """A flow naming a block the survey lacks is refused with 422, as the reference says."""
    for element in elements:
        if not isinstance(element, dict):
            raise ApiError(422, "The survey flow is invalid.")
        if element.get("Type") in ("Block", "Standard") and element.get("ID") not in survey["blocks"]:
            raise ApiError(422, f"The survey flow names an unknown block {element.get('ID')}.")
        _check_flow(survey, element.get("Flow") or [])


@route("updateSurveyFlow")
def update_flow(ctx: Context) -> Any:
    survey = survey_of(ctx)
    elements = ctx.json.get("Flow") or []
    _check_flow(survey, elements)
    survey["flow"] = {**copy.deepcopy(ctx.json), "FlowID": survey["flow"].get("FlowID", "FL_1"), "Type": "Root"}
    return NO_RESULT


def _replace(elements: list[dict[str, Any]], flow_id: str, new: dict[str, Any]) -> bool:
    for index, element in enumerate(elements):
        if element.get("FlowID") == flow_id:
            elements[index] = {**new, "FlowID": flow_id}
            return True
        if _replace(element.get("Flow") or [], flow_id, new):
            return True
    return False


def _element_sent(ctx: Context, flow_id: str) -> dict[str, Any]:
    """The element itself, or (as the document types the body) a list holding it."""
    body = ctx.body.json
    if isinstance(body, dict):
        return body
    listed = [e for e in body or [] if isinstance(e, dict)]
    named = [e for e in listed if e.get("FlowID") == flow_id]
    if named or len(listed) == 1:
        return (named or listed)[0]
    raise invalid_parameter("body")


@route("updateFlowElement")
def update_flow_element(ctx: Context) -> Any:
    survey = survey_of(ctx)
    element = copy.deepcopy(_element_sent(ctx, ctx.path["flowId"]))
    _check_flow(survey, [element])
    if not _replace(survey["flow"].get("Flow") or [], ctx.path["flowId"], element):
        raise not_found("flow element")
    return NO_RESULT
