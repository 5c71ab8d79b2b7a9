"""The job runner, driven by x-job: start, poll with backoff and progress, finish, fail, time out, stream."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qualtrics_client import JobFailed, JobProgress, JobTimeout, QualtricsError, Spec, iter_rows
from qualtrics_client.jobs import state

from ._httpx import httpx
from .conftest import Sleeps, envelope, make_async_client, make_client

EXPORT = "/API/v3/surveys/SV_1/export-responses"


def export_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Survey One.csv", "\ufeffResponseId,Q1\nR_1,yes\nR_2,no\n")
    return buffer.getvalue()


class ExportServer:
    def __init__(self, statuses: list[dict[str, Any]], file: bytes = b"") -> None:
        self.statuses = statuses
        self.file = file
        self.log: list[tuple[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.log.append((request.method, request.url.path))
        path = request.url.path
        if request.method == "POST" and path == EXPORT:
            return httpx.Response(200, json=envelope({"progressId": "ES_9"}))
        if path == f"{EXPORT}/ES_9":
            return httpx.Response(200, json=envelope(self.statuses.pop(0)))
        if path == f"{EXPORT}/F-1-def/file":
            return httpx.Response(
                200,
                content=self.file,
                headers={
                    "content-type": "application/zip",
                    "content-disposition": "attachment; filename=Survey+One.zip",
                },
            )
        return httpx.Response(
            404, json={"meta": {"httpStatus": "404", "error": {"errorCode": "NF", "errorMessage": path}}}
        )


RUNNING_THEN_DONE: list[dict[str, Any]] = [
    {"status": "inProgress", "percentComplete": 0.0},
    {"status": "in progress", "percentComplete": "50.0"},  # older spelling; number drifted to a string
    {"status": "complete", "percentComplete": 100.0, "fileId": "F-1-def"},
]


def test_export_runs_to_completion_and_downloads(spec: Spec, sleeps: Sleeps, tmp_path: Path) -> None:
    server = ExportServer([dict(s) for s in RUNNING_THEN_DONE], export_zip())
    reports: list[JobProgress] = []
    with make_client(server, sleeps, spec) as client:
        outcome = client.run_job(
            "exportResponses", survey_id="SV_1", body={"format": "csv"}, on_progress=reports.append
        )
        saved = client.download(outcome, tmp_path / "export.zip")
        into_dir = client.download(outcome, tmp_path)  # a directory: the server's file name is used
    assert (outcome.kind, outcome.progress_id, outcome.file_id, outcome.status) == (
        "responseExport",
        "ES_9",
        "F-1-def",
        "complete",
    )
    assert [(r.status, r.percent) for r in reports] == [("inProgress", 0.0), ("in progress", 50.0), ("complete", 100.0)]
    assert sleeps.calls == [1.0, 1.5]  # growing poll interval
    assert server.log == [
        ("POST", EXPORT),
        ("GET", f"{EXPORT}/ES_9"),
        ("GET", f"{EXPORT}/ES_9"),
        ("GET", f"{EXPORT}/ES_9"),
        ("GET", f"{EXPORT}/F-1-def/file"),
        ("GET", f"{EXPORT}/F-1-def/file"),
    ]
    assert saved.read_bytes() == export_zip()
    assert not (tmp_path / "export.zip.part").exists()
    assert into_dir == tmp_path / "Survey One.zip"
    assert into_dir.read_bytes() == export_zip()
    assert list(iter_rows(saved)) == [{"ResponseId": "R_1", "Q1": "yes"}, {"ResponseId": "R_2", "Q1": "no"}]


def test_failed_job_raises_with_ids(spec: Spec, sleeps: Sleeps) -> None:
    server = ExportServer([{"status": "inProgress"}, {"status": "failed", "failureReason": "too big"}])
    with make_client(server, sleeps, spec) as client, pytest.raises(JobFailed) as info:
        client.run_job("exportResponses", survey_id="SV_1")
    assert info.value.progress_id == "ES_9"
    assert info.value.kind == "responseExport"
    assert info.value.status == "failed"
    assert "too big" in str(info.value)


def test_job_timeout_raises_with_ids(spec: Spec, sleeps: Sleeps) -> None:
    server = ExportServer([{"status": "queued"} for _ in range(100)])
    with make_client(server, sleeps, spec) as client, pytest.raises(JobTimeout) as info:
        client.run_job("exportResponses", survey_id="SV_1", timeout=30.0, poll_interval=2.0, max_poll_interval=5.0)
    assert info.value.progress_id == "ES_9"
    assert info.value.status == "queued"
    assert sum(sleeps.calls) <= 30.0
    assert max(sleeps.calls) == 5.0


def test_contact_import_job_without_file(spec: Spec, sleeps: Sleeps) -> None:
    base = "/API/v3/directories/POOL_1/mailinglists/CG_2/contactimports"
    log: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        log.append(f"{request.method} {request.url.path}")
        if request.method == "POST":
            return httpx.Response(200, json=envelope({"id": "PGR_5"}))
        return httpx.Response(200, json=envelope({"status": "complete", "percentComplete": 100}))

    with make_client(handler, sleeps, spec) as client:
        outcome = client.run_job(
            "createContactsImport", directory_id="POOL_1", mailing_list_id="CG_2", body={"contacts": []}
        )
        with pytest.raises(QualtricsError, match="no file"):
            list(client.iter_file(outcome))
    assert outcome.progress_id == "PGR_5"
    assert outcome.file_id is None
    assert log == [f"POST {base}", f"GET {base}/PGR_5"]


def test_not_a_job(spec: Spec, sleeps: Sleeps) -> None:
    with (
        make_client(lambda r: httpx.Response(200, json=envelope({})), sleeps, spec) as client,
        pytest.raises(QualtricsError, match="does not start a job"),
    ):
        client.run_job("listWidgets")


def test_start_without_progress_id(spec: Spec, sleeps: Sleeps) -> None:
    with (
        make_client(lambda r: httpx.Response(200, json=envelope({})), sleeps, spec) as client,
        pytest.raises(QualtricsError, match="no progress id"),
    ):
        client.run_job("exportResponses", survey_id="SV_1")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("complete", "done"),
        ("Completed", "done"),
        ("inProgress", "running"),
        ("in progress", "running"),
        ("queued", "running"),
        ("failed", "failed"),
        ("cancelled", "failed"),
        ("somethingNew", "running"),
    ],
)
def test_status_spellings(status: str, expected: str) -> None:
    assert state(status) == expected


def _big_stream(total: int, chunk: int) -> Iterator[bytes]:
    block = b"x" * chunk
    for _ in range(total // chunk):
        yield block


def test_download_streams_without_buffering(spec: Spec, sleeps: Sleeps, tmp_path: Path) -> None:
    total = 64 * 1024 * 1024
    server = ExportServer([{"status": "complete", "fileId": "F-1-def"}])

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/file"):
            return httpx.Response(200, content=_big_stream(total, 256 * 1024))
        return server(request)

    with make_client(handler, sleeps, spec) as client:
        outcome = client.run_job("exportResponses", survey_id="SV_1")
        tracemalloc.start()
        try:
            path = client.download(outcome, tmp_path / "big.zip", chunk_size=256 * 1024)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert path.stat().st_size == total
    assert peak < 16 * 1024 * 1024  # a quarter of the file: it was never held whole


def test_iter_file_yields_chunks(spec: Spec, sleeps: Sleeps) -> None:
    server = ExportServer([{"status": "complete", "fileId": "F-1-def"}], b"0123456789" * 1000)
    with make_client(server, sleeps, spec) as client:
        outcome = client.run_job("exportResponses", survey_id="SV_1")
        chunks = list(client.iter_file(outcome, chunk_size=1000))
    assert len(chunks) == 10
    assert b"".join(chunks) == b"0123456789" * 1000


def test_file_download_retries_before_streaming(spec: Spec, sleeps: Sleeps) -> None:
    server = ExportServer([{"status": "complete", "fileId": "F-1-def"}], b"zipdata")
    failures = [503]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/file") and failures:
            return httpx.Response(failures.pop(), json={"meta": {"httpStatus": "503"}})
        return server(request)

    with make_client(handler, sleeps, spec) as client:
        outcome = client.run_job("exportResponses", survey_id="SV_1")
        assert b"".join(client.iter_file(outcome)) == b"zipdata"


@pytest.mark.anyio
async def test_async_export(spec: Spec, sleeps: Sleeps, tmp_path: Path) -> None:
    server = ExportServer([dict(s) for s in RUNNING_THEN_DONE], export_zip())
    reports: list[float | None] = []

    async def on_progress(report: JobProgress) -> None:
        reports.append(report.percent)

    async with make_async_client(server, sleeps, spec) as client:
        outcome = await client.run_job("exportResponses", survey_id="SV_1", on_progress=on_progress)
        saved = await client.download(outcome, tmp_path / "a.zip")
        chunks = [chunk async for chunk in client.iter_file(outcome, chunk_size=10)]
    assert reports == [0.0, 50.0, 100.0]
    assert saved.read_bytes() == export_zip() == b"".join(chunks)


@pytest.mark.anyio
async def test_async_job_failure(spec: Spec, sleeps: Sleeps) -> None:
    server = ExportServer([{"status": "failed"}])
    async with make_async_client(server, sleeps, spec) as client:
        with pytest.raises(JobFailed) as info:
            await client.run_job("exportResponses", survey_id="SV_1")
    assert info.value.progress_id == "ES_9"
