"""Responses: the export job (start -> progress -> file), single responses with their uploaded files, the
response schema, saved filters, imports and bulk delete/update.

Bulk jobs change the stored data when they start (so a later export or get sees it); their progress still
walks the configured state machine so clients' polling is exercised.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote_plus

from .. import envelope, exports, response_schema
from ..context import NO_RESULT, Context, route
from ..envelope import invalid_parameter, not_found
from ..file_ranges import file_response
from ..ids import prefix_of
from ..jobs import Job
from ..response_filters import filters_of, find_filter
from ..surveydef import make_response, parse_iso
from ..synth import example_result
from .common import paged, survey_of, with_example

_UPLOADS = "responses:uploads"  # brand.documents key: response id -> file id -> (name, media, bytes)
_RECORDED_AT = "responses:recordedAt"  # brand.documents key: response id -> mock clock when it was recorded
NOT_YET_AVAILABLE = "The Survey Response is not yet available. Please try again later."


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


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


# --- export -------------------------------------------------------------------------------------------------
def _in_progress(ctx: Context, survey: dict[str, Any]) -> list[dict[str, Any]]:
    """Responses in progress: the survey's sessions not yet finished, as an in-progress export shows them."""
    found = []
    for session in ctx.brand.sessions.values():
        if session.get("surveyId") != survey["id"] or session.get("finished"):
            continue
        started = session.get("started") or datetime.now(UTC)
        record = make_response(survey, session["id"], dict(session.get("answers") or {}), started, 0)
        answered = len(session.get("answers") or {})
        record["values"].update(finished=0, progress=round(100 * answered / max(len(survey["questions"]), 1)))
        found.append(record)
    return found


@route("exportResponses")
def export_responses(ctx: Context) -> Any:
    survey = survey_of(ctx)
    options = dict(ctx.json)
    exports.check_options(options)
    saved = None
    if options.get("filterId") is not None:
        saved = find_filter(ctx.brand, survey, str(options["filterId"]))
        if saved is None:
            raise invalid_parameter("filterId")
    token = options.get("continuationToken")
    seen = exports.seen_before(ctx.brand, survey["id"], str(token) if token else None)
    pool = _in_progress(ctx, survey) if options.get("exportResponsesInProgress") is True else None
    if pool is None:
        pool = list(_responses(ctx, survey["id"]).values())
    # Chosen now: responses recorded after the export started are not in its file, as in Qualtrics.
    chosen = _copy(exports.select(pool, options, saved, seen if token else None))
    job = ctx.mock.new_job(ctx.brand, "responseExport", _job_prefix(ctx, "ES_"), survey["id"])
    started = _start(ctx, job)
    if exports.wants_token(options):
        next_token = ctx.mock.ids.new("", 72)
        exports.issue_token(ctx.brand, next_token, survey["id"], seen, chosen)
        started["continuationToken"] = next_token
        job.finished_fields["continuationToken"] = next_token
    survey_copy = _copy(survey)
    job.file_id = ctx.mock.ids.file_id()
    brand = ctx.brand

    def finish(done: Job) -> None:
        assert done.file_id is not None  # noqa: S101 - set above
        file = exports.package(survey_copy, chosen, options)
        brand.files[done.file_id] = (file.filename, file.data)

    job.on_complete = finish
    return started


@route("getResponseExportProgress")
def export_progress(ctx: Context) -> Any:
    return _job(ctx, "responseExport", "exportProgressId").poll(ctx.now())


@route("getResponseExportFile")
def export_file(ctx: Context) -> Any:
    survey_of(ctx)
    found = ctx.brand.files.get(ctx.path["fileId"])
    if found is None:
        raise not_found("file")
    file = exports.ExportFile(*found)
    disposition = {"Content-Disposition": f"attachment; filename={quote_plus(file.filename)}"}
    return file_response(ctx.request, file.data, file.media, disposition)


@route("listSurveyFilters")
def list_filters(ctx: Context) -> Any:
    survey = survey_of(ctx)
    return paged(ctx, [saved.listed() for saved in filters_of(ctx.brand, survey)])


