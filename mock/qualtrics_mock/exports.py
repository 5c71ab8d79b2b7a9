"""Building a response export file: the stored responses, filtered like Qualtrics (startDate/endDate on the
response's start date, limit, question ids), written as csv/tsv (three header rows), json, ndjson or xml,
and zipped as the real file is."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from .envelope import ApiError
from .surveydef import META_FIELDS, answer_key, label_of, parse_iso

JSON_FORBIDDEN = (
    "includeDisplayOrder",
    "useLabels",
    "formatDecimalAsComma",
    "seenUnansweredRecode",
    "multiselectSeenUnansweredRecode",
    "timeZone",
    "newlineReplacement",
    "breakoutSets",
)
EXTENSIONS = {"csv": "csv", "tsv": "tsv", "json": "json", "ndjson": "ndjson", "xml": "xml", "spss": "sav"}


def check_options(options: dict[str, Any]) -> None:
    """Qualtrics refuses the CSV presentation options with json/ndjson (seed 000, 8.1.1)."""
    if options.get("format") in ("json", "ndjson"):
        for name in JSON_FORBIDDEN:
            if name in options:
                raise ApiError(400, f"Invalid request. Missing or invalid parameter {name}.")


def select(responses: list[dict[str, Any]], options: dict[str, Any]) -> list[dict[str, Any]]:
    start = parse_iso(options["startDate"]) if options.get("startDate") else None
    end = parse_iso(options["endDate"]) if options.get("endDate") else None
    chosen = []
    for response in sorted(responses, key=lambda r: str(r["values"].get("startDate"))):
        started = parse_iso(str(response["values"]["startDate"]))
        if (start and started < start) or (end and started >= end):
            continue
        chosen.append(response)
    limit = options.get("limit")
    return chosen[: int(limit)] if isinstance(limit, int) else chosen


def _questions(survey: dict[str, Any], options: dict[str, Any]) -> list[dict[str, Any]]:
    wanted = options.get("includedQuestionIds")
    return [q for qid, q in survey["questions"].items() if not wanted or qid in wanted]


def _rows(survey: dict[str, Any], responses: list[dict[str, Any]], options: dict[str, Any]) -> list[list[Any]]:
    questions = _questions(survey, options)
    labels = bool(options.get("useLabels"))
    rows: list[list[Any]] = [
        [column for _, column, _ in META_FIELDS] + [q["DataExportTag"] for q in questions],
        [text for _, _, text in META_FIELDS] + [q["QuestionText"] for q in questions],
        [json.dumps({"ImportId": key}) for key, _, _ in META_FIELDS]
        + [json.dumps({"ImportId": answer_key(q)}) for q in questions],
    ]
    for response in responses:
        values = response["values"]
        row = [values.get(key, "") for key, _, _ in META_FIELDS]
        for question in questions:
            value = values.get(answer_key(question), "")
            row.append(label_of(question, value) if labels and value != "" else value)
        rows.append(row)
    return rows


def _record(survey: dict[str, Any], response: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    keep = {answer_key(q) for q in _questions(survey, options)} | {k for k, _, _ in META_FIELDS}
    questions = {answer_key(q) for q in survey["questions"].values()}
    values = {k: v for k, v in response["values"].items() if k in keep or k not in questions}
    return {
        "responseId": response["responseId"],
        "values": values,
        "labels": response.get("labels") or {},
        "displayedFields": response.get("displayedFields") or [],
        "displayedValues": response.get("displayedValues") or {},
    }


def render(survey: dict[str, Any], responses: list[dict[str, Any]], options: dict[str, Any]) -> bytes:
    fmt = options.get("format", "csv")
    chosen = select(responses, options)
    if fmt in ("csv", "tsv", "spss"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\r\n")
        writer.writerows(_rows(survey, chosen, options))
        return buffer.getvalue().encode("utf-8")
    records = [_record(survey, r, options) for r in chosen]
    if fmt == "json":
        return json.dumps({"responses": records}).encode("utf-8")
    if fmt == "ndjson":
        return "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")
    parts = ["<?xml version='1.0' encoding='UTF-8'?><Responses>"]
    for record in records:
        fields = "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in record["values"].items() if k.isidentifier())
        parts.append(f"<Response>{fields}</Response>")
    return ("".join(parts) + "</Responses>").encode("utf-8")


def build_zip(survey: dict[str, Any], responses: list[dict[str, Any]], options: dict[str, Any]) -> tuple[str, bytes]:
    """(download filename, zip bytes); the member is named after the survey, as Qualtrics names it."""
    extension = EXTENSIONS.get(str(options.get("format", "csv")), "csv")
    member = f"{survey['name']}.{extension}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, render(survey, responses, options))
    return f"{survey['name']}.zip", buffer.getvalue()
