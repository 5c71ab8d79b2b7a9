"""The overlay's side of the typed surface: `Sender`s over the two clients.

The generated package writes every operation as a typed method (`qualtrics_api.api.<tag>`) that hands its
arguments and endpoint module to a `Sender` protocol; these adapters answer it with the clients' own
`call`, `paginate` and `run_job`, so the typed methods and the untyped escape hatch share every check,
retry and decoding rule.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ._checks import misuse

if TYPE_CHECKING:
    from .async_client import AsyncQualtrics
    from .client import Qualtrics
    from .jobs import JobOutcome
    from .pagination import AsyncPager, Pager
    from .result import Result


class SyncSender:
    __slots__ = ("_client",)

    def __init__(self, client: Qualtrics) -> None:
        self._client = client

    def send(
        self,
        operation_id: str,
        module: ModuleType,
        arguments: dict[str, Any],
        *,
        max_retries: int | None,
        deadline: float | None,
    ) -> Result[Any]:
        return self._client.call(module, max_retries=max_retries, deadline=deadline, **arguments)

    def paginate(
        self,
        operation_id: str,
        module: ModuleType,
        arguments: dict[str, Any],
        *,
        max_pages: int | None,
        max_retries: int | None,
        deadline: float | None,
    ) -> Pager[Any, Any]:
        return self._client.paginate(
            module, max_pages=max_pages, max_retries=max_retries, deadline=deadline, **arguments
        )

    def run_job(
        self,
        operation_id: str,
        module: ModuleType,
        arguments: dict[str, Any],
        *,
        on_progress: Callable[[Any], object] | None,
        timeout: float,
        poll_interval: float,
        max_poll_interval: float,
    ) -> JobOutcome[Any, Any]:
        return self._client.run_job(
            module,
            on_progress=on_progress,
            timeout=timeout,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            **arguments,
        )

    def misuse(
        self, operation_id: str, method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Exception:
        return misuse(operation_id, method, args, kwargs)


class AsyncSender:
    __slots__ = ("_client",)

    def __init__(self, client: AsyncQualtrics) -> None:
        self._client = client

    async def send(
        self,
        operation_id: str,
        module: ModuleType,
        arguments: dict[str, Any],
        *,
        max_retries: int | None,
        deadline: float | None,
    ) -> Result[Any]:
        return await self._client.call(module, max_retries=max_retries, deadline=deadline, **arguments)

    def paginate(
        self,
        operation_id: str,
        module: ModuleType,
        arguments: dict[str, Any],
        *,
        max_pages: int | None,
        max_retries: int | None,
        deadline: float | None,
    ) -> AsyncPager[Any, Any]:
        return self._client.paginate(
            module, max_pages=max_pages, max_retries=max_retries, deadline=deadline, **arguments
        )

    async def run_job(
        self,
        operation_id: str,
        module: ModuleType,
        arguments: dict[str, Any],
        *,
        on_progress: Callable[[Any], object] | None,
        timeout: float,  # noqa: ASYNC109 - the job's wall time, enforced by the poller
        poll_interval: float,
        max_poll_interval: float,
    ) -> JobOutcome[Any, Any]:
        return await self._client.run_job(
            module,
            on_progress=on_progress,
            timeout=timeout,
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            **arguments,
        )

    def misuse(
        self, operation_id: str, method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Exception:
        return misuse(operation_id, method, args, kwargs)