@route("getResponseSchema")
def get_schema(ctx: Context) -> Any:
    survey = survey_of(ctx)
    return response_schema.build(survey, list(_responses(ctx, survey["id"]).values()), ctx.base_url)


# --- single responses ---------------------------------------------------------------------------------------
def _json_part(ctx: Context, name: str) -> dict[str, Any]:
    try:
        value = json.loads(ctx.body.form.get(name, ""))
    except ValueError as exc:
        raise invalid_parameter(name) from exc
    if not isinstance(value, dict):
        raise invalid_parameter(name)
    return value


def _uploads(ctx: Context, response_id: str) -> dict[str, tuple[str, str, bytes]]:
    by_response: dict[str, dict[str, tuple[str, str, bytes]]] = ctx.brand.documents.setdefault(_UPLOADS, {})
    return by_response.setdefault(response_id, {})


def _attach_files(ctx: Context, response_id: str, values: dict[str, Any], mapping: dict[str, Any]) -> None:
    """Each file part goes to the File Upload question `fileMapping` names; the response's values then carry
    `<QID>_FILE_ID`, `_FILE_NAME`, `_FILE_SIZE` and `_FILE_TYPE` (the field names are the mock's inference)."""
    for part, upload in ctx.body.files.items():
        question = mapping.get(part)
        if not isinstance(question, str) or not question:
            continue  # a file no question takes is not kept, as the form only maps the parts it names
        file_id = ctx.mock.ids.new("F_")
        name = upload.filename or part
        media = upload.content_type or "application/octet-stream"
        _uploads(ctx, response_id)[file_id] = (name, media, upload.data)
        values.update(
            {
                f"{question}_FILE_ID": file_id,
                f"{question}_FILE_NAME": name,
                f"{question}_FILE_SIZE": len(upload.data),
                f"{question}_FILE_TYPE": media,
            }
        )


@route("createResponse")
def create_response(ctx: Context) -> Any:
    survey = survey_of(ctx)
    multipart = ctx.body.media == "multipart/form-data"
    body = _json_part(ctx, "response") if multipart else ctx.json
    values = body.get("values")
    if not isinstance(values, dict):
        raise invalid_parameter("values")
    response_id = ctx.mock.ids.new("R_")
    record = make_response(survey, response_id, dict(values), datetime.now(UTC), 0)
    record["values"].update(body.get("embeddedData") or {})  # older clients send it beside `values`
    if multipart:
        _attach_files(ctx, response_id, record["values"], _json_part(ctx, "fileMapping"))
    _responses(ctx, survey["id"])[response_id] = record
    note_recorded(ctx, response_id)
    return with_example(ctx, {"responseId": response_id})


def _record(ctx: Context) -> dict[str, Any]:
    survey = survey_of(ctx)
    record = _responses(ctx, survey["id"]).get(ctx.path["responseId"])
    if record is None:
        raise not_found("response")
    return record


def note_recorded(ctx: Context, response_id: str) -> None:
    """When a response was recorded, so a get moments later can answer that it is not yet available."""
    recorded: dict[str, float] = ctx.brand.documents.setdefault(_RECORDED_AT, {})
    recorded[response_id] = ctx.now()


@route("getResponse")
def get_response(ctx: Context) -> Any:
    record = _record(ctx)
    settle = ctx.mock.response_settle_seconds
    recorded = ctx.brand.documents.get(_RECORDED_AT, {}).get(ctx.path["responseId"])
    if settle > 0 and recorded is not None and ctx.now() - recorded < settle:
        return envelope.success({"message": NOT_YET_AVAILABLE}, 202)
    return record


@route("deleteResponse")
def delete_response(ctx: Context) -> Any:
    survey = survey_of(ctx)
    if _responses(ctx, survey["id"]).pop(ctx.path["responseId"], None) is None:
        raise not_found("response")
    ctx.brand.documents.get(_UPLOADS, {}).pop(ctx.path["responseId"], None)
    return NO_RESULT


