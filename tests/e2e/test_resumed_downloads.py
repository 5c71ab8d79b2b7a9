"""Downloads cut off mid-body over real HTTP resume with Range: the local Qualtrics drops each file answer after
a share of its bytes (a fault of its own), honours Range and If-Range on its file endpoints, and the client
comes back for the rest. A response export's bare CSV and a contact export's file (found through its url and
X-JWT token), sync and async."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from qualtrics_client import AsyncQualtrics, Qualtrics
from qualtrics_mock.faults import Fault
from qualtrics_mock.server import RunningServer


class Recording(httpx.HTTPTransport):
    """Real HTTP, with each request's path and Range header noted."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str | None]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.url.path, request.headers.get("range")))
        return super().handle_request(request)


class AsyncRecording(httpx.AsyncHTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str | None]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.url.path, request.headers.get("range")))
        return await super().handle_async_request(request)


@pytest.fixture
def server(local_qualtrics: RunningServer) -> Iterator[RunningServer]:
    local_qualtrics.mock.reset()
    yield local_qualtrics
    local_qualtrics.mock.faults.clear()


def _cut_each_answer(server: RunningServer, path: str, share: int) -> None:
    """Every answer under `path` drops after `share` bytes of its body."""
    server.mock.faults.clear()
    server.mock.faults.add(Fault("drop", every=1, after_bytes=share, paths=(path,)))


def _ranges(sent: list[tuple[str, str | None]], path: str) -> list[str | None]:
    return [rng for where, rng in sent if where.startswith(path)]


def test_a_response_export_cut_mid_body_resumes_with_range(server: RunningServer, tmp_path: Path) -> None:
    transport = Recording()
    with Qualtrics(server.token, base_url=server.base_url, sleep=lambda _: None, transport=transport) as qualtrics:
        survey_id = qualtrics.call("listSurveys").raw["result"]["elements"][0]["id"]
        outcome = qualtrics.run_job("exportResponses", survey_id=survey_id, body={"format": "csv", "compress": False})
        whole = b"".join(qualtrics.iter_file(outcome))
        share = len(whole) * 2 // 5  # each answer brings 40%: three requests
        path = f"/API/v3/surveys/{survey_id}/export-responses/{outcome.file_id}/file"
        _cut_each_answer(server, path, share)
        transport.sent.clear()
        saved = qualtrics.download(outcome, tmp_path / "export.csv")
    assert saved.read_bytes() == whole
    assert _ranges(transport.sent, path) == [None, f"bytes={share}-", f"bytes={2 * share}-"]
    assert next(iter(csv.reader(io.StringIO(whole.decode("utf-8-sig")))))[0]  # a real CSV, header row first
    assert not list(tmp_path.glob("*.part"))


def test_a_contact_export_cut_mid_body_resumes_with_range(server: RunningServer, tmp_path: Path) -> None:
    transport = Recording()
    with Qualtrics(server.token, base_url=server.base_url, sleep=lambda _: None, transport=transport) as qualtrics:
        directory_id = qualtrics.call("listDirectories").raw["result"]["elements"][0]["directoryId"]
        body = {"format": "csv", "embeddedData": ["Region"]}
        outcome = qualtrics.run_job("createContactExport", directory_id=directory_id, body=body)
        whole = b"".join(qualtrics.iter_file(outcome))
        share = len(whole) * 2 // 5
        path = f"/API/v3/directories/{directory_id}/export-contacts/{outcome.file_id}/file"
        _cut_each_answer(server, path, share)
        transport.sent.clear()
        saved = qualtrics.download(outcome, tmp_path)
    assert saved.read_bytes() == whole
    # The locating answer (short JSON, never cut), then the file in three ranged parts.
    assert _ranges(transport.sent, path) == [None, None, f"bytes={share}-", f"bytes={2 * share}-"]
    rows = list(csv.DictReader(io.StringIO(whole.decode("utf-8"))))
    assert len(rows) == outcome.progress.raw["result"]["totalContacts"]
    assert "Region" in rows[0]


def test_an_async_download_cut_mid_body_resumes_with_range(server: RunningServer, tmp_path: Path) -> None:
    transport = AsyncRecording()

    async def run() -> tuple[bytes, bytes, str]:
        async with AsyncQualtrics(server.token, base_url=server.base_url, transport=transport) as qualtrics:
            listed = await qualtrics.call("listSurveys")
            survey_id = listed.raw["result"]["elements"][0]["id"]
            outcome = await qualtrics.run_job(
                "exportResponses", survey_id=survey_id, body={"format": "ndjson", "compress": False}, poll_interval=0.01
            )
            whole = b"".join([chunk async for chunk in qualtrics.iter_file(outcome)])
            path = f"/API/v3/surveys/{survey_id}/export-responses/{outcome.file_id}/file"
            _cut_each_answer(server, path, len(whole) // 2 + 1)
            transport.sent.clear()
            saved = await qualtrics.download(outcome, tmp_path / "export.ndjson")
            return whole, saved.read_bytes(), path

    whole, saved, path = asyncio.run(run())
    assert saved == whole
    assert _ranges(transport.sent, path) == [None, f"bytes={len(whole) // 2 + 1}-"]
