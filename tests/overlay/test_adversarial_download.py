"""Downloads across dropped connections: resumed with Range where the server honours it, restarted where it
does not, never a partial file that looks finished, never a leaked slot. Sync and async."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from qualtrics_client import ConnectionError, JobOutcome, QualtricsError, ServerError, Spec

from ._httpx import httpx
from .conftest import Sleeps, error_body, make_async_client, make_client

FILE = bytes(range(256)) * 4096  # 1 MiB that shows where every byte came from


def outcome(spec: Spec) -> JobOutcome:
    """A finished export whose file is F_1 (start and progress results are not read by downloads)."""
    unused: Any = None
    return JobOutcome(
        kind="responseExport",
        progress_id="ES_1",
        status="complete",
        file_id="F_1",
        start=unused,
        progress=unused,
        file_operation=spec.operation("getResponseExportFile"),
        path_values={"surveyId": "SV_1"},
    )


class _Breaking(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that sends `upto` bytes of `data`, then drops the connection (or just ends, when `silent`)."""

    def __init__(self, data: bytes, upto: int | None, *, silent: bool = False, close_fails: bool = False) -> None:
        self.data, self.upto, self.silent, self.close_fails = data, upto, silent, close_fails
        self.closed = False

    def _chunks(self) -> Iterator[bytes]:
        end = len(self.data) if self.upto is None else self.upto
        for start in range(0, end, 65536):
            yield self.data[start : min(end, start + 65536)]
        if self.upto is not None and not self.silent:
            raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")

    def __iter__(self) -> Iterator[bytes]:
        yield from self._chunks()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks():
            yield chunk

    def close(self) -> None:
        self.closed = True
        if self.close_fails:
            raise httpx.ReadError("connection reset while closing")

    async def aclose(self) -> None:
        self.close()


class FileServer:
    """Serves FILE, breaking the first `breaks` bodies at `cut`; honours Range when `ranges` is set."""

    def __init__(
        self,
        *,
        breaks: int = 1,
        cut: int = 300_000,
        ranges: bool = True,
        silent: bool = False,
        etags: list[str] | None = None,
        close_fails: bool = False,
    ) -> None:
        self.breaks, self.cut, self.ranges, self.silent = breaks, cut, ranges, silent
        self.etags = etags
        self.close_fails = close_fails
        self.requests: list[httpx.Request] = []
        self.streams: list[_Breaking] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        etag = self.etags[min(len(self.requests), len(self.etags)) - 1] if self.etags else '"v1"'
        headers = {
            "content-type": "application/zip",
            "content-disposition": "attachment; filename=export.zip",
            "etag": etag,
            "accept-ranges": "bytes" if self.ranges else "none",
        }
        start, status = 0, 200
        wanted = re.fullmatch(r"bytes=(\d+)-", request.headers.get("range", ""))
        if self.ranges and wanted and request.headers.get("if-range") in (None, etag):
            start, status = int(wanted.group(1)), 206
            headers["content-range"] = f"bytes {start}-{len(FILE) - 1}/{len(FILE)}"
        body = FILE[start:]
        headers["content-length"] = str(len(body))
        upto = None
        if self.breaks:
            self.breaks -= 1
            upto = min(self.cut, len(body))
        stream = _Breaking(body, upto, silent=self.silent, close_fails=self.close_fails)
        self.streams.append(stream)
        return httpx.Response(status, headers=headers, stream=stream)


def test_dropped_download_resumes_with_range(spec: Spec, sleeps: Sleeps, tmp_path: Path) -> None:
    server = FileServer(breaks=2)
    with make_client(server, sleeps, spec) as client:
        saved = client.download(outcome(spec), tmp_path)
    assert saved == tmp_path / "export.zip"
    assert saved.read_bytes() == FILE
    assert [r.headers.get("range") for r in server.requests] == [None, "bytes=300000-", "bytes=600000-"]
    assert server.requests[1].headers["if-range"] == '"v1"'
    assert not list(tmp_path.glob("*.part"))


def test_dropped_download_restarts_where_range_is_not_honoured(spec: Spec, sleeps: Sleeps, tmp_path: Path) -> None:
    server = FileServer(breaks=2, ranges=False)
    with make_client(server, sleeps, spec) as client:
        saved = client.download(outcome(spec), tmp_path / "out.zip")
    assert saved.read_bytes() == FILE
    assert len(server.requests) == 3


def test_body_shorter_than_announced_is_fetched_again(spec: Spec, sleeps: Sleeps, tmp_path: Path) -> None:
    server = FileServer(breaks=1, silent=True)  # ends cleanly, short of content-length
    with make_client(server, sleeps, spec) as client:
        saved = client.download(outcome(spec), tmp_path / "out.zip")
    assert saved.read_bytes() == FILE
    assert server.requests[1].headers["range"] == "bytes=300000-"


