"""The ASGI app: one catch-all route that matches the request against the spec's operations, then
authenticates, rate-limits, injects faults, validates, checks that every id in the path is the caller's
brand's, and dispatches to the operation's family handler or the generic store.

The app refuses to be built while an operation of the spec has nobody to answer it, or a handler names no
operation (`context.check_registry`).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import envelope
from .context import APP_SERVED, HANDLERS, NO_RESULT, Context, check_registry
from .envelope import ApiError
from .faults import DroppedConnection, null_required
from .handlers import generic
from .limits import LimitSettings, body_limit
from .spec import Operation, Spec
from .state import MockQualtrics
from .validation import Validators, check_size, parse_body, validate_headers, validate_path, validate_query

log = logging.getLogger("qualtrics_mock")
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _Runtime:
    """Per-app request pipeline; holds the validators compiled from the mock's spec."""

    def __init__(self, mock: MockQualtrics) -> None:
        self.mock = mock
        self.validators = Validators(mock.spec)

    async def dispatch(self, request: Request) -> Response:
        mock = self.mock
        mock.request_count += 1
        routed = mock.spec.route(request.method, request.url.path)
        op, path_params = routed.operation, routed.params
        if op is None:
            if routed.allowed:
                return envelope.error(405, "Method not allowed.", headers={"Allow": ", ".join(routed.allowed)})
            return envelope.error(404, "The requested resource does not exist.")
        if _is_public(op):
            return await self._run(request, op, path_params, None)
        found = mock.user_for(request.headers.get("x-api-token"), request.headers.get("authorization"))
        if found is None:
            return envelope.error(401, "Authentication failed. Token invalid or missing.", "AUTH_3")
        token, user = found
        is_async = bool(op.ext("x-qualtrics-async"))
        refused = mock.limiter.acquire(token, user.brand_id, is_async, mock.clock())
        if refused is not None:
            return envelope.error(429, refused, "RATE_1")
        try:
            return await self._run(request, op, path_params, (token, user))
        finally:
            mock.limiter.release(token, is_async)

    async def _run(
        self, request: Request, op: Operation, path_params: dict[str, str], auth: tuple[str, Any] | None
    ) -> Response:
        mock = self.mock
        nulls = False
        for fault in mock.faults.pick(request.url.path):
            if fault.kind == "latency":
                await asyncio.sleep(fault.latency)
            elif fault.kind == "status":
                return envelope.error(fault.status, "Internal server error (injected).")
            elif fault.kind == "non_json":
                html = "<html><body><h1>Service Unavailable</h1></body></html>"
                return Response(html, status_code=fault.status, media_type="text/html")
            elif fault.kind == "drop":
                request.scope.setdefault("state", {})["qualtrics_mock_drop"] = max(0, fault.after_bytes)
            elif fault.kind == "nulls":
                nulls = True
        try:
            validate_path(op, path_params, self.validators)
            if auth is not None:
                # Before the query and body are read: another brand's id is not found, whatever else is sent.
                _check_ownership(mock, mock.brand_of(auth[1]), op, path_params)
            validate_headers(op, request.headers, self.validators)
            query = validate_query(op, list(request.query_params.multi_items()), self.validators)
            content_type = request.headers.get("content-type", "")
            body = parse_body(
                op,
                content_type,
                await _read_capped(request, op, content_type, mock.limiter.settings),
                self.validators,
                mock.limiter.settings,
            )
            if auth is None:
                from .handlers.auth import oauth_token

                return oauth_token(mock, request, body)
            token, user = auth
            ctx = Context(mock, mock.brand_of(user), user, token, op, path_params, query, body, request)
            handler = HANDLERS.get(op.operation_id, generic.handle)  # the registry check named every other
            result = handler(ctx)
        except ApiError as exc:
            return envelope.from_api_error(exc)
        except Exception:
            # A bug in a handler still answers in the Qualtrics envelope, and the traceback goes to the log.
            log.exception("mock handler failed: %s %s", op.method, op.template)
            return envelope.error(500, "Internal server error.")
        if isinstance(result, Response):
            return result
        if result is NO_RESULT:
            return envelope.success(None, op.success_status, include_result=False)
        if nulls:
            result = null_required(result)
        response = envelope.success(result, op.success_status)
        if mock.validate_responses and not nulls:
            self._check(op, response)
        return response

    def _check(self, op: Operation, response: Response) -> None:
        if op.success_schema_pointer is None or op.success_media != "application/json":
            return
        problem = self.validators.first_error(op.success_schema_pointer, json.loads(bytes(response.body)))
        if problem is not None:
            self.mock.response_problems.append(f"{op.operation_id}: {problem.message} at {list(problem.path)}")


