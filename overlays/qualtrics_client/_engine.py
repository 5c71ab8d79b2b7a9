"""Sending one logical call: origin check, concurrency slot, retries, redirects, OAuth refresh, typed errors.

The decisions live in `_Attempts`, shared by the sync and async engines, so the two loops stay mirror
images that differ only in `await`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import _http, _retry
from ._auth import ClientCredentials, Credentials
from ._limits import TokenLimits
from ._operations import RequestParts
from ._origin import Origin, require_trusted
from .errors import ConnectionError, QualtricsError, Timeout, UnsafeURL, error_from_response, parse_error_body
from .result import warn_notice

if TYPE_CHECKING:
    import asyncio

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Log lines name method, host and path only: never headers, never the query.
log = logging.getLogger("qualtrics_client")


def _rewind(files: Any, content: Any) -> None:
    """Seek uploaded file objects back to the start, so a retried multipart request sends the whole file."""
    payloads = [content]
    for entry in files or ():
        if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], tuple) and len(entry[1]) >= 2:
            payloads.append(entry[1][1])
    for payload in payloads:
        seek = getattr(payload, "seek", None)
        if callable(seek):
            seek(0)


@dataclass
class Settings:
    base_url: str
    base_origin: Origin
    timeout: _http.Timeout
    policy: _retry.RetryPolicy
    limits: TokenLimits
    sleep: Callable[[float], None]
    async_sleep: Callable[[float], Awaitable[None]]
    rand: Callable[[], float]
    clock: Callable[[], float]
    max_redirects: int = 5


@dataclass
class Call:
    parts: RequestParts
    retry_safe: bool = True
    is_async: bool = False
    authenticate: bool = True
    max_retries: int | None = None
    deadline: float | None = None  # seconds; None: the policy's


def _noop() -> None:
    return None


class _Attempts:
    def __init__(self, settings: Settings, call: Call, credentials: Credentials) -> None:
        self.s = settings
        self.can_refresh = call.authenticate and credentials.can_refresh
        self.call = call
        self.credentials = credentials
        parts = call.parts
        self.method = parts.method
        # Parsed once per URL (and cached across calls): the origin check and httpx see this same object.
        self.target = _http.parse_url(parts.url, settings.base_url)
        self.params, self.json, self.data = parts.params, parts.json, parts.data
        self.files, self.content = parts.files, parts.content
        self.attempt = 0
        self.redirects = 0
        self.refresh_auth = False
        self.reauthed = False
        self.sent_auth: str | None = None
        self.started = settings.clock()
        self.max_retries = settings.policy.max_retries if call.max_retries is None else call.max_retries
        self.deadline = settings.policy.deadline if call.deadline is None else call.deadline

    def rejected_auth(self) -> str | None:
        """The Authorization value the server just refused (once), so exactly that token is replaced."""
        if not self.refresh_auth:
            return None
        self.refresh_auth = False
        return self.sent_auth or ""

    def remaining(self) -> float | None:
        return None if self.deadline is None else self.deadline - (self.s.clock() - self.started)

    def build(self, client: _http.SyncClient | _http.AsyncClient, auth: dict[str, str]) -> _http.Request:
        require_trusted(self.target, self.s.base_origin)  # before anything leaves the process, every time
        remaining = self.remaining()
        if remaining is not None and remaining <= 0:
            raise Timeout(f"deadline of {self.deadline}s passed before {self.method} could be sent")
        headers = {**self.call.parts.headers, **auth}
        if self.attempt or self.redirects or self.reauthed:
            _rewind(self.files, self.content)
        return _http.build_request(
            client,
            self.method,
            self.target.target,
            params=self.params,
            json=self.json,
            data=self.data,
            files=self.files,
            content=self.content,
            headers=headers,
            timeout=_http.clipped_timeout(self.s.timeout, remaining),
        )

    def _may_wait(self, seconds: float) -> bool:
        remaining = self.remaining()
        return self.attempt < self.max_retries and (remaining is None or seconds < remaining)

    def on_failure(self, exc: _http.TransportError) -> float:
        """Seconds to wait before retrying a transport failure, or raise it as a typed error."""
        failure = _http.classify(exc)
        if _retry.retryable_failure(failure.surely_unsent, self.call.retry_safe):
            wait = _retry.delay(self.s.policy, self.attempt, None, self.s.rand)
            if self._may_wait(wait):
                self.attempt += 1
                log.info(
                    "retrying %s %s after %s in %.2fs (retry %d)",
                    self.method,
                    self._where(),
                    failure.description,
                    wait,
                    self.attempt,
                )
                return wait
        kind = Timeout if failure.is_timeout else ConnectionError
        raise kind(
            f"{self.method} {self._where()} failed after {self.attempt + 1} attempt(s): {failure.description}"
        ) from None

    def on_status(self, status: int, headers: Any, body: bytes) -> float:
        """Seconds to wait before trying again (redirect, re-authentication, retry), or raise."""
        if status in _REDIRECTS and headers.get("location"):
            self.redirects += 1
            if self.redirects > self.s.max_redirects:
                raise UnsafeURL(f"more than {self.s.max_redirects} redirects from {self._where()}")
            self.target = _http.parse_url(headers["location"], self.target.url)
            log.debug("%s redirect to %s", status, self._where())
            self.params = None  # the Location carries its own query
            if status == 303 or (status in (301, 302) and self.method == "POST"):
                self.method, self.json, self.data, self.files, self.content = "GET", None, None, None, None
            return 0.0
        if status == 401 and self.can_refresh and not self.reauthed:
            self.reauthed = True
            self.refresh_auth = True
            return -1.0  # signal: refresh credentials, then retry at once
        error = error_from_response(status, body, redact=self.credentials.secrets())
        if _retry.retryable_status(status, self.call.retry_safe):
            wait = _retry.delay(
                self.s.policy, self.attempt, _retry.parse_retry_after(headers.get("retry-after")), self.s.rand
            )
            if self._may_wait(wait):
                self.attempt += 1
                log.info(
                    "retrying %s %s after HTTP %d in %.2fs (retry %d)",
                    self.method,
                    self._where(),
                    status,
                    wait,
                    self.attempt,
                )
                return wait
        warn_notice(parse_error_body(body)[3])
        raise error

    def _where(self) -> str:
        parts = self.target
        return f"{parts.scheme}://{parts.host}{parts.path}"


class SyncEngine:
    def __init__(self, settings: Settings, credentials: Credentials, transport: _http.SyncTransport | None) -> None:
        self.settings = settings
        self.credentials = credentials
        self._http = _http.new_sync_client(transport, settings.timeout)
        self._token_lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def _auth(self, rejected: str | None) -> dict[str, str]:
        cred = self.credentials
        if isinstance(cred, ClientCredentials):
            with self._token_lock:
                if rejected is not None:
                    cred.invalidate(rejected)
                if not cred.valid(self.settings.clock()):
                    response, _ = self.send(Call(cred.token_request(), retry_safe=True, authenticate=False))
                    cred.store(_json(response), self.settings.clock())
        return cred.headers()

    def send(self, call: Call, *, stream: bool = False) -> tuple[_http.Response, Callable[[], None]]:
        """The final 2xx response and the function that frees its concurrency slot (call after closing)."""
        state = _Attempts(self.settings, call, self.credentials)
        while True:
            auth = self._auth(state.rejected_auth()) if call.authenticate else {}
            state.sent_auth = auth.get("Authorization")
            request = state.build(self._http, auth)
            slots = self.settings.limits.pool(call.is_async)
            slots.acquire()
            try:
                response = self._http.send(request, stream=stream)
                if response.status_code < 300:
                    if stream:
                        return response, slots.release
                    slots.release()
                    return response, _noop
                body = response.read()
                response.close()
            except _http.TransportError as exc:
                slots.release()
                wait = state.on_failure(exc)
            except BaseException:
                slots.release()
                raise
            else:
                slots.release()
                wait = state.on_status(response.status_code, response.headers, body)
                if wait < 0:
                    continue
            if wait > 0:
                self.settings.sleep(wait)


class AsyncEngine:
    def __init__(self, settings: Settings, credentials: Credentials, transport: _http.AsyncTransport | None) -> None:
        self.settings = settings
        self.credentials = credentials
        self._http = _http.new_async_client(transport, settings.timeout)
        self._token_lock: asyncio.Lock | None = None

    async def close(self) -> None:
        await self._http.aclose()

    async def _auth(self, rejected: str | None) -> dict[str, str]:
        cred = self.credentials
        if isinstance(cred, ClientCredentials):
            if self._token_lock is None:
                import asyncio  # deferred: import time matters for sync-only users

                self._token_lock = asyncio.Lock()
            async with self._token_lock:
                if rejected is not None:
                    cred.invalidate(rejected)
                if not cred.valid(self.settings.clock()):
                    response, _ = await self.send(Call(cred.token_request(), retry_safe=True, authenticate=False))
                    cred.store(_json(response), self.settings.clock())
        return cred.headers()

    async def send(self, call: Call, *, stream: bool = False) -> tuple[_http.Response, Callable[[], None]]:
        state = _Attempts(self.settings, call, self.credentials)
        while True:
            auth = await self._auth(state.rejected_auth()) if call.authenticate else {}
            state.sent_auth = auth.get("Authorization")
            request = state.build(self._http, auth)
            slots = self.settings.limits.pool(call.is_async)
            await slots.acquire_async()
            try:
                response = await self._http.send(request, stream=stream)
                if response.status_code < 300:
                    if stream:
                        return response, slots.release
                    slots.release()
                    return response, _noop
                body = await response.aread()
                await response.aclose()
            except _http.TransportError as exc:
                slots.release()
                wait = state.on_failure(exc)
            except BaseException:
                slots.release()
                raise
            else:
                slots.release()
                wait = state.on_status(response.status_code, response.headers, body)
                if wait < 0:
                    continue
            if wait > 0:
                await self.settings.async_sleep(wait)


def _json(response: _http.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        raise QualtricsError("OAuth token response was not JSON") from None
