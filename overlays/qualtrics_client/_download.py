"""Fetching a job's file whole, across dropped connections.

A body that breaks off (a dropped connection, a read timeout, garbled compression, fewer bytes than
announced) is fetched again: from where it stopped with `Range` (and `If-Range`, so a changed file comes
whole) when the server honours it, from the start otherwise. A file on disk is then rewritten; a consumer of
`iter_file`, who already has the first bytes, gets only the rest, and an error if the file changed meanwhile.
A download is written to `<name>.part`, renamed only once every announced byte is there.

`Transfer` holds those decisions for the sync and async loops alike.

A file operation whose `x-job` names a `locator` answers where the file is (a URL and a token, as contact
exports do) instead of the file: that answer is read first, and the file is then fetched from the URL with the
token in the header the locator names. The fetch is an ordinary call, so the URL passes the same origin check
as every request before any credential, the token included, is sent; it resumes like any other download, and a
token refused on a resumed request (401 or 403) has the file located again, once.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator, Callable, Iterator
from os import PathLike
from pathlib import Path
from typing import IO

from . import _http, _retry
from ._attempts import Call
from ._body import NOT_PARSED
from ._engine import AsyncEngine, SyncEngine
from ._file_locator import Locator, alocate, locate
from ._progress import DownloadTask, ProgressDisplay, download_task
from .errors import APIError, ConnectionError

_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$", re.IGNORECASE)


class _Broken(Exception):
    """A body that ended without error but short of what was announced."""


def _length(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdigit() else None


class Transfer:
    """Where a file transfer stands: bytes delivered, what the server promised, when to give up."""

    def __init__(self, call: Call, policy: _retry.RetryPolicy, rand: Callable[[], float], *, rewind: bool) -> None:
        self._call = call
        self._policy = policy
        self._rand = rand
        self._rewind = rewind  # a file can be truncated; a consumer cannot give bytes back
        self.delivered = 0  # bytes of the file written or handed over so far
        self._position = 0  # offset in the file of the next byte of the current body
        self._total: int | None = None  # the whole file's length, when known
        self._validator: str | None = None  # ETag or Last-Modified of the first answer
        self._ranges = True  # False once Range is pointless (compressed bodies, a server that mangles it)
        self._failures = 0  # breaks in a row without new bytes
        self._relocated = False  # whether a located file's URL and token were asked for again
        self._mark = 0

    def call(self) -> Call:
        """The next request: ranged when bytes are already in and the server may honour it."""
        headers = dict(self._call.parts.headers)
        if self.delivered and self._ranges:
            headers["Range"] = f"bytes={self.delivered}-"
            if self._validator is not None:
                headers["If-Range"] = self._validator
        parts = dataclasses.replace(self._call.parts, headers=headers)
        return dataclasses.replace(self._call, parts=parts, payload=NOT_PARSED)

    def token_expired(self, exc: APIError, locator: Locator | None) -> bool:
        """A located file's token refused on a resumed request (it may live shorter than the download): once,
        the file is located again and the transfer goes on with the new URL and token."""
        if locator is None or exc.http_status not in (401, 403) or not self.delivered or self._relocated:
            return False
        self._relocated = True
        return True

    def retarget(self, call: Call) -> None:
        self._call = call

    def range_refused(self, exc: APIError) -> bool:
        """A 416 to our Range (the file is shorter than we thought): ask for the whole file instead."""
        if exc.http_status == 416 and self.delivered and self._ranges:
            self._ranges = False
            return True
        return False

    def begin(self, response: _http.Response) -> bool:
        """Take in a new answer's headers; True when a file written so far must be emptied first."""
        headers = response.headers
        validator = headers.get("etag") or headers.get("last-modified")
        if validator is not None and validator.startswith("W/"):
            validator = None  # weak validators may not be used with If-Range
        encoded = (headers.get("content-encoding") or "identity").strip().lower() != "identity"
        if self.delivered == 0 and self._validator is None:
            self._validator = validator
        ranged = _CONTENT_RANGE.match(headers.get("content-range") or "") if response.status_code == 206 else None
        if ranged is not None and int(ranged.group(1)) == self.delivered and not encoded:
            self._position = self.delivered
            total = ranged.group(3)
            self._total = int(total) if total != "*" else self._total
            return False
        if response.status_code == 206:
            # A range we did not ask for, or one we cannot place: ask for the whole file next time.
            self._ranges = False
            raise _Broken("the server answered a range that does not continue the file")
        # The whole file again.
        self._ranges = self._ranges and not encoded
        length = None if encoded else _length(headers.get("content-length"))
        if self.delivered and not self._rewind:
            changed = (validator is not None and self._validator is not None and validator != self._validator) or (
                length is not None and self._total is not None and length != self._total
            )
            if changed:
                raise ConnectionError("the file changed while it was being read; start again")
        self._total = length if length is not None else self._total
        self._position = 0
        if self.delivered and self._rewind:
            self.delivered = 0
            return True
        return False

    def take(self, chunk: bytes) -> bytes:
        """The part of `chunk` not delivered yet (a restarted body repeats what a consumer already has)."""
        start = self._position
        self._position += len(chunk)
        if self._position <= self.delivered:
            return b""
        fresh = chunk[max(0, self.delivered - start) :]
        self.delivered = self._position
        return fresh

    def end(self) -> None:
        """The body ended cleanly: complete only if every announced byte came."""
        if self._total is not None and self.delivered < self._total:
            raise _Broken(f"the body ended after {self.delivered} of {self._total} bytes")

    def after_break(self, why: str) -> float | None:
        """None when every announced byte is in (only the closing failed), else seconds to wait before asking
        again; raises once breaks without new bytes have used the retry budget."""
        if self._total is not None and self.delivered >= self._total:
            return None
        if self.delivered > self._mark:
            self._mark, self._failures = self.delivered, 0
        self._failures += 1
        if self._failures > self._policy.max_retries:
            raise ConnectionError(f"download failed after {self._failures} attempts in a row: {why}")
        return _retry.delay(self._policy, self._failures - 1, None, self._rand)


