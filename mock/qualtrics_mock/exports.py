"""A response export: the options Qualtrics refuses, which responses it holds (dates on the recorded date,
limit, saved filter, in-progress, continuation token), and the file, zipped or bare.

The file layouts live in `export_layout.py`; this module decides what goes in and how it is packaged.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .envelope import ApiError, invalid_parameter
from .export_layout import render
from .response_filters import SavedFilter
from .state import Brand
from .surveydef import parse_iso

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
# The media of a bare (`compress: false`) file; recorded traffic shows only zips, so these follow the format.
MEDIA = {
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "json": "application/json",
    "ndjson": "application/x-ndjson",
    "xml": "application/xml",
    "spss": "application/octet-stream",
}
_TOKENS = "responses:continuation"  # brand.documents key: token -> what the exports up to it held


@dataclass(frozen=True)
class ExportFile:
    filename: str  # the download's name, before `+` quoting
    data: bytes

    @property
    def media(self) -> str:
        extension = self.filename.rsplit(".", 1)[-1]
        if extension == "zip":
            return "application/zip"
        fmt = next((f for f, ext in EXTENSIONS.items() if ext == extension), "spss")
        return MEDIA[fmt]


def _conflict(options: dict[str, Any], first: str, second: str) -> None:
    """Two options Qualtrics's document says cannot go together (a false flag counts as left out)."""
    if options.get(first) not in (None, False) and options.get(second) not in (None, False):
        raise ApiError(400, f"Invalid request. {first} cannot be used with {second}.")


def check_options(options: dict[str, Any]) -> None:
    """The combinations Qualtrics refuses with a 400, before any job starts."""
    if options.get("format") in ("json", "ndjson"):
        for name in JSON_FORBIDDEN:
            if name in options:
                raise invalid_parameter(name)
    if options.get("allowContinuation") is True and options.get("continuationToken"):
        raise ApiError(400, "Invalid request. allowContinuation must be left out when a continuationToken is sent.")
    _conflict(options, "allowContinuation", "filterId")
    _conflict(options, "sortByLastModifiedDate", "filterId")
    _conflict(options, "useLabels", "includeLabelColumns")
    zone = options.get("timeZone")
    if zone is not None:
        try:
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise invalid_parameter("timeZone") from exc
    for name in ("startDate", "endDate"):
        if name in options:
            try:
                parse_iso(str(options[name]))
            except ValueError as exc:
                raise invalid_parameter(name) from exc


def wants_token(options: dict[str, Any]) -> bool:
    return options.get("allowContinuation") is True or bool(options.get("continuationToken"))


def _stamp(response: dict[str, Any]) -> str:
    """What changes when a response is modified: an update moves its recorded date (to now, or by 1 ms)."""
    return str(response["values"].get("recordedDate", ""))


def seen_before(brand: Brand, survey_id: str, token: str | None) -> dict[str, str]:
    """Response id -> stamp of everything the exports up to this token held (400 for a token not ours)."""
    if not token:
        return {}
    found = brand.documents.get(_TOKENS, {}).get(token)
    if found is None or found["survey"] != survey_id:
        raise invalid_parameter("continuationToken")
    seen: dict[str, str] = found["seen"]
    return seen


def issue_token(brand: Brand, token: str, survey_id: str, seen: dict[str, str], chosen: list[dict[str, Any]]) -> None:
    held = dict(seen)
    held.update({r["responseId"]: _stamp(r) for r in chosen})
    brand.documents.setdefault(_TOKENS, {})[token] = {"survey": survey_id, "seen": held}


def select(
    responses: list[dict[str, Any]],
    options: dict[str, Any],
    saved_filter: SavedFilter | None = None,
    seen: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Which of these responses (recorded ones, or with `exportResponsesInProgress` the ones in progress) the
    export holds, in recorded order (modification order with `sortByLastModifiedDate`)."""
    start = parse_iso(str(options["startDate"])) if options.get("startDate") else None
    end = parse_iso(str(options["endDate"])) if options.get("endDate") else None
    by_modified = options.get("sortByLastModifiedDate") is True
    chosen = []
    for response in sorted(responses, key=_stamp):
        recorded: datetime = parse_iso(_stamp(response))
        if (start and recorded < start) or (end and recorded >= end):
            continue
        if saved_filter is not None and not saved_filter.keep(response):
            continue
        # Since a token: new responses only, or also the ones changed since, when ordered by modification.
        rid = response["responseId"]
        if seen is not None and rid in seen and (not by_modified or seen[rid] == _stamp(response)):
            continue
        chosen.append(response)
    limit = options.get("limit")
    return chosen[: int(limit)] if isinstance(limit, int) else chosen


def package(survey: dict[str, Any], chosen: list[dict[str, Any]], options: dict[str, Any]) -> ExportFile:
    """The download: a zip with one member named after the survey, or with `compress: false` the bare file."""
    fmt = str(options.get("format", "csv"))
    member = f"{survey['name']}.{EXTENSIONS.get(fmt, 'csv')}"
    data = render(survey, chosen, options)
    if options.get("compress") is False:
        return ExportFile(member, data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    return ExportFile(f"{survey['name']}.zip", buffer.getvalue())
