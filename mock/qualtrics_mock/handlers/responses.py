"""Responses: the export job (start -> progress -> zip), single responses, imports and bulk delete/update.

Bulk jobs change the stored data when they start (so a later export or get sees it); their progress still
walks the configured state machine so clients' polling is exercised.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote_plus

from starlette.responses import Response

from .. import exports
from ..context import NO_RESULT, Context, route
from ..envelope import invalid_parameter, not_found
from ..ids import prefix_of
from ..jobs import Job
from ..surveydef import make_response
from ..synth import example_result
from .common import survey_of, with_example


def _job_prefix(ctx: Context, default: str) -> str:
    """The progress id prefix the spec's start example shows (ES_, SI_...), so ids look like the reference's."""
    result = example_result(ctx.mock.spec, ctx.op)
    found = prefix_of(result.get("progressId")) if isinstance(result, dict) else None
    return found or default


def _start(ctx: Context, job: Job) -> dict[str, Any]:
    return with_example(ctx, {"progressId": job.job_id, "percentComplete": 0.0, "status": "inProgress"})


def _job(ctx: Context, kind: str, param: str) -> Job:
    job = ctx.brand.jobs.get(ctx.path.get(param, ""))
    if job is None or job.kind != kind or job.survey_id != ctx.path.get("surveyId"):
        raise not_found("progress")
    return job


def _responses(ctx: Context, survey_id: str) -> dict[str, dict[str, Any]]:
    return ctx.brand.responses.setdefault(survey_id, {})


# --- export -------------------------------------------------------------------------------------------------
@route("exportResponses")
def export_responses(ctx: Context) -> Any:
    survey = survey_of(ctx)
    options = dict(ctx.json)
    exports.check_options(options)
    job = ctx.mock.new_job(ctx.brand, "responseExport", _job_prefix(ctx, "ES_"), survey["id"])
    # Snapshot now: responses recorded after the export started are not in its file, as in Qualtrics.
    snapshot = [json.loads(json.dumps(r)) for r in _responses(ctx, survey["id"]).values()]
    survey_copy = json.loads(json.dumps(survey))
    job.file_id = ctx.mock.ids.file_id()
    brand = ctx.brand

    def finish(done: Job) -> None:
        assert done.file_id is not None  # noqa: S101 - set above
        brand.files[done.file_id] = exports.build_zip(survey_copy, snapshot, options)

    job.on_complete = finish
    return _start(ctx, job)


@route("getResponseExportProgress")
def export_progress(ctx: Context) -> Any:
    return _job(ctx, "responseExport", "exportProgressId").poll(ctx.now())


@route("getResponseExportFile")
def export_file(ctx: Context) -> Any:
    survey_of(ctx)
    found = ctx.brand.files.get(ctx.path["fileId"])
    if found is None:
        raise not_found("file")
    filename, data = found
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f"attachment; filename={quote_plus(filename)}"},
    )


# --- single responses ---------------------------------------------------------------------------------------
@route("createResponse")
def create_response(ctx: Context) -> Any:
    survey = survey_of(ctx)
    answers = dict(ctx.json.get("values") or {})
    response_id = ctx.mock.ids.new("R_")
    record = make_response(survey, response_id, answers, datetime.now(UTC), 0)
    record["values"].update(ctx.json.get("embeddedData") or {})
    _responses(ctx, survey["id"])[response_id] = record
    return with_example(ctx, {"responseId": response_id})


@route("getResponse")
def get_response(ctx: Context) -> Any:
    survey = survey_of(ctx)
    record = _responses(ctx, survey["id"]).get(ctx.path["responseId"])
    if record is None:
        raise not_found("response")
    return record


@route("deleteResponse")
def delete_response(ctx: Context) -> Any:
    survey = survey_of(ctx)
    if _responses(ctx, survey["id"]).pop(ctx.path["responseId"], None) is None:
        raise not_found("response")
    return NO_RESULT


@route("updateResponse")
def update_response(ctx: Context) -> Any:
    """Embedded data only (answers cannot change after submission); the body names the survey."""
    survey_id = ctx.json.get("surveyId")
    if not isinstance(survey_id, str):
        raise invalid_parameter("surveyId")
    record = _responses(ctx, survey_of(ctx, survey_id)["id"]).get(ctx.path["responseId"])
    if record is None:
        raise not_found("response")
    record["values"].update(ctx.json.get("embeddedData") or {})
    if ctx.json.get("resetRecordedDate"):
        record["values"]["recordedDate"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return NO_RESULT


@route("getResponseUploadedFile")
def uploaded_file(ctx: Context) -> Any:
    get_response(ctx)
    raise not_found("file")


# --- import -------------------------------------------------------------------------------------------------
def _import_rows(survey: dict[str, Any], text: str, delimiter: str) -> list[dict[str, Any]]:
    """Rows of a Qualtrics-style export (header, optional text and ImportId rows) as answers by question id."""
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        return []
    header = rows[0]
    body = rows[1:]
    while body and (body[0][:1] and (body[0][0].startswith("{") or body[0][0] == "Start Date")):
        body = body[1:]
    by_tag = {q["DataExportTag"]: qid for qid, q in survey["questions"].items()}
    answers_list = []
    for row in body:
        answers: dict[str, Any] = {}
        for column, value in zip(header, row, strict=False):
            qid = by_tag.get(column) or (column if column in survey["questions"] else None)
            if qid and value != "":
                answers[qid] = int(value) if value.isdigit() else value
        answers_list.append(answers)
    return answers_list


@route("importResponses")
def import_responses(ctx: Context) -> Any:
    survey = survey_of(ctx)
    upload = ctx.body.files.get("file")
    fmt = ctx.body.form.get("format") or ctx.json.get("format") or ctx.json.get("fileFormat") or "csv"
    if upload is None and not ctx.json.get("fileUrl"):
        raise invalid_parameter("file")
    # A fileUrl is not fetched (the mock has no network); the job completes with nothing imported.
    text = upload.data.decode("utf-8-sig", "replace") if upload is not None else ""
    job = ctx.mock.new_job(ctx.brand, "responseImport", _job_prefix(ctx, "SI_"), survey["id"])
    try:
        rows = _import_rows(survey, text, "\t" if fmt == "tsv" else ",")
    except csv.Error:
        # As in Qualtrics the import starts and then fails; the progress says so.
        rows = []
        job.settings.mode = "fail"
    stored = _responses(ctx, survey["id"])
    for answers in rows:
        response_id = ctx.mock.ids.new("R_")
        stored[response_id] = make_response(survey, response_id, answers, datetime.now(UTC), 0)
    job.payload["imported"] = len(rows)
    return _start(ctx, job)


@route("getResponseImportProgress")
def import_progress(ctx: Context) -> Any:
    return _job(ctx, "responseImport", "importProgressId").poll(ctx.now())


# --- bulk delete / update -----------------------------------------------------------------------------------
@route("deleteResponses")
def delete_responses(ctx: Context) -> Any:
    survey = survey_of(ctx)
    stored = _responses(ctx, survey["id"])
    deleted = 0
    for item in ctx.json.get("deletes") or []:
        if isinstance(item, dict) and stored.pop(str(item.get("responseId")), None) is not None:
            deleted += 1
    job = ctx.mock.new_job(ctx.brand, "responseDelete", _job_prefix(ctx, "BDR_"), survey["id"])
    job.payload["deleted"] = deleted
    return _start(ctx, job)


@route("getResponseDeleteProgress")
def delete_progress(ctx: Context) -> Any:
    return _job(ctx, "responseDelete", "progressId").poll(ctx.now())


@route("updateResponses")
def update_responses(ctx: Context) -> Any:
    survey = survey_of(ctx)
    stored = _responses(ctx, survey["id"])
    for item in ctx.json.get("updates") or []:
        record = stored.get(str(item.get("responseId"))) if isinstance(item, dict) else None
        if record is not None:
            record["values"].update(item.get("embeddedData") or {})
            record["values"].update(item.get("values") or {})
    job = ctx.mock.new_job(ctx.brand, "responseUpdate", _job_prefix(ctx, "BUR_"), survey["id"])
    return _start(ctx, job)


@route("getResponseUpdateProgress")
def update_progress(ctx: Context) -> Any:
    return _job(ctx, "responseUpdate", "progressId").poll(ctx.now())
