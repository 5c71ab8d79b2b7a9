"""A stored survey (survey-definitions' PascalCase) in the shape `GET /surveys/{surveyId}` answers: camelCase,
questions and blocks keyed by id, the flow as an array of `{type, id | flow}`, and the export column map.

Qualtrics sends the keys in one order in every recorded answer, so the result keeps that order too.
"""

from __future__ import annotations

from typing import Any

FLOW_TYPES = {"Standard": "Block", "Randomizer": "BlockRandomizer"}


def _choices(question: dict[str, Any]) -> dict[str, Any] | None:
    choices = question.get("Choices")
    if not isinstance(choices, dict) or not choices:
        return None
    recodes = question.get("RecodeValues") or {}
    shown: dict[str, Any] = {}
    for code, choice in choices.items():
        text = choice.get("Display") if isinstance(choice, dict) else None
        shown[str(code)] = {
            "recode": str(recodes.get(code, code)),
            "description": text,
            "choiceText": text,
            "imageDescription": None,
            "variableName": None,
            "analyze": True,
        }
    return shown


def question(stored: dict[str, Any]) -> dict[str, Any]:
    settings = (stored.get("Validation") or {}).get("Settings") or {}
    shown: dict[str, Any] = {
        "questionType": {
            "type": stored.get("QuestionType"),
            "selector": stored.get("Selector"),
            "subSelector": stored.get("SubSelector"),
        },
        "questionText": stored.get("QuestionText"),
        "questionLabel": stored.get("QuestionLabel"),
        "validation": {"doesForceResponse": settings.get("ForceResponse") == "ON"},
        "questionName": stored.get("DataExportTag"),
    }
    choices = _choices(stored)
    if choices is not None:
        shown["choices"] = choices
    return shown


def export_column_map(questions: dict[str, Any]) -> dict[str, Any]:
    """Which export column comes from which question: one column per question here (MC and single-line text)."""
    columns: dict[str, Any] = {}
    for qid, stored in questions.items():
        columns[str(stored.get("DataExportTag") or qid)] = {"question": qid}
    return columns


def flow(elements: list[Any]) -> list[dict[str, Any]]:
    shown: list[dict[str, Any]] = []
    for element in elements:
        if not isinstance(element, dict):
            continue
        kind = str(element.get("Type"))
        item: dict[str, Any] = {"type": FLOW_TYPES.get(kind, kind)}
        if kind in ("Block", "Standard"):
            item["id"] = element.get("ID")
        if kind == "Randomizer":
            item["randomizationOptions"] = {
                "randomSubset": element.get("SubSet"),
                "evenPresentation": element.get("EvenPresentation"),
            }
        if isinstance(element.get("Flow"), list):
            item["flow"] = flow(element["Flow"])
        shown.append(item)
    return shown


def _block(stored: dict[str, Any], questions: dict[str, Any]) -> dict[str, Any]:
    elements = []
    for element in stored.get("BlockElements") or []:
        if not isinstance(element, dict):
            continue
        if element.get("Type") == "Question" and element.get("QuestionID") in questions:
            elements.append({"type": "Question", "questionId": element["QuestionID"]})
        elif element.get("Type") == "Page Break":
            elements.append({"type": "PageBreak"})
    return {"description": stored.get("Description"), "elements": elements}


def _embedded_data(fields: list[Any]) -> list[dict[str, Any]]:
    shown = []
    for field in fields:
        if isinstance(field, dict):
            name = field.get("name") or field.get("Field")
            item: dict[str, Any] = {"name": name}
            default = field.get("defaultValue", field.get("Value"))
            if default is not None:
                item["defaultValue"] = str(default)
            shown.append(item)
    return shown


def v3_survey(survey: dict[str, Any], brand_id: str, responses: int) -> dict[str, Any]:
    questions = survey.get("questions") or {}
    expiration = survey.get("expiration") or {}
    root = survey.get("flow") or {}
    return {
        "id": survey["id"],
        "name": survey.get("name"),
        "ownerId": survey.get("ownerId"),
        "organizationId": brand_id,
        "isActive": bool(survey.get("isActive")),
        "creationDate": survey.get("creationDate"),
        "lastModifiedDate": survey.get("lastModified"),
        "expiration": {"startDate": expiration.get("startDate"), "endDate": expiration.get("endDate")},
        "questions": {qid: question(q) for qid, q in questions.items()},
        "exportColumnMap": export_column_map(questions),
        "blocks": {bid: _block(b, questions) for bid, b in (survey.get("blocks") or {}).items()},
        "flow": flow(root.get("Flow") or []) if isinstance(root, dict) else [],
        "embeddedData": _embedded_data(survey.get("embeddedData") or []),
        "comments": {},
        "loopAndMerge": {},
        "responseCounts": {"auditable": responses, "generated": 0, "deleted": 0},
    }
