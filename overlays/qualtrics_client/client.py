"""`Qualtrics`, the synchronous client users hold (its asyncio twin is in `async_client`).

Both are thin: configuration is resolved once (`_config`), requests go through the engine (`_engine`),
operations come from the generated package and the spec (`_operations`, `_spec`), and paging and jobs
are generic (`pagination`, `jobs`). Neither keeps a per-endpoint method.
"""

from __future__ import annotations

from collections.abc import Generator
from os import PathLike
from pathlib import Path
from types import TracebackType
from typing import Any, Self, Unpack

from qualtrics_api.api import Operations

from . import _download, _file_locator, _http, jobs
from ._base import CHUNK, ClientBase, ClientOptions
from ._checks import require_job_start, require_paging
from ._engine import SyncEngine
from ._operations import Bound, OperationRef, RequestParts, build
from ._progress import JobTask, ProgressDisplay
from ._typed import SyncSender
from .errors import QualtricsError
from .pagination import Pager
from .result import Result


class Qualtrics(ClientBase, Operations):
    """Synchronous client. Safe to share between threads; use as a context manager to close connections.

    Every operation of the spec is a typed method of its tag's group: `qualtrics.surveys.get_survey(...)`
    returns `Result[GetSurveyResponse200]`; `call(operationId, ...)` is the untyped escape hatch.
    """

    def __init__(
        self,
        api_token: str | None = None,
        *,
        transport: _http.SyncTransport | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(api_token, **options)
        self._engine = SyncEngine(self._settings, self._credentials, transport)

    def _operation_sender(self) -> SyncSender:
        return SyncSender(self)

    def close(self) -> None:
        self._engine.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def _send(
        self,
        parts: RequestParts,
        bound: Bound | None,
        max_retries: int | None = None,
        deadline: float | None = None,
        retry_safe: bool | None = None,
    ) -> Result:
        call = self._call(parts, bound.operation if bound else None, max_retries, deadline, retry_safe)
        response, _ = self._engine.send(call)
        return self._result(response, bound, call.payload)

    def call(
        self, op: OperationRef, /, *, max_retries: int | None = None, deadline: float | None = None, **kwargs: Any
    ) -> Result:
        """The untyped escape hatch of `qualtrics.<tag>.<operation>(...)`: an operation by its operationId (or its
        generated module or function), with the same keyword arguments as its typed method.

        Refused before sending, with a `UsageError` naming the operation: an unknown operation or keyword (with
        "did you mean"), a missing parameter, a body that is not an object or has keys the spec lacks, a path
        value that would leave its segment.
        """
        bound = self._bound(op)
        return self._send(build(bound, kwargs, self.spec, check_body=self._check_body), bound, max_retries, deadline)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        data: dict[str, Any] | None = None,
        files: Any = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        operation: OperationRef | None = None,
        retry_safe: bool | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
    ) -> Result:
        """A raw request to a path (or a Qualtrics URL); `operation` names the schema to decode with."""
        parts = RequestParts(method.upper(), url, params, json, data, files, content, dict(headers or {}))
        bound = self._bound_for_raw(parts.method, url, operation)
        return self._send(parts, bound, max_retries, deadline, retry_safe)

    def paginate(
        self,
        op: OperationRef,
        /,
        *,
        max_pages: int | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
        **kwargs: Any,
    ) -> Pager:
        """Every element of a list operation (one with x-pagination), as its generated model, page after page."""
        bound = self._bound(op)
        require_paging(bound.operation)
        return Pager(
            lambda parts: self._send(parts, bound, max_retries, deadline),
            build(bound, kwargs, self.spec, check_body=self._check_body),
            bound.operation,
            max_pages,
            bound.module,
        )

    def run_job(
        self,
        op: OperationRef,
        /,
        *,
        on_progress: jobs.ProgressCallback | None = None,
        progress: ProgressDisplay | None = None,
        timeout: float = 3600.0,
        poll_interval: float = 1.0,
        max_poll_interval: float = 15.0,
        **kwargs: Any,
    ) -> jobs.JobOutcome:
        """Start a job (an operation with x-job role start), poll until done; raises JobFailed / JobTimeout.

        `progress`: a display (a `rich.progress.Progress`, or `PlainProgress`) that gets one task for the job.
        """
        bound = self._bound(op)
        require_job_start(bound.operation)
        parts = build(bound, kwargs, self.spec, check_body=self._check_body)
        start = self._send(parts, bound)
        poller = self._job_plan(bound, start, parts, timeout, poll_interval, max_poll_interval)
        request = poller.begin()
        progress_bound = Bound(poller.plan.progress_op, self._bound(poller.plan.progress_op.operation_id).module)
        shown = JobTask(progress, poller.plan.kind) if progress is not None else None
        while True:
            report, outcome, wait = poller.observe(self._send(request, progress_bound))
            if on_progress is not None:
                on_progress(report)
            if shown is not None:
                shown(report)
            if outcome is not None:
                return outcome
            self._settings.sleep(wait)

    def iter_file(self, outcome: jobs.Finished, *, chunk_size: int = CHUNK) -> Generator[bytes, None, None]:
        """The job's file as chunks, streamed from the network (never buffered whole), fetched again from
        where it broke off when the connection drops.

        The connection and its concurrency slot are held until the iterator is exhausted or closed.
        """
        parts, operation = jobs.file_call(outcome)
        call = self._call(parts, operation, None, None)
        locator = _file_locator.Locator.of(operation)
        yield from _download.iter_file(self._engine, call, chunk_size=chunk_size, locator=locator)

    def download(
        self,
        outcome: jobs.Finished,
        path: str | PathLike[str],
        *,
        chunk_size: int = CHUNK,
        progress: ProgressDisplay | None = None,
    ) -> Path:
        """Stream the job's file to `path`, or into it under the server's file name when `path` is a directory.

        Written to a `.part` file renamed when complete, so an interrupted download never looks finished;
        a dropped connection resumes (with `Range` where the server honours it) instead of failing.
        `progress`: a display (as for `run_job`) that gets one task counting the bytes written.
        """
        parts, operation = jobs.file_call(outcome)
        call = self._call(parts, operation, None, None)
        fallback = f"{outcome.file_id}.zip"
        return _download.download(
            self._engine,
            call,
            path,
            fallback,
            chunk_size=chunk_size,
            progress=progress,
            locator=_file_locator.Locator.of(operation),
        )

    def whoami(self) -> Result:
        return self.request("GET", "/API/v3/whoami")


def find_datacenter(
    api_token: str | None = None,
    *,
    probe_datacenter: str = "iad1",
    transport: _http.SyncTransport | None = None,
    base_url: str | None = None,
) -> str:
    """The token's datacenter id, from GET /API/v3/whoami on any datacenter (Qualtrics proxies it)."""
    options: ClientOptions = {"base_url": base_url} if base_url else {"datacenter": probe_datacenter}
    with Qualtrics(api_token, transport=transport, **options) as client:
        result = client.whoami().result
    value = result.get("datacenter") if isinstance(result, dict) else None
    if not isinstance(value, str) or not value:
        raise QualtricsError("whoami returned no datacenter")
    return value
