"""Against the real generated package and its bundled spec (skipped until `make generate` produced them)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from qualtrics_client import Qualtrics

from ._httpx import httpx
from .conftest import TOKEN, Sleeps, envelope


def _client(handler: httpx.MockTransport, sleeps: Sleeps) -> Qualtrics:
    return Qualtrics(TOKEN, datacenter="iad1", transport=handler, sleep=sleeps, clock=sleeps.clock, rand=lambda: 1.0)


def test_export_job_with_generated_modules(sleeps: Sleeps, tmp_path: Path) -> None:
    pytest.importorskip("qualtrics_api.api.responses.export_responses")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("s.ndjson", '{"responseId": "R_1"}\n{"responseId": "R_2"}\n')
    log: list[tuple[str, str, bytes]] = []
    statuses = [
        {"status": "inProgress", "percentComplete": 10.0},
        {"status": "complete", "percentComplete": 100.0, "fileId": "1234-def"},
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        log.append((request.method, request.url.path, request.content))
        if request.method == "POST":
            return httpx.Response(
                200, json=envelope({"progressId": "ES_1", "percentComplete": 0, "status": "inProgress"})
            )
        if request.url.path.endswith("/file"):
            return httpx.Response(200, content=buffer.getvalue(), headers={"content-type": "application/zip"})
        return httpx.Response(200, json=envelope(statuses.pop(0)))

    with _client(httpx.MockTransport(handler), sleeps) as client:
        outcome = client.run_job("exportResponses", survey_id="SV_1", body={"format": "ndjson"})
        path = client.download(outcome, tmp_path / "x.zip")
    assert [(m, p) for m, p, _ in log] == [
        ("POST", "/API/v3/surveys/SV_1/export-responses"),
        ("GET", "/API/v3/surveys/SV_1/export-responses/ES_1"),
        ("GET", "/API/v3/surveys/SV_1/export-responses/ES_1"),
        ("GET", "/API/v3/surveys/SV_1/export-responses/1234-def/file"),
    ]
    assert json.loads(log[0][2]) == {"format": "ndjson"}
    assert outcome.file_id == "1234-def"
    assert path.read_bytes() == buffer.getvalue()


def test_dict_body_for_json_or_multipart_operation(sleeps: Sleeps) -> None:
    pytest.importorskip("qualtrics_api.api.directories.create_contacts_import")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=envelope({"progressId": "PGR_1"}))

    with _client(httpx.MockTransport(handler), sleeps) as client:
        client.call(
            "createContactsImport",
            directory_id="POOL_1",
            mailing_list_id="CG_1",
            body={"contacts": [{"email": "a@example.com"}]},
        )
    assert seen[0].headers["content-type"] == "application/json"
    assert json.loads(seen[0].content) == {"contacts": [{"email": "a@example.com"}]}


def test_every_list_operation_declares_its_cursor() -> None:
    from qualtrics_client._spec import packaged_spec

    spec = packaged_spec()
    listed = [op for op in spec.operations if op.pagination is not None]
    assert listed
    for op in listed:
        assert op.pagination is not None
        assert op.pagination.get("style") in {"nextPage", "offset", "skipToken"}
    for op in spec.operations:
        job = op.job
        if job and job.get("role") == "start":
            assert spec.operation(job["progress"]).job is not None
