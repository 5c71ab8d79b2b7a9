"""A survey's responses as a DataFrame in one call: export (the caller's options only), poll, download to a
file (never into memory), fetch the response schema for types, read."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pandas as pd

from .._progress import ProgressDisplay
from ..errors import NotFound
from .options import EXPORT_OPERATION, continuation_of, export_body
from .table import ATTRS_KEY, read_responses

if TYPE_CHECKING:
    from ..async_client import AsyncQualtrics
    from ..client import Qualtrics

SchemaChoice = bool | Mapping[str, Any]


def build_body(
    client: Qualtrics | AsyncQualtrics, fmt: str, labels: bool, options: Mapping[str, Any]
) -> dict[str, Any]:
    """The export body: `format`, the caller's options, and `useLabels` for csv/tsv when `labels` is asked for
    and the caller chose neither `useLabels` nor `includeLabelColumns` (which Qualtrics refuses together)."""
    body = export_body(client.spec, {"format": fmt, **options})
    if fmt in ("csv", "tsv") and labels and not {"useLabels", "includeLabelColumns"} & set(body):
        body["useLabels"] = True
    return body


def _labelled(body: Mapping[str, Any], labels: bool) -> bool:
    """Whether to read labels: JSON formats carry both codes and labels (the caller chooses), CSV/TSV hold
    labels only when the export asked for them."""
    return labels if body.get("format") in ("json", "ndjson") else bool(body.get("useLabels"))


def _schema_path(survey_id: str) -> str:
    return f"/API/v3/surveys/{quote(survey_id, safe='')}/response-schema"


def response_schema(client: Qualtrics, survey_id: str) -> dict[str, Any] | None:
    """The survey's response schema (`getResponseSchema`), or None where Qualtrics has none for it."""
    try:
        result = client.request("GET", _schema_path(survey_id)).result
    except NotFound:
        return None
    return result if isinstance(result, dict) else None


async def response_schema_async(client: AsyncQualtrics, survey_id: str) -> dict[str, Any] | None:
    try:
        result = (await client.request("GET", _schema_path(survey_id))).result
    except NotFound:
        return None
    return result if isinstance(result, dict) else None


def _finish(
    path: Path, schema: Mapping[str, Any] | None, body: dict[str, Any], survey_id: str, token: str | None, **read: Any
) -> pd.DataFrame:
    frame = read_responses(path, schema=schema, time_zone=body.get("timeZone"), **read)
    frame.attrs[ATTRS_KEY].update({"survey_id": survey_id, "continuation_token": token, "export": body})
    return frame


def fetch_responses(
    client: Qualtrics,
    survey_id: str,
    *,
    format: str = "csv",
    labels: bool = True,
    schema: SchemaChoice = True,
    column_names: str = "tags",
    progress: ProgressDisplay | None = None,
    save_to: str | PathLike[str] | None = None,
    poll_interval: float = 1.0,
    timeout: float = 3600.0,
    **options: Any,
) -> pd.DataFrame:
    """Export a survey's responses and read them as a DataFrame (see `read_responses` for the columns).

    `options`: any export option of the spec's `ResponseExportRequest`, by its name or in snake_case
    (`start_date=`, `time_zone=`, `question_ids=`, `filter_id=`, `allow_continuation=True`,
    `continuation_token=`...); only those given are sent. `schema`: True fetches the survey's response schema
    for types and labels, False reads without one, a mapping is used as the schema. `save_to`: keep the zip
    there (otherwise it lives in a temporary directory while it is read). With `allow_continuation=True` or a
    `continuation_token`, `continuation_token(frame)` gives the token of the next incremental pull.
    """
    body = build_body(client, format, labels, options)
    outcome = client.run_job(
        EXPORT_OPERATION,
        survey_id=survey_id,
        body=body,
        progress=progress,
        poll_interval=poll_interval,
        timeout=timeout,
    )
    token = continuation_of(outcome)
    fields = response_schema(client, survey_id) if schema is True else (schema or None)
    read = {"labels": _labelled(body, labels), "column_names": column_names}
    if save_to is not None:
        return _finish(client.download(outcome, save_to, progress=progress), fields, body, survey_id, token, **read)
    with tempfile.TemporaryDirectory(prefix="qualtrics-export-") as folder:
        path = client.download(outcome, Path(folder), progress=progress)
        return _finish(path, fields, body, survey_id, token, **read)


async def fetch_responses_async(
    client: AsyncQualtrics,
    survey_id: str,
    *,
    format: str = "csv",
    labels: bool = True,
    schema: SchemaChoice = True,
    column_names: str = "tags",
    progress: ProgressDisplay | None = None,
    save_to: str | PathLike[str] | None = None,
    poll_interval: float = 1.0,
    timeout: float = 3600.0,  # noqa: ASYNC109 - the job's wall time, enforced by the poller
    **options: Any,
) -> pd.DataFrame:
    """`fetch_responses` for `AsyncQualtrics` (the file is read in the calling thread once downloaded)."""
    body = build_body(client, format, labels, options)
    outcome = await client.run_job(
        EXPORT_OPERATION,
        survey_id=survey_id,
        body=body,
        progress=progress,
        poll_interval=poll_interval,
        timeout=timeout,
    )
    token = continuation_of(outcome)
    fields = await response_schema_async(client, survey_id) if schema is True else (schema or None)
    read = {"labels": _labelled(body, labels), "column_names": column_names}
    if save_to is not None:
        path = await client.download(outcome, save_to, progress=progress)
        return _finish(path, fields, body, survey_id, token, **read)
    with tempfile.TemporaryDirectory(prefix="qualtrics-export-") as folder:
        path = await client.download(outcome, Path(folder), progress=progress)
        return _finish(path, fields, body, survey_id, token, **read)
