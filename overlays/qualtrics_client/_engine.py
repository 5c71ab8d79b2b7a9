"""Sending one logical call: origin check, concurrency slot, retries, redirects, OAuth refresh, typed errors.

What to do after each attempt is decided by `_attempts.Attempts`, shared by the sync and async engines, so
the two loops stay mirror images that differ only in `await`. Every error leaving `send` is a
`QualtricsError` with the client's secrets redacted from each of its strings.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import _http, _retry
from ._attempts import Accept, Attempts, Call, Decision, GiveUp, Reauthenticate, Redirect, Retry
from ._auth import ClientCredentials, Credentials
from ._body import Expect
from ._limits import Slots, TokenLimits
from ._origin import Origin
from .errors import ConnectionError, QualtricsError, UnsafeURL, scrub

if TYPE_CHECKING:
    import asyncio

__all__ = ["AsyncEngine", "Call", "Settings", "SyncEngine"]


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


def _noop() -> None:
    return None


def _attempts(settings: Settings, call: Call, credentials: Credentials) -> Attempts:
    return Attempts(
        call=call,
        base_url=settings.base_url,
        base_origin=settings.base_origin,
        policy=settings.policy,
        timeout=settings.timeout,
        clock=settings.clock,
        rand=settings.rand,
        secrets=credentials.secrets,
        can_refresh=credentials.can_refresh,
        max_redirects=settings.max_redirects,
    )


def _token_call(cred: ClientCredentials, rejected: str | None, now: float, remaining: float | None) -> Call | None:
    """The OAuth token request to send first, or None when the cached bearer is still good.

    Runs under the engine's token lock. Only the refused bearer is dropped: another caller may already have
    replaced it. The token request spends what is left of the call's deadline, not a deadline of its own.
    """
    if rejected is not None:
        cred.invalidate(rejected)
    if cred.valid(now):
        return None
    return Call(cred.token_request(), retry_safe=True, authenticate=False, deadline=remaining, expect=Expect.JSON)


def _unexpected(exc: Exception, state: Attempts) -> GiveUp:
    """httpx errors that are neither transport failures nor unreadable bodies, typed."""
    if isinstance(exc, _http.InvalidURL):
        return GiveUp(UnsafeURL(f"httpx refused the URL of {state.method} {state.where()}"))
    return GiveUp(ConnectionError(f"{state.method} {state.where()} failed: {type(exc).__name__}"))


class SyncEngine:
    def __init__(self, settings: Settings, credentials: Credentials, transport: _http.SyncTransport | None) -> None:
        self.settings = settings
        self.credentials = credentials
        self._http = _http.new_sync_client(transport, settings.timeout)
        self._token_lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def _auth(self, state: Attempts) -> dict[str, str]:
        cred = self.credentials
        if isinstance(cred, ClientCredentials):
            with self._token_lock:
                fetch = _token_call(cred, state.take_rejected(), self.settings.clock(), state.remaining())
                if fetch is not None:
                    self.send(fetch)
                    cred.store(fetch.payload, self.settings.clock())
        return cred.headers()

    def send(self, call: Call, *, stream: bool = False) -> tuple[_http.Response, Callable[[], None]]:
        """The final 2xx response and the function that frees its concurrency slot (call after closing).

        Without `stream` the body is read and checked, its JSON left on `call.payload`.
        """
        try:
            return self._send(call, stream)
        except QualtricsError as exc:
            raise scrub(exc, self.credentials.secrets()) from None

    def _send(self, call: Call, stream: bool) -> tuple[_http.Response, Callable[[], None]]:
        state = _attempts(self.settings, call, self.credentials)
        slots = self.settings.limits.pool(call.is_async)
        while True:
            auth = self._auth(state) if call.authenticate else {}
            request = state.build(self._http, auth)
            if not slots.acquire(state.slot_wait()):
                raise state.no_slot().error
            decision, response = self._attempt(state, request, slots, stream)
            match decision:
                case Accept(payload) if response is not None:
                    call.payload = payload
                    return response, (slots.release if stream else _noop)
                case Retry(wait):
                    if wait > 0:
                        self.settings.sleep(wait)
                case Redirect() | Reauthenticate():
                    pass
                case GiveUp(error):
                    raise error
                case _:  # unreachable: an Accept always comes with its response
                    raise QualtricsError("internal error: accepted without a response")

    def _attempt(
        self, state: Attempts, request: _http.Request, slots: Slots, stream: bool
    ) -> tuple[Decision, _http.Response | None]:
        """One request. The slot is freed here unless an accepted stream takes it along."""
        response: _http.Response | None = None
        keep = False
        try:
            # Always streamed: the body is read here, so a body that cannot be decoded still has its status.
            try:
                response = self._http.send(request, stream=True)
            except ValueError:
                # httpx prepares the next request of every redirect, even unfollowed; a Location whose host
                # idna cannot decode raises here, before the response is handed over.
                return state.on_malformed(0, {}, b"", "its headers could not be read"), None
            status, headers = response.status_code, response.headers
            ok = 200 <= status < 300
            if ok and stream and state.on_head(status, headers) is None:
                keep = True
                return Accept(None), response
            try:
                body = response.read()
            except _http.DecodingError:
                if ok:
                    return state.on_malformed(status, headers, b"", "its compression is garbled"), None
                body = b""  # the status alone still says what happened
            if ok:
                decision = state.on_success(status, headers, body)
                return decision, (response if isinstance(decision, Accept) else None)
            return state.on_status(status, headers, body), None
        except _http.TransportError as exc:
            return state.on_failure(exc), None
        except (_http.RequestError, _http.InvalidURL, _http.StreamError) as exc:
            return _unexpected(exc, state), None
        finally:
            if not keep:
                if response is None:
                    slots.release()
                else:
                    _http.close_quietly(response, slots.release)


class AsyncEngine:
    def __init__(self, settings: Settings, credentials: Credentials, transport: _http.AsyncTransport | None) -> None:
        self.settings = settings
        self.credentials = credentials
        self._http = _http.new_async_client(transport, settings.timeout)
        self._token_lock: asyncio.Lock | None = None

    async def close(self) -> None:
        await self._http.aclose()

    async def _auth(self, state: Attempts) -> dict[str, str]:
        cred = self.credentials
        if isinstance(cred, ClientCredentials):
            if self._token_lock is None:
                import asyncio  # deferred: import time matters for sync-only users

                self._token_lock = asyncio.Lock()
            async with self._token_lock:
                fetch = _token_call(cred, state.take_rejected(), self.settings.clock(), state.remaining())
                if fetch is not None:
                    await self.send(fetch)
                    cred.store(fetch.payload, self.settings.clock())
        return cred.headers()

    async def send(self, call: Call, *, stream: bool = False) -> tuple[_http.Response, Callable[[], None]]:
        try:
            return await self._send(call, stream)
        except QualtricsError as exc:
            raise scrub(exc, self.credentials.secrets()) from None

    async def _send(self, call: Call, stream: bool) -> tuple[_http.Response, Callable[[], None]]:
        state = _attempts(self.settings, call, self.credentials)
        slots = self.settings.limits.pool(call.is_async)
        while True:
            auth = await self._auth(state) if call.authenticate else {}
            request = state.build(self._http, auth)
            if not await slots.acquire_async(state.slot_wait()):
                raise state.no_slot().error
            decision, response = await self._attempt(state, request, slots, stream)
            match decision:
                case Accept(payload) if response is not None:
                    call.payload = payload
                    return response, (slots.release if stream else _noop)
                case Retry(wait):
                    if wait > 0:
                        await self.settings.async_sleep(wait)
                case Redirect() | Reauthenticate():
                    pass
                case GiveUp(error):
                    raise error
                case _:
                    raise QualtricsError("internal error: accepted without a response")

    async def _attempt(
        self, state: Attempts, request: _http.Request, slots: Slots, stream: bool
    ) -> tuple[Decision, _http.Response | None]:
        response: _http.Response | None = None
        keep = False
        try:
            try:
                response = await self._http.send(request, stream=True)
            except ValueError:
                # httpx prepares the next request of every redirect, even unfollowed; a Location whose host
                # idna cannot decode raises here, before the response is handed over.
                return state.on_malformed(0, {}, b"", "its headers could not be read"), None
            status, headers = response.status_code, response.headers
            ok = 200 <= status < 300
            if ok and stream and state.on_head(status, headers) is None:
                keep = True
                return Accept(None), response
            try:
                body = await response.aread()
            except _http.DecodingError:
                if ok:
                    return state.on_malformed(status, headers, b"", "its compression is garbled"), None
                body = b""
            if ok:
                decision = state.on_success(status, headers, body)
                return decision, (response if isinstance(decision, Accept) else None)
            return state.on_status(status, headers, body), None
        except _http.TransportError as exc:
            return state.on_failure(exc), None
        except (_http.RequestError, _http.InvalidURL, _http.StreamError) as exc:
            return _unexpected(exc, state), None
        finally:
            if not keep:
                if response is None:
                    slots.release()
                else:
                    await _http.aclose_quietly(response, slots.release)