async def _read_capped(request: Request, op: Operation, content_type: str, settings: LimitSettings) -> bytes:
    """The body, read no further than one byte past its limit: an oversized upload is refused without being
    held whole (a declared Content-Length over the limit is refused before anything is read)."""
    if not op.bodies:
        return await request.body()
    media = content_type.split(";")[0].strip().lower() or "application/json"
    limit = body_limit(settings, media, op.ext("x-max-body-bytes"))
    declared = request.headers.get("content-length", "")
    if declared.isdigit():
        check_size(op, media, int(declared), settings)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            check_size(op, media, size, settings)
    return b"".join(chunks)


def _check_ownership(mock: MockQualtrics, brand: Any, op: Operation, path_params: dict[str, str]) -> None:
    """An id in the path that is another brand's is answered as Qualtrics answers an id the caller cannot
    see: 404 (403 where the operation documents only that), whatever the handler would do with it."""
    if mock.foreign_id(brand, path_params) is None:
        return
    if not op.documents(404) and op.documents(403):
        raise ApiError(403, "You do not have permission to access this resource.")
    raise envelope.not_found()


def _is_public(op: Operation) -> bool:
    """OAuth's token endpoint authenticates with client credentials, not a token."""
    return op.raw.get("security") == [] or op.operation_id in APP_SERVED


class _Guard:
    """Outermost ASGI layer: counts requests in flight and drops connections when a fault asks for it."""

    def __init__(self, app: ASGIApp, mock: MockQualtrics) -> None:
        self.app = app
        self.mock = mock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limiter = self.mock.limiter
        limiter.enter()

        sent = 0

        async def guarded_send(message: Message) -> None:
            nonlocal sent
            cut = scope.get("state", {}).get("qualtrics_mock_drop")
            if cut is None or message["type"] not in ("http.response.start", "http.response.body"):
                await send(message)
                return
            if message["type"] == "http.response.body":
                body = message.get("body", b"")
                if sent + len(body) < cut:
                    sent += len(body)
                    await send(message)
                    return
                # Part of the body, then the connection drops: the client sees a body cut short.
                await send({"type": "http.response.body", "body": body[: cut - sent], "more_body": True})
            else:
                await send(message)
                if cut:
                    return
            # The response has started: uvicorn now closes the socket instead of answering a 500.
            raise DroppedConnection("Connection dropped by the mock (injected fault).")

        try:
            await self.app(scope, receive, guarded_send)
        finally:
            limiter.leave()


def create_app(
    mock: MockQualtrics | None = None, *, spec_path: str | Path | None = None, spec: Spec | None = None
) -> Starlette:
    """The mock as a Starlette app; `app.state.mock` is its MockQualtrics (reset it between tests)."""
    if mock is None:
        mock = MockQualtrics(spec, spec_path=spec_path)
    check_registry(mock.spec)
    runtime = _Runtime(mock)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        headers = dict(exc.headers or {}) if isinstance(exc, HTTPException) else None
        return envelope.error(status, str(getattr(exc, "detail", "")) or "Request failed.", headers=headers)

    app = Starlette(
        routes=[Route("/{path:path}", runtime.dispatch, methods=METHODS)],
        exception_handlers={HTTPException: on_http_error},
        middleware=[Middleware(_Guard, mock=mock)],
    )
    app.state.mock = mock
    return app
