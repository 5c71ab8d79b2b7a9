"""A survey's export files and response schema in Qualtrics's shapes, for the DataFrame tests."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

SATISFACTION = ["Very satisfied", "Satisfied", "Neutral", "Dissatisfied", "Very dissatisfied"]

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2019-09/schema",
    "type": "object",
    "properties": {
        "responseId": {"type": "string"},
        "values": {
            "type": "object",
            "properties": {
                "startDate": {
                    "type": "string",
                    "format": "date-time",
                    "description": "Start Date",
                    "dataType": "metadata",
                    "exportTag": "StartDate",
                },
                "duration": {
                    "type": "number",
                    "description": "Duration (in seconds)",
                    "dataType": "metadata",
                    "exportTag": "Duration (in seconds)",
                },
                "finished": {
                    "type": "integer",
                    "description": "Finished",
                    "dataType": "metadata",
                    "exportTag": "Finished",
                    "oneOf": [{"const": 0, "label": "False"}, {"const": 1, "label": "True"}],
                },
                "_recordId": {
                    "type": "string",
                    "description": "Response ID",
                    "dataType": "metadata",
                    "exportTag": "ResponseId",
                },
                "QID1": {
                    "type": "integer",
                    "description": "<p>How <b>satisfied</b> are you?</p>",
                    "questionId": "QID1",
                    "exportTag": "Q1",
                    "questionExportTag": "Q1",
                    "dataType": "question",
                    "oneOf": [{"const": i + 1, "label": label} for i, label in enumerate(SATISFACTION)],
                },
                "QID2_TEXT": {
                    "type": "string",
                    "description": "Please explain your rating.",
                    "questionId": "QID2",
                    "exportTag": "Q2",
                    "questionExportTag": "Q2",
                    "dataType": "question",
                },
            },
        },
    },
}

HEADER = [
    ["StartDate", "Duration (in seconds)", "Finished", "ResponseId", "Q1", "Q2", "Store"],
    [
        "Start Date",
        "Duration (in seconds)",
        "Finished",
        "Response ID",
        "How satisfied are you?",
        "Please explain your rating.",
        "Store",
    ],
    [
        json.dumps({"ImportId": k})
        for k in ("startDate", "duration", "finished", "_recordId", "QID1", "QID2_TEXT", "Store")
    ],
]
# (start, duration, finished, id, satisfaction code, comment, store) — the store is embedded data with
# leading zeros, which must stay text.
ANSWERS = [
    ("2025-01-01 09:30:00", "625", "1", "R_1", 1, "Great", "007"),
    ("2025-01-02 10:00:00", "37", "0", "R_2", 4, "NA", "012"),
    ("2025-01-03 11:15:30", "90", "1", "R_3", "", "", "120"),
]


def csv_text(labels: bool, rows: list[tuple[Any, ...]] | None = None, header: bool = True) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerows(HEADER if header else HEADER[:1])
    for start, duration, finished, rid, code, comment, store in rows if rows is not None else ANSWERS:
        answer = SATISFACTION[code - 1] if labels and isinstance(code, int) else code
        writer.writerow([start, duration, finished, rid, answer, comment, store])
    return "\ufeff" + out.getvalue()


def records() -> list[dict[str, Any]]:
    found = []
    for start, duration, finished, rid, code, comment, store in ANSWERS:
        values: dict[str, Any] = {
            "startDate": start.replace(" ", "T") + "Z",
            "duration": int(duration),
            "finished": int(finished),
            "_recordId": rid,
            "Store": store,
        }
        labels: dict[str, Any] = {"finished": "True" if finished == "1" else "False"}
        if isinstance(code, int):
            values["QID1"] = code
            labels["QID1"] = SATISFACTION[code - 1]
        if comment:
            values["QID2_TEXT"] = comment
        found.append({"responseId": rid, "values": values, "labels": labels})
    return found


def export_zip(path: Path, name: str, text: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, text)
    return path
