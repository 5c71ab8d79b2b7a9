"""survey-definitions: questions, blocks and the flow of a survey, PascalCase as Qualtrics stores them.
They edit the same survey that sessions walk and exports read."""

from __future__ import annotations

import copy
from typing import Any

from ..context import Context, route
from ..envelope import ApiError, not_found
from .common import survey_of, with_example


def _question(ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
    survey = survey_of(ctx)
    question = survey["questions"].get(ctx.path.get("questionId", ""))
    if question is None:
        raise not_found("question")
    return survey, question


def _block(ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
    survey = survey_of(ctx)
    block = survey["blocks"].get(ctx.path.get("blockId", ""))
    if block is None:
        raise not_found("block")
    return survey, block


@route("listQuestions")
def list_questions(ctx: Context) -> Any:
    return {"elements": list(survey_of(ctx)["questions"].values())}


@route("createQuestion")
def create_question(ctx: Context) -> Any:
    survey = survey_of(ctx)
    numbers = [int(q[3:]) for q in survey["questions"] if q[3:].isdigit()]
    qid = f"QID{max(numbers, default=0) + 1}"
    question = {**copy.deepcopy(ctx.json), "QuestionID": qid}
    question.setdefault("DataExportTag", f"Q{qid[3:]}")
    survey["questions"][qid] = question
    # Qualtrics puts a new question in the block named by ?blockId, else the default (first) block.
    block_id = ctx.query.get("blockId") or next(iter(survey["blocks"]), None)
    if block_id in survey["blocks"]:
        survey["blocks"][block_id].setdefault("BlockElements", []).append({"Type": "Question", "QuestionID": qid})
    return with_example(ctx, {"QuestionID": qid})


@route("getQuestion")
def get_question(ctx: Context) -> Any:
    return _question(ctx)[1]


@route("updateQuestion")
def update_question(ctx: Context) -> Any:
    """An update replaces the whole question (the spec's SurveyQuestionInput), keeping its id and export tag."""
    survey, question = _question(ctx)
    qid = question["QuestionID"]
    replacement = {"DataExportTag": question.get("DataExportTag"), **copy.deepcopy(ctx.json), "QuestionID": qid}
    survey["questions"][qid] = replacement
    return with_example(ctx, {"QuestionID": qid})


@route("deleteQuestion")
def delete_question(ctx: Context) -> Any:
    survey, question = _question(ctx)
    del survey["questions"][question["QuestionID"]]
    for block in survey["blocks"].values():
        block["BlockElements"] = [
            e for e in block.get("BlockElements", []) if e.get("QuestionID") != question["QuestionID"]
        ]
    return None


@route("createBlock")
def create_block(ctx: Context) -> Any:
    survey = survey_of(ctx)
    block_id = ctx.mock.ids.new("BL_")
    survey["blocks"][block_id] = {
        "BlockID": block_id,
        "Type": ctx.json.get("Type") or "Standard",
        "Description": ctx.json.get("Description"),
        "BlockElements": list(ctx.json.get("BlockElements") or []),
    }
    flow_id = f"FL_{int(survey['flow'].get('Properties', {}).get('Count', 1)) + 1}"
    survey["flow"].setdefault("Properties", {})["Count"] = int(flow_id[3:])
    survey["flow"]["Flow"].append({"Type": "Block", "ID": block_id, "FlowID": flow_id})
    return with_example(ctx, {"BlockID": block_id, "FlowID": flow_id})


@route("getBlock")
def get_block(ctx: Context) -> Any:
    return _block(ctx)[1]


@route("updateBlock")
def update_block(ctx: Context) -> Any:
    _, block = _block(ctx)
    block.update({k: v for k, v in ctx.json.items() if k != "BlockID"})
    return with_example(ctx, {"BlockID": block["BlockID"]})


@route("deleteBlock")
def delete_block(ctx: Context) -> Any:
    survey, block = _block(ctx)
    del survey["blocks"][block["BlockID"]]
    survey["flow"]["Flow"] = [e for e in survey["flow"]["Flow"] if e.get("ID") != block["BlockID"]]
    return None


@route("getSurveyFlow")
def get_flow(ctx: Context) -> Any:
    return survey_of(ctx)["flow"]


def _check_flow(survey: dict[str, Any], elements: list[Any]) -> None:
    """A flow naming a block the survey lacks is refused with 422, as Qualtrics refuses an invalid flow."""
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
    survey["flow"] = {**survey["flow"], **copy.deepcopy(ctx.json), "Type": "Root"}
    return with_example(ctx, {"FlowID": survey["flow"].get("FlowID", "FL_1")})


def _replace(elements: list[dict[str, Any]], flow_id: str, new: dict[str, Any]) -> bool:
    for index, element in enumerate(elements):
        if element.get("FlowID") == flow_id:
            elements[index] = {**new, "FlowID": flow_id}
            return True
        if _replace(element.get("Flow") or [], flow_id, new):
            return True
    return False


@route("updateFlowElement")
def update_flow_element(ctx: Context) -> Any:
    survey = survey_of(ctx)
    _check_flow(survey, [ctx.json])
    if not _replace(survey["flow"]["Flow"], ctx.path["flowId"], copy.deepcopy(ctx.json)):
        raise not_found("flow element")
    return with_example(ctx, {"FlowID": ctx.path["flowId"]})