class _Chunks:
    """Bytes regrouped into chunks of the caller's size. Kept outside httpx's own chunking, which would
    lose what it buffered when the connection drops: here the buffer outlives the body it came from."""

    def __init__(self, size: int) -> None:
        self._size = max(1, size)
        self._buffer = bytearray()

    def add(self, data: bytes) -> Iterator[bytes]:
        self._buffer += data
        while len(self._buffer) >= self._size:
            chunk = bytes(self._buffer[: self._size])
            del self._buffer[: self._size]
            yield chunk

    def rest(self) -> Iterator[bytes]:
        if self._buffer:
            chunk = bytes(self._buffer)
            self._buffer.clear()
            yield chunk


# Raised while reading a body: all mean the body broke off and may be fetched again.
_BREAKS = (_http.TransportError, _http.DecodingError, _Broken)


def _why(exc: BaseException) -> str:
    # Type names only for httpx errors: their messages can carry URLs.
    return str(exc) if isinstance(exc, _Broken) else type(exc).__name__


class _File:
    """The `.part` file a download writes, named from the first answer."""

    def __init__(self, path: str | PathLike[str], fallback: str, progress: ProgressDisplay | None) -> None:
        self._path, self._fallback, self._progress = path, fallback, progress
        self.target: Path | None = None
        self.partial: Path | None = None
        self.handle: IO[bytes] | None = None
        self.shown: DownloadTask | None = None
        self.written = 0

    def open(self, response: _http.Response) -> IO[bytes]:
        if self.handle is None:
            from . import files  # deferred: zipfile and csv are for exports only, not every process

            self.target = files.target_path(self._path, response.headers.get("content-disposition"), self._fallback)
            self.partial = self.target.with_name(self.target.name + ".part")
            self.handle = self.partial.open("wb")
            self.shown = download_task(self._progress, self.target.name, response.headers)
        return self.handle

    def restart(self) -> None:
        if self.handle is not None:
            self.handle.seek(0)
            self.handle.truncate()
            self.written = 0

    def write_all(self, chunks: Iterator[bytes]) -> None:
        for data in chunks:
            if self.handle is not None:
                self.handle.write(data)
                self.written += len(data)
                if self.shown is not None:
                    self.shown.advance(len(data))

    def finish(self) -> Path:
        if self.handle is None or self.partial is None or self.target is None:
            raise ConnectionError("the download ended before any answer came")
        self.handle.close()
        if self.shown is not None:
            self.shown.finish(self.written)
        self.partial.replace(self.target)
        return self.target

    def discard(self) -> None:
        if self.handle is not None:
            self.handle.close()
        if self.partial is not None:
            self.partial.unlink(missing_ok=True)


