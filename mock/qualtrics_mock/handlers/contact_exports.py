"""Contact exports as jobs with real files: the export's filter (as contact search takes it) picks the
directory's contacts, or one mailing list's; on completion the job writes a CSV or TSV of them with the named
embedded data fields. Progress speaks Qualtrics's states (`IN_PROGRESS`, `COMPLETED`, `ERROR`).

Qualtrics answers the file request with where the file is (`url`) and a `jwt` to fetch it with, in an `X-JWT`
header. The mock's `url` is the file request itself: sent with that header, it answers the file.
"""

from __future__ import annotations

import csv
import hmac
import io
from typing import Any

from ..context import Context, route
from ..envelope import ApiError, invalid_parameter, not_found
from ..file_ranges import file_response
from ..jobs import Job
from . import xm_records
from .common import directory_of
from .contact_filters import compile_filter
from .xm_records import contacts_of, list_ids_with

KIND = "contactExport"
STANDARD_COLUMNS = ("contactId", "firstName", "lastName", "email", "phone", "extRef", "language", "unsubscribed")
MEDIA = {"csv": "text/csv", "tsv": "text/tab-separated-values"}
_STATES = {"inProgress": "IN_PROGRESS", "complete": "COMPLETED", "failed": "ERROR"}


def _fields(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value] if isinstance(value, list) else []


def _write(rows: list[dict[str, Any]], fields: list[str], fmt: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writerow([*STANDARD_COLUMNS, *fields])
    for contact in rows:
        embedded = contact.get("embeddedData") or {}
        standard = [
            str(contact.get(c)).lower() if c == "unsubscribed" else contact.get(c) or "" for c in STANDARD_COLUMNS
        ]
        writer.writerow([*standard, *(embedded.get(f, "") for f in fields)])
    return buffer.getvalue().encode("utf-8")


def _job(ctx: Context, job_id: str) -> Job:
    job = ctx.brand.jobs.get(job_id)
    if job is None or job.kind != KIND or job.survey_id != ctx.path.get("directoryId"):
        raise not_found("contact export")
    return job


@route("createContactExport")
def create_export(ctx: Context) -> Any:
    directory_id = directory_of(ctx)
    fmt = str(ctx.json.get("format") or "csv")
    if fmt not in MEDIA:
        raise invalid_parameter("format")
    matches = compile_filter(ctx.json.get("filter") or None)
    list_id = ctx.json.get("contactListId")
    if list_id is not None and list_id not in ctx.brand.mailing_lists.get(directory_id, {}):
        raise not_found("mailing list")  # a list of another directory too, as for every list request
    fields = _fields(ctx.json.get("embeddedData"))
    job = ctx.mock.new_job(ctx.brand, KIND, "CEX_", directory_id)
    job.file_id = ctx.mock.ids.new("CEF_")
    jwt = ctx.mock.ids.new("", 40)
    job.payload.update(format=fmt, jwt=jwt)

    def finish(done: Job) -> None:
        # The file holds the contacts as they are when the export completes, as Qualtrics's would.
        chosen = [
            c
            for c in contacts_of(ctx).values()
            if (list_id is None or list_id in list_ids_with(ctx, c["contactId"]))
            and matches(xm_records.stamped(c), list_ids_with(ctx, c["contactId"]))
        ]
        done.payload["totalContacts"] = len(chosen)
        ctx.brand.files[str(done.file_id)] = (f"contacts.{fmt}", _write(chosen, fields, fmt))

    job.on_complete = finish
    return {"progressId": job.job_id}


@route("getContactExportProgress")
def export_progress(ctx: Context) -> Any:
    job = _job(ctx, ctx.path.get("progressId", ""))
    progress = job.poll(ctx.now())
    view: dict[str, Any] = {
        "status": _STATES.get(str(progress["status"]), "IN_PROGRESS"),
        "percentComplete": progress.get("percentComplete", 0.0),
    }
    if job.complete:
        view.update(fileId=job.file_id, totalContacts=job.payload.get("totalContacts", 0))
    return view


@route("getContactExportFile")
def export_file(ctx: Context) -> Any:
    file_id = ctx.path.get("fileId", "")
    job = next((j for j in ctx.brand.jobs.values() if j.kind == KIND and j.file_id == file_id), None)
    if job is None or job.survey_id != directory_of(ctx) or file_id not in ctx.brand.files:
        raise not_found("file")
    jwt = str(job.payload["jwt"])
    offered = ctx.request.headers.get("x-jwt")
    if offered is None:
        url = f"{ctx.base_url}{ctx.request.url.path}"
        return {"jwt": jwt, "url": url}
    if not hmac.compare_digest(offered, jwt):
        raise ApiError(403, "The X-JWT header does not grant this file.")
    name, content = ctx.brand.files[file_id]
    fmt = name.rsplit(".", 1)[-1]
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    return file_response(ctx.request, content, MEDIA.get(fmt, "text/csv"), disposition)
