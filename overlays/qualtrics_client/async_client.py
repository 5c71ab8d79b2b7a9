"""`AsyncQualtrics`: the asyncio twin of `Qualtrics`, same behaviour, awaited."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable
from os import PathLike
from pathlib import Path
from types import TracebackType
from typing import Any, Self, Unpack

from qualtrics_api.api import AsyncOperations

from . import _download, _file_locator, _http, jobs
from ._base import CHUNK, ClientBase, ClientOptions
from ._checks import require_job_start, require_paging
from ._engine import AsyncEngine
from ._operations import Bound, OperationRef, RequestParts, build
from ._progress import JobTask, ProgressDisplay
from ._typed import AsyncSender
from .pagination import AsyncPager
from .result import Result


class AsyncQualtrics(ClientBase, AsyncOperations):
    """Asynchronous twin of `Qualtrics`; share one per event loop between tasks."""

    def __init__(
        self,
        api_token: str | None = None,
        *,
        transport: _http.AsyncTransport | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        super().__init__(api_token, **options)
        self._engine = AsyncEngine(self._settings, self._credentials, transport)

    def _operation_sender(self) -> AsyncSender:
        return AsyncSender(self)

    async def close(self) -> None:
        await self._engine.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.close()

    async def _send(
        self,
        parts: RequestParts,
        bound: Bound | None,
        max_retries: int | None = None,
        deadline: float | None = None,
        retry_safe: bool | None = None,
    ) -> Result:
        call = self._call(parts, bound.operation if bound else None, max_retries, deadline, retry_safe)
        response, _ = await self._engine.send(call)
        return self._result(response, bound, call.payload)

    async def call(
        self, op: OperationRef, /, *, max_retries: int | None = None, deadline: float | None = None, **kwargs: Any
    ) -> Result:
        """`Qualtrics.call`, awaited: the untyped escape hatch of `await qualtrics.<tag>.<operation>(...)`."""
        bound = self._bound(op)
        parts = build(bound, kwargs, self.spec, check_body=self._check_body)
        return await self._send(parts, bound, max_retries, deadline)

    async def request(
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
        parts = RequestParts(method.upper(), url, params, json, data, files, content, dict(headers or {}))
        bound = self._bound_for_raw(parts.method, url, operation)
        return await self._send(parts, bound, max_retries, deadline, retry_safe)

    def paginate(
        self,
        op: OperationRef,
        /,
        *,
        max_pages: int | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
        **kwargs: Any,
    ) -> AsyncPager:
        bound = self._bound(op)

        def send(parts: RequestParts) -> Awaitable[Result]:
            return self._send(parts, bound, max_retries, deadline)

        require_paging(bound.operation)
        first = build(bound, kwargs, self.spec, check_body=self._check_body)
        return AsyncPager(send, first, bound.operation, max_pages, bound.module)

    async def run_job(
        self,
        op: OperationRef,
        /,
        *,
        on_progress: jobs.AsyncProgressCallback | None = None,
        progress: ProgressDisplay | None = None,
        timeout: float = 3600.0,  # noqa: ASYNC109 - the job's wall time, enforced by the poller
        poll_interval: float = 1.0,
        max_poll_interval: float = 15.0,
        **kwargs: Any,
    ) -> jobs.JobOutcome:
        bound = self._bound(op)
        require_job_start(bound.operation)
        parts = build(bound, kwargs, self.spec, check_body=self._check_body)
        start = await self._send(parts, bound)
        poller = self._job_plan(bound, start, parts, timeout, poll_interval, max_poll_interval)
        request = poller.begin()
        progress_bound = Bound(poller.plan.progress_op, self._bound(poller.plan.progress_op.operation_id).module)
        shown = JobTask(progress, poller.plan.kind) if progress is not None else None
        while True:
            report, outcome, wait = poller.observe(await self._send(request, progress_bound))
            if on_progress is not None:
                maybe = on_progress(report)
                if hasattr(maybe, "__await__"):  # an async callback's coroutine
                    await maybe
            if shown is not None:
                shown(report)
            if outcome is not None:
                return outcome
            await self._settings.async_sleep(wait)

    async def iter_file(self, outcome: jobs.Finished, *, chunk_size: int = CHUNK) -> AsyncGenerator[bytes, None]:
        parts, operation = jobs.file_call(outcome)
        call = self._call(parts, operation, None, None)
        locator = _file_locator.Locator.of(operation)
        async for chunk in _download.aiter_file(self._engine, call, chunk_size=chunk_size, locator=locator):
            yield chunk

    async def download(
        self,
        outcome: jobs.Finished,
        path: str | PathLike[str],
        *,
        chunk_size: int = CHUNK,
        progress: ProgressDisplay | None = None,
    ) -> Path:
        parts, operation = jobs.file_call(outcome)
        call = self._call(parts, operation, None, None)
        fallback = f"{outcome.file_id}.zip"
        return await _download.adownload(
            self._engine,
            call,
            path,
            fallback,
            chunk_size=chunk_size,
            progress=progress,
            locator=_file_locator.Locator.of(operation),
        )

    async def whoami(self) -> Result:
        return await self.request("GET", "/API/v3/whoami")