def test_download_that_keeps_failing_leaves_no_file(spec: Spec, sleeps: Sleeps, tmp_path: Path) -> None:
    server = FileServer(breaks=100, cut=0)  # no byte ever comes
    with make_client(server, sleeps, spec, max_retries=3) as client, pytest.raises(ConnectionError):
        client.download(outcome(spec), tmp_path / "out.zip")
    assert list(tmp_path.iterdir()) == []  # neither the file nor a .part
    assert len(server.requests) == 4
    assert all(stream.closed for stream in server.streams)


def test_download_error_status_is_typed_and_leaves_no_file(spec: Spec, sleeps: Sleeps, tmp_path: Path) -> None:
    handler = lambda request: httpx.Response(503, json=error_body(503, "E", "busy"))  # noqa: E731
    with make_client(handler, sleeps, spec, max_retries=1) as client, pytest.raises(ServerError):
        client.download(outcome(spec), tmp_path / "out.zip")
    assert list(tmp_path.iterdir()) == []


def test_html_page_instead_of_the_file_is_retried(spec: Spec, sleeps: Sleeps, tmp_path: Path) -> None:
    files = FileServer(breaks=0)
    answers = iter([httpx.Response(200, content=b"<html>proxy</html>", headers={"content-type": "text/html"})])

    def handler(request: httpx.Request) -> httpx.Response:
        return next(answers, None) or files(request)

    with make_client(handler, sleeps, spec) as client:
        assert client.download(outcome(spec), tmp_path / "out.zip").read_bytes() == FILE


def test_iter_file_resumes_without_repeating_bytes(spec: Spec, sleeps: Sleeps) -> None:
    server = FileServer(breaks=3, cut=200_000)
    with make_client(server, sleeps, spec) as client:
        assert b"".join(client.iter_file(outcome(spec), chunk_size=50_000)) == FILE


def test_iter_file_restart_skips_what_was_already_given(spec: Spec, sleeps: Sleeps) -> None:
    server = FileServer(breaks=2, cut=250_000, ranges=False)
    with make_client(server, sleeps, spec) as client:
        assert b"".join(client.iter_file(outcome(spec))) == FILE
    assert len(server.requests) == 3


def test_iter_file_refuses_a_file_that_changed(spec: Spec, sleeps: Sleeps) -> None:
    server = FileServer(breaks=1, ranges=False, etags=['"v1"', '"v2"'])
    with make_client(server, sleeps, spec) as client, pytest.raises(ConnectionError, match="changed"):
        b"".join(client.iter_file(outcome(spec)))


def test_a_failing_close_frees_the_slot(spec: Spec, sleeps: Sleeps, tmp_path: Path) -> None:
    server = FileServer(breaks=1, close_fails=True)
    with make_client(server, sleeps, spec, concurrency=1, async_concurrency=1) as client:
        slots = client._settings.limits
        client.download(outcome(spec), tmp_path / "a.zip")
        assert (slots.ordinary.in_use, slots.asynchronous.in_use) == (0, 0)
        chunks = client.iter_file(outcome(spec))
        next(chunks)
        chunks.close()  # the consumer stops early; closing the stream fails
        assert (slots.ordinary.in_use, slots.asynchronous.in_use) == (0, 0)


@pytest.mark.anyio
async def test_async_download_resumes_and_restarts(spec: Spec, sleeps: Sleeps, tmp_path: Path) -> None:
    for server in (FileServer(breaks=2), FileServer(breaks=2, ranges=False), FileServer(breaks=1, silent=True)):
        async with make_async_client(server, sleeps, spec) as client:
            saved = await client.download(outcome(spec), tmp_path / "out.zip")
            assert saved.read_bytes() == FILE
            streamed = [chunk async for chunk in client.iter_file(outcome(spec))]
            assert b"".join(streamed) == FILE


@pytest.mark.anyio
async def test_async_download_failing_leaves_no_file_and_no_slot(spec: Spec, sleeps: Sleeps, tmp_path: Path) -> None:
    server = FileServer(breaks=100, cut=0, close_fails=True)
    async with make_async_client(server, sleeps, spec, max_retries=2, concurrency=1, async_concurrency=1) as client:
        with pytest.raises(QualtricsError):
            await client.download(outcome(spec), tmp_path / "out.zip")
        limits: Any = client._settings.limits
        assert (limits.ordinary.in_use, limits.asynchronous.in_use) == (0, 0)
    assert list(tmp_path.iterdir()) == []  # noqa: ASYNC240 - a test's check after the client is closed


def test_range_refused_with_416_fetches_the_whole_file(spec: Spec, sleeps: Sleeps, tmp_path: Path) -> None:
    files = FileServer(breaks=1, ranges=False)

    def handler(request: httpx.Request) -> httpx.Response:
        if "range" in request.headers:
            return httpx.Response(416, json=error_body(416, "RANGE", "not satisfiable"))
        return files(request)

    with make_client(handler, sleeps, spec) as client:
        assert client.download(outcome(spec), tmp_path / "out.zip").read_bytes() == FILE
        assert b"".join(client.iter_file(outcome(spec))) == FILE
