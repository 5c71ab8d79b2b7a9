"""What the sync and async clients share: options, configuration, spec access, result building.

Configuration is resolved once (`_config`); the spec is loaded on first use; everything else is per call.
"""

from __future__ import annotations

import dataclasses
import random
import time
from collections.abc import Awaitable, Callable
from os import PathLike
from typing import TYPE_CHECKING, Any, TypedDict

from . import _http, jobs
from ._body import NOT_PARSED, Expect, expectation
from ._config import resolve
from ._engine import Call, Settings
from ._limits import limits_for
from ._operations import Bound, OperationRef, RequestParts
from ._operations import resolve as resolve_operation
from ._retry import RetryPolicy
from ._spec import Operation, Spec, packaged_spec
from .errors import QualtricsError, redact
from .result import Result, build_result

SpecSource = Spec | str | PathLike[str] | None


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio  # deferred: asyncio costs ~40 ms to import and sync users never need it

    await asyncio.sleep(seconds)


CHUNK = 1 << 20
_MAX_BOUND = 1024


class ClientOptions(TypedDict, total=False):
    """Keyword options shared by `Qualtrics` and `AsyncQualtrics` (all optional; environment fills gaps)."""

    datacenter: str | None
    base_url: str | None
    client_id: str | None
    client_secret: str | None
    scope: str
    timeout: float | _http.Timeout | None
    max_retries: int | None
    retry: RetryPolicy | None
    concurrency: int
    async_concurrency: int
    spec: SpecSource
    sleep: Callable[[float], None] | None
    async_sleep: Callable[[float], Awaitable[None]] | None
    rand: Callable[[], float] | None
    clock: Callable[[], float] | None
    check_body: bool


# Option values never shown by `repr`: the options of a client are often logged or printed whole.
_SECRET_OPTIONS = frozenset({"client_secret"})


class _Options(dict[str, Any]):
    """`ClientOptions` as it exists at run time: a dict (a TypedDict is one) whose repr hides secrets."""

    def __repr__(self) -> str:
        shown = {k: ("***" if k in _SECRET_OPTIONS and v is not None else v) for k, v in self.items()}
        return f"ClientOptions({shown!r})"


if not TYPE_CHECKING:  # type checkers keep the TypedDict, which is what `Unpack[ClientOptions]` needs
    ClientOptions = _Options


class ClientBase:
    def __init__(
        self,
        api_token: str | None = None,
        *,
        datacenter: str | None = None,
        base_url: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        scope: str = "manage:all",
        timeout: float | _http.Timeout | None = None,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        concurrency: int = 30,
        async_concurrency: int = 15,
        spec: SpecSource = None,
        sleep: Callable[[float], None] | None = None,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
        rand: Callable[[], float] | None = None,
        clock: Callable[[], float] | None = None,
        check_body: bool = True,
    ) -> None:
        resolved = resolve(
            api_token=api_token,
            datacenter=datacenter,
            base_url=base_url,
            client_id=client_id,
            client_secret=client_secret,
            scope=scope,
        )
        policy = retry or RetryPolicy()
        if max_retries is not None:
            policy = dataclasses.replace(policy, max_retries=max_retries)
        if timeout is None:
            timeout = _http.DEFAULT_TIMEOUT
        elif not isinstance(timeout, _http.Timeout):
            timeout = _http.Timeout(timeout)
        self.base_url = resolved.base_url
        self._credentials = resolved.credentials
        self._spec_source = spec
        # Whether a dict body's keys are checked against the spec before sending (off: sent as given).
        self._check_body = check_body
        self._spec: Spec | None = spec if isinstance(spec, Spec) else None
        self._bound_cache: dict[OperationRef, Bound] = {}
        self._settings = Settings(
            base_url=resolved.base_url,
            base_origin=resolved.origin,
            timeout=timeout,
            policy=policy,
            limits=limits_for(resolved.credentials.fingerprint, concurrency, async_concurrency),
            sleep=sleep or time.sleep,
            async_sleep=async_sleep or _asyncio_sleep,
            # Jitter needs no cryptographic strength.
            rand=rand or random.random,
            clock=clock or time.monotonic,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, credentials={self._credentials!r})"

    @property
    def spec(self) -> Spec:
        """The bundled spec, loaded on first use (it is large, and import time matters)."""
        if self._spec is None:
            source = self._spec_source
            self._spec = packaged_spec() if source is None or isinstance(source, Spec) else Spec.from_path(source)
        return self._spec

    def _bound(self, op: OperationRef) -> Bound:
        # Resolving imports the generated module by a computed name; the answer is fixed per client (its
        # spec never changes), so it is kept. Bounded: names come from callers.
        try:
            return self._bound_cache[op]
        except KeyError:
            pass
        except TypeError:  # an unhashable callable: resolved every time
            return resolve_operation(op, self.spec)
        bound = resolve_operation(op, self.spec)
        if len(self._bound_cache) >= _MAX_BOUND:
            self._bound_cache.clear()
        self._bound_cache[op] = bound
        return bound

    def _bound_for_raw(self, method: str, url: str, operation: OperationRef | None) -> Bound | None:
        """The named operation, else the one whose path template matches: a raw request then gets the
        same retry safety, concurrency pool and decoding as `call`."""
        if operation is not None:
            return self._bound(operation)
        try:
            path = _http.parse_url(url, self.base_url).path
            op = self.spec.match(method, path)
            return self._bound(op.operation_id) if op is not None else None
        except (QualtricsError, ValueError):  # no bundled spec yet, or an unparseable URL (refused later)
            return None

    def _call(
        self,
        parts: RequestParts,
        op: Operation | None,
        max_retries: int | None,
        deadline: float | None,
        retry_safe: bool | None = None,
    ) -> Call:
        safe = (
            retry_safe
            if retry_safe is not None
            else (op.retry_safe if op else parts.method in ("GET", "HEAD", "PUT", "DELETE", "OPTIONS"))
        )
        return Call(
            parts,
            retry_safe=safe,
            is_async=op.is_async if op else False,
            max_retries=max_retries,
            deadline=deadline,
            expect=expectation(op),
        )

    def _redact(self, text: str) -> str:
        """`text` without the secrets the client holds (asked at the time: a bearer may have been refreshed)."""
        return redact(text, self._credentials.secrets())

    def _result(self, response: _http.Response, bound: Bound | None, payload: Any = NOT_PARSED) -> Result:
        """The Result of an accepted answer; `payload` is its JSON as the engine parsed it. A file's bytes are
        only `content`, never parsed (a bare JSON export is a file, not an envelope)."""
        if bound is not None and expectation(bound.operation) is Expect.FILE:
            payload = None
        return build_result(
            response.status_code,
            response.headers,
            response.content,
            spec=self.spec if bound else None,
            operation=bound.operation if bound else None,
            module=bound.module if bound else None,
            raw=payload,
            redact=self._redact,
        )

    def _job_plan(
        self,
        bound: Bound,
        start: Result,
        parts: RequestParts,
        timeout: float,
        poll_interval: float,
        max_poll_interval: float,
    ) -> jobs.Poller:
        path = _http.parse_url(parts.url, self.base_url).path
        plan = jobs.plan(self.spec, bound.operation, path)
        return jobs.Poller(
            plan,
            start,
            self._settings.clock,
            timeout,
            poll_interval,
            max_poll_interval,
            redact=self._redact,
        )