def _moved_recorded_date(recorded: str, reset: bool) -> str:
    """Qualtrics: reset (the default) makes it now; otherwise it moves by one millisecond."""
    moment = datetime.now(UTC) if reset else parse_iso(recorded) + timedelta(milliseconds=1)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@route("updateResponse")
def update_response(ctx: Context) -> Any:
    """Embedded data only (answers cannot change after submission); the body names the survey."""
    survey_id = ctx.json.get("surveyId")
    if not isinstance(survey_id, str):
        raise invalid_parameter("surveyId")
    record = _responses(ctx, survey_of(ctx, survey_id)["id"]).get(ctx.path["responseId"])
    if record is None:
        raise not_found("response")
    values = record["values"]
    values.update(ctx.json.get("embeddedData") or {})
    values["recordedDate"] = _moved_recorded_date(
        str(values["recordedDate"]), bool(ctx.json.get("resetRecordedDate", True))
    )
    return NO_RESULT


def _uploaded(ctx: Context) -> dict[str, tuple[str, str, bytes]]:
    _record(ctx)
    files = _uploads(ctx, ctx.path["responseId"])
    if ctx.path["fileId"] not in files:
        raise not_found("file")
    return files


@route("getResponseUploadedFile")
def uploaded_file(ctx: Context) -> Any:
    name, media, data = _uploaded(ctx)[ctx.path["fileId"]]
    return file_response(ctx.request, data, media, {"Content-Disposition": f"attachment; filename={quote_plus(name)}"})


@route("deleteResponseUploadedFile")
def delete_uploaded_file(ctx: Context) -> Any:
    _uploaded(ctx).pop(ctx.path["fileId"])
    values = _record(ctx)["values"]
    for key in [k for k, v in values.items() if k.endswith("_FILE_ID") and v == ctx.path["fileId"]]:
        stem = key.removesuffix("_FILE_ID")
        for suffix in ("_FILE_ID", "_FILE_NAME", "_FILE_SIZE", "_FILE_TYPE"):
            values.pop(stem + suffix, None)
    return NO_RESULT


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


def _charset(ctx: Context) -> str:
    """From the form or JSON `charset`, the media type's parameter or Qualtrics's `charset` header."""
    named = ctx.body.form.get("charset") or ctx.json.get("charset") or ctx.request.headers.get("charset")
    if not named:
        media = ctx.request.headers.get("content-type", "")
        named = next((p.split("=", 1)[1] for p in media.split(";")[1:] if p.strip().startswith("charset=")), "")
    try:
        return codecs.lookup(named.strip() or "utf-8-sig").name
    except LookupError:
        return "utf-8"  # an unknown name reads as UTF-8 (undecodable bytes replaced) rather than failing the job


@route("importResponses")
def import_responses(ctx: Context) -> Any:
    survey = survey_of(ctx)
    upload = ctx.body.files.get("file")
    media = ctx.body.media or ""
    fmt = ctx.body.form.get("format") or ctx.json.get("format") or ("tsv" if "tsv" in media else "csv")
    if upload is None and not ctx.json.get("fileUrl"):
        raise invalid_parameter("file")
    encoding = _charset(ctx)
    # A fileUrl is not fetched (the mock has no network); the job completes with nothing imported.
    text = upload.data.decode(encoding, "replace") if upload is not None else ""
    job = ctx.mock.new_job(ctx.brand, "responseImport", _job_prefix(ctx, "SI_"), survey["id"])
    try:
        rows = _import_rows(survey, text.removeprefix("\ufeff"), "\t" if fmt == "tsv" else ",")
    except csv.Error:
        # As in Qualtrics the import starts and then fails; the progress says so.
        rows = []
        job.settings.mode = "fail"
    stored = _responses(ctx, survey["id"])
    for answers in rows:
        response_id = ctx.mock.ids.new("R_")
        stored[response_id] = make_response(survey, response_id, answers, datetime.now(UTC), 0)
        stored[response_id]["values"]["status"] = 4  # Qualtrics marks imported responses with response type 4
        stored[response_id]["labels"]["status"] = "Imported"
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
