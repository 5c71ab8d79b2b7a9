"""`GET /surveys/{surveyId}/response-schema`: the JSON Schema of a survey's responses, built from the same
survey definition and answer keys the mock records responses with, so the schema types every field that
`getResponse` and JSON exports give (metadata, answers, embedded data)."""

from __future__ import annotations

from typing import Any

from .export_layout import METADATA, embedded_names
from .surveydef import answer_key

_INTEGER_METADATA = {"status", "progress", "duration", "finished"}
_DATE_METADATA = {"startDate", "endDate", "recordedDate"}
_STATUS_LABELS = [(0, "IP Address"), (1, "Survey Preview"), (2, "Survey Test"), (4, "Imported"), (16, "Offline")]
ALWAYS = ["startDate", "endDate", "status", "progress", "duration", "finished", "recordedDate", "_recordId"]


def _metadata(key: str, column: str, text: str) -> dict[str, Any]:
    field: dict[str, Any] = {"description": text, "dataType": "metadata", "exportTag": column}
    if key in _DATE_METADATA:
        field.update(type="string", format="date-time")
    elif key in _INTEGER_METADATA:
        field["type"] = "integer"
    else:
        field["type"] = "string"
    if key == "finished":
        field["oneOf"] = [{"const": 0, "label": "False"}, {"const": 1, "label": "True"}]
    if key == "status":
        field["oneOf"] = [{"const": code, "label": label} for code, label in _STATUS_LABELS]
    return field


def _answers(question: dict[str, Any]) -> list[dict[str, Any]]:
    choices = question.get("Choices")
    if not isinstance(choices, dict):
        return []
    found = []
    for code, choice in choices.items():
        label = choice.get("Display") if isinstance(choice, dict) else None
        const: Any = int(code) if isinstance(code, str) and code.isdigit() else code
        found.append({"const": const, "label": label if isinstance(label, str) else str(code)})
    return found


def _question(qid: str, question: dict[str, Any]) -> dict[str, Any]:
    tag = str(question.get("DataExportTag") or qid)
    field: dict[str, Any] = {
        "description": str(question.get("QuestionText") or ""),
        "questionId": qid,
        "exportTag": tag,
        "questionExportTag": tag,
        "dataType": "question",
    }
    answers = _answers(question) if question.get("QuestionType") == "MC" else []
    if not answers:
        field["type"] = "string"
    elif question.get("Selector") in ("MAVR", "MAHR", "MACOL", "MSB"):  # multiple answers: an array of codes
        field.update(type="array", items={"type": "integer", "oneOf": answers})
    else:
        field.update(type="integer", oneOf=answers)
    return field


def build(survey: dict[str, Any], responses: list[dict[str, Any]], base_url: str) -> dict[str, Any]:
    fields: dict[str, Any] = {key: _metadata(key, column, text) for key, column, text in METADATA}
    for qid, question in survey["questions"].items():
        fields[answer_key(question)] = _question(qid, question)
    for name in embedded_names(survey, responses):
        fields[name] = {"type": "string", "description": name, "exportTag": name, "dataType": "embeddedData"}
    return {
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$id": f"{base_url}/API/v3/surveys/{survey['id']}/response-schema",
        "title": str(survey.get("name") or survey["id"]),
        "description": f"Survey response of {survey.get('name') or survey['id']}",
        "type": "object",
        "required": ["responseId", "values"],
        "properties": {
            "responseId": {"type": "string"},
            "values": {
                "type": "object",
                "description": "The fields of the response.",
                "required": ALWAYS,
                "properties": fields,
            },
            "labels": {"type": "object", "description": "Labels of the coded values, keyed as in values."},
            "displayedFields": {"type": "array", "items": {"type": "string"}},
            "displayedValues": {"type": "object"},
        },
    }
