"""The layout of a response export file, as Qualtrics writes it.

CSV and TSV: three header rows (column names, question texts, ImportId JSON), metadata columns first in
Qualtrics's order, then the questions by export tag, then embedded data; dates as `2025-01-15 10:20:30` in the
export's time zone (UTC when omitted), whose name the date columns' ImportId carries. JSON: `{"responses": [...]}`
of records shaped like `getResponse`'s result; NDJSON: one such record per line. SPSS is not written as a real
`.sav`: its member holds the CSV rows, enough for clients that only move the file.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from .surveydef import answer_key, label_of, parse_iso

# (values key, column, question text row); the ImportId is the values key (Qualtrics's own ids).
METADATA = [
    ("startDate", "StartDate", "Start Date"),
    ("endDate", "EndDate", "End Date"),
    ("status", "Status", "Response Type"),
    ("ipAddress", "IPAddress", "IP Address"),
    ("progress", "Progress", "Progress"),
    ("duration", "Duration (in seconds)", "Duration (in seconds)"),
    ("finished", "Finished", "Finished"),
    ("recordedDate", "RecordedDate", "Recorded Date"),
    ("_recordId", "ResponseId", "Response ID"),
    ("recipientLastName", "RecipientLastName", "Recipient Last Name"),
    ("recipientFirstName", "RecipientFirstName", "Recipient First Name"),
    ("recipientEmail", "RecipientEmail", "Recipient Email"),
    ("externalDataReference", "ExternalReference", "External Data Reference"),
    ("locationLatitude", "LocationLatitude", "Location Latitude"),
    ("locationLongitude", "LocationLongitude", "Location Longitude"),
    ("distributionChannel", "DistributionChannel", "Distribution Channel"),
    ("userLanguage", "UserLanguage", "User Language"),
]
METADATA_KEYS = {key for key, _, _ in METADATA}
DATES = {"startDate", "endDate", "recordedDate"}
# `surveyMetadataIds` as Qualtrics's document spells them, where that differs from the values key.
METADATA_ALIASES = {"externalReference": "externalDataReference"}


@dataclass
class Column:
    name: str
    text: str
    key: str  # where the value lives in a response's `values`
    import_id: dict[str, Any]
    question: dict[str, Any] | None = None
    labels: bool = False  # the label column of `includeLabelColumns`
    extra: dict[str, Any] = field(default_factory=dict)


def _metadata_columns(options: dict[str, Any], zone: str | None) -> list[Column]:
    wanted = options.get("surveyMetadataIds")
    keep = {METADATA_ALIASES.get(str(k), str(k)) for k in wanted} if isinstance(wanted, list) else None
    columns = []
    for key, name, text in METADATA:
        if keep is not None and key not in keep:
            continue
        import_id: dict[str, Any] = {"ImportId": key}
        if key in DATES:
            import_id["timeZone"] = zone or "UTC"
        columns.append(Column(name, text, key, import_id))
    return columns


def _question_columns(survey: dict[str, Any], options: dict[str, Any]) -> list[Column]:
    wanted = options.get("questionIds")
    columns = []
    for qid, question in survey["questions"].items():
        if isinstance(wanted, list) and qid not in wanted:
            continue
        key = answer_key(question)
        tag = str(question.get("DataExportTag") or qid)
        text = str(question.get("QuestionText") or "")
        columns.append(Column(tag, text, key, {"ImportId": key}, question))
        if options.get("includeLabelColumns") is True and question.get("QuestionType") == "MC":
            # Qualtrics's document names only the `IsLabelsColumn` marker; the `_label` suffix is the mock's choice.
            columns.append(Column(f"{tag}_label", text, key, {"ImportId": key, "IsLabelsColumn": True}, question, True))
    return columns


def embedded_names(survey: dict[str, Any], responses: list[dict[str, Any]]) -> list[str]:
    """Embedded data fields: those the survey declares, then any other non-answer key responses carry."""
    answer_keys = {answer_key(q) for q in survey["questions"].values()} | set(survey["questions"])
    names: list[str] = []
    for entry in survey.get("embeddedData") or []:
        name = entry.get("name") if isinstance(entry, dict) else entry
        if isinstance(name, str) and name not in names:
            names.append(name)
    for response in responses:
        for key in response["values"]:
            if key not in METADATA_KEYS and key not in answer_keys and key not in names and "_FILE_" not in key:
                names.append(key)
    return names


def columns_of(survey: dict[str, Any], responses: list[dict[str, Any]], options: dict[str, Any]) -> list[Column]:
    zone = options.get("timeZone")
    columns = _metadata_columns(options, zone) + _question_columns(survey, options)
    wanted = options.get("embeddedDataIds")
    for name in embedded_names(survey, responses):
        if not isinstance(wanted, list) or name in wanted:
            columns.append(Column(name, name, name, {"ImportId": name}))
    if options.get("sortByLastModifiedDate") is True:
        columns.append(
            Column("LastModifiedDate", "Last Modified Date", "recordedDate", {"ImportId": "lastModifiedDate"})
        )
    return columns


def _cell(column: Column, response: dict[str, Any], options: dict[str, Any]) -> Any:
    values = response["values"]
    value = values.get(column.key, "")
    question = column.question
    if value in ("", None):
        recode = options.get("seenUnansweredRecode")
        shown = question is not None and question.get("QuestionID") in (response.get("displayedFields") or [])
        return recode if shown and isinstance(recode, int) else ""
    if column.key in DATES:
        zone = ZoneInfo(str(options.get("timeZone") or "UTC"))
        return parse_iso(str(value)).astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
    if column.labels or options.get("useLabels") is True:
        if question is not None:
            value = label_of(question, value)
        elif column.key in (response.get("labels") or {}):
            value = response["labels"][column.key]
    if isinstance(value, str):
        if options.get("newlineReplacement") is not None:
            value = value.replace("\r\n", "\n").replace("\n", str(options["newlineReplacement"]))
        if options.get("formatDecimalAsComma") is True and column.key.startswith("location"):
            value = value.replace(".", ",")
    elif isinstance(value, float) and options.get("formatDecimalAsComma") is True:
        value = str(value).replace(".", ",")
    return value


def table(survey: dict[str, Any], responses: list[dict[str, Any]], options: dict[str, Any]) -> list[list[Any]]:
    columns = columns_of(survey, responses, options)
    rows: list[list[Any]] = [
        [c.name for c in columns],
        [c.text for c in columns],
        [json.dumps(c.import_id, separators=(",", ":")) for c in columns],
    ]
    rows.extend([_cell(c, response, options) for c in columns] for response in responses)
    return rows


def record(survey: dict[str, Any], response: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """A response as JSON exports hold it, narrowed by the id lists like the CSV columns."""
    keep = {c.key for c in columns_of(survey, [response], options)}
    values = {k: v for k, v in response["values"].items() if k in keep or "_FILE_" in k}
    labels = {k: v for k, v in (response.get("labels") or {}).items() if k in values}
    return {
        "responseId": response["responseId"],
        "values": values,
        "labels": labels,
        "displayedFields": list(response.get("displayedFields") or []),
        "displayedValues": dict(response.get("displayedValues") or {}),
    }


def render(survey: dict[str, Any], responses: list[dict[str, Any]], options: dict[str, Any]) -> bytes:
    fmt = options.get("format", "csv")
    if fmt in ("csv", "tsv", "spss"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
        writer.writerows(table(survey, responses, options))
        return buffer.getvalue().encode("utf-8")
    records = [record(survey, r, options) for r in responses]
    if fmt == "json":
        return json.dumps({"responses": records}, ensure_ascii=False).encode("utf-8")
    if fmt == "ndjson":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    parts = ["<?xml version='1.0' encoding='UTF-8'?><Responses>"]
    for item in records:
        fields = "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in item["values"].items() if k.isidentifier())
        parts.append(f"<Response>{fields}</Response>")
    return ("".join(parts) + "</Responses>").encode("utf-8")
