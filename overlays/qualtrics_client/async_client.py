"""`AsyncQualtrics`: the asyncio twin of `Qualtrics`, same behaviour, awaited."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from os import PathLike
from pathlib import Path
from types import TracebackType
from typing import Any, Self, Unpack

from . import _http, files, jobs
from ._base import CHUNK, ClientBase, ClientOptions
from ._engine import AsyncEngine
from qualtrics_api.api import AsyncOperations

from ._checks import require_job_start, require_paging
from ._operations import Bound, OperationRef, RequestParts, build
from .pagination import AsyncPager
from ._typed import AsyncSender
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
        return self._result(response, bound)

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
        while True:
            report, outcome, wait = poller.observe(await self._send(request, progress_bound))
            if on_progress is not None:
                maybe = on_progress(report)
                if hasattr(maybe, "__await__"):  # an async callback's coroutine
                    await maybe
            if outcome is not None:
                return outcome
            await self._settings.async_sleep(wait)

    async def iter_file(self, outcome: jobs.Finished, *, chunk_size: int = CHUNK) -> AsyncIterator[bytes]:
        parts, file_operation = jobs.file_call(outcome)
        response, release = await self._engine.send(self._call(parts, file_operation, None, None), stream=True)
        try:
            async for chunk in response.aiter_bytes(chunk_size):
                yield chunk
        finally:
            await response.aclose()
            release()

    async def download(self, outcome: jobs.Finished, path: str | PathLike[str], *, chunk_size: int = CHUNK) -> Path:
        parts, file_operation = jobs.file_call(outcome)
        call = self._call(parts, file_operation, None, None)
        response, release = await self._engine.send(call, stream=True)
        try:
            target = files.target_path(path, response.headers.get("content-disposition"), f"{outcome.file_id}.zip")
            partial = target.with_name(target.name + ".part")
            try:
                with partial.open("wb") as handle:
                    async for chunk in response.aiter_bytes(chunk_size):
                        handle.write(chunk)
                partial.replace(target)
            finally:
                partial.unlink(missing_ok=True)
        finally:
            await response.aclose()
            release()
        return target

    async def whoami(self) -> Result:
        return await self.request("GET", "/API/v3/whoami")