def download(
    engine: SyncEngine,
    call: Call,
    path: str | PathLike[str],
    fallback: str,
    *,
    chunk_size: int,
    progress: ProgressDisplay | None = None,
    locator: Locator | None = None,
) -> Path:
    transfer = Transfer(locate(engine, call, locator), engine.settings.policy, engine.settings.rand, rewind=True)
    out = _File(path, fallback, progress)
    chunks = _Chunks(chunk_size)
    try:
        while True:
            try:
                response, release = engine.send(transfer.call(), stream=True)
            except APIError as exc:
                if transfer.token_expired(exc, locator):
                    transfer.retarget(locate(engine, call, locator))
                    continue
                if transfer.range_refused(exc):
                    continue
                raise
            try:
                out.open(response)
                if transfer.begin(response):
                    out.restart()
                for data in response.iter_bytes():  # as it arrives: every byte received is a byte kept
                    out.write_all(chunks.add(transfer.take(data)))
                transfer.end()
                wait = None
            except _BREAKS as exc:
                wait = transfer.after_break(_why(exc))
            finally:
                _http.close_quietly(response, release)
            out.write_all(chunks.rest())  # received before any break: kept, and counted by the next Range
            if wait is None:
                return out.finish()
            if wait > 0:
                engine.settings.sleep(wait)
    finally:
        out.discard()


def iter_file(engine: SyncEngine, call: Call, *, chunk_size: int, locator: Locator | None = None) -> Iterator[bytes]:
    transfer = Transfer(locate(engine, call, locator), engine.settings.policy, engine.settings.rand, rewind=False)
    chunks = _Chunks(chunk_size)
    while True:
        try:
            response, release = engine.send(transfer.call(), stream=True)
        except APIError as exc:
            if transfer.token_expired(exc, locator):
                transfer.retarget(locate(engine, call, locator))
                continue
            if transfer.range_refused(exc):
                continue
            raise
        try:
            transfer.begin(response)
            for data in response.iter_bytes():
                yield from chunks.add(transfer.take(data))
            transfer.end()
            wait = None
        except _BREAKS as exc:
            wait = transfer.after_break(_why(exc))
        finally:
            _http.close_quietly(response, release)
        if wait is None:
            yield from chunks.rest()
            return
        if wait > 0:
            engine.settings.sleep(wait)


async def adownload(
    engine: AsyncEngine,
    call: Call,
    path: str | PathLike[str],
    fallback: str,
    *,
    chunk_size: int,
    progress: ProgressDisplay | None = None,
    locator: Locator | None = None,
) -> Path:
    transfer = Transfer(await alocate(engine, call, locator), engine.settings.policy, engine.settings.rand, rewind=True)
    out = _File(path, fallback, progress)
    chunks = _Chunks(chunk_size)
    try:
        while True:
            try:
                response, release = await engine.send(transfer.call(), stream=True)
            except APIError as exc:
                if transfer.token_expired(exc, locator):
                    transfer.retarget(await alocate(engine, call, locator))
                    continue
                if transfer.range_refused(exc):
                    continue
                raise
            try:
                out.open(response)
                if transfer.begin(response):
                    out.restart()
                async for data in response.aiter_bytes():
                    out.write_all(chunks.add(transfer.take(data)))
                transfer.end()
                wait = None
            except _BREAKS as exc:
                wait = transfer.after_break(_why(exc))
            finally:
                await _http.aclose_quietly(response, release)
            out.write_all(chunks.rest())
            if wait is None:
                return out.finish()
            if wait > 0:
                await engine.settings.async_sleep(wait)
    finally:
        out.discard()


async def aiter_file(
    engine: AsyncEngine, call: Call, *, chunk_size: int, locator: Locator | None = None
) -> AsyncIterator[bytes]:
    transfer = Transfer(
        await alocate(engine, call, locator), engine.settings.policy, engine.settings.rand, rewind=False
    )
    chunks = _Chunks(chunk_size)
    while True:
        try:
            response, release = await engine.send(transfer.call(), stream=True)
        except APIError as exc:
            if transfer.token_expired(exc, locator):
                transfer.retarget(await alocate(engine, call, locator))
                continue
            if transfer.range_refused(exc):
                continue
            raise
        try:
            transfer.begin(response)
            async for data in response.aiter_bytes():
                for chunk in chunks.add(transfer.take(data)):
                    yield chunk
            transfer.end()
            wait = None
        except _BREAKS as exc:
            wait = transfer.after_break(_why(exc))
        finally:
            await _http.aclose_quietly(response, release)
        if wait is None:
            for chunk in chunks.rest():
                yield chunk
            return
        if wait > 0:
            await engine.settings.async_sleep(wait)
