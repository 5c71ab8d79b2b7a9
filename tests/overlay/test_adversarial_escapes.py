"""Each exception that used to escape the client untyped, provoked on purpose: now a QualtricsError subclass.
Sync and async; the concurrency slot is free afterwards every time."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from qualtrics_client import ConnectionError, MalformedResponse, QualtricsError, ServerError, Spec, UnsafeURL

from ._httpx import httpx
from .conftest import Sleeps, envelope, error_body, make_async_client, make_client

Handler = Callable[[httpx.Request], httpx.Response]


def _next_page(url: str) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("offset"):
            return httpx.Response(200, json=envelope({"elements": [], "nextPage": None}))
        return httpx.Response(200, json=envelope({"elements": [{"id": "W_1", "note": None}], "nextPage": url}))

    return handler


def _answer(status: int, headers: dict[str, str], body: bytes = b"") -> Handler:
    raw = [(k.encode(), v.encode()) for k, v in headers.items()]
    # A stream, not `content=`: httpx would decode (and fail on) `content` while building the response.
    return lambda request: httpx.Response(status, headers=raw, stream=httpx.ByteStream(body))


class _FailingClose(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, body: bytes) -> None:
        self.body = body

    def __iter__(self) -> Iterator[bytes]:
        yield self.body

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.body

    def close(self) -> None:
        raise httpx.ReadError("connection reset while closing")

    async def aclose(self) -> None:
        self.close()


def _error_whose_close_fails(request: httpx.Request) -> httpx.Response:
    body = httpx.Response(503, json=error_body(503, "E", "busy")).content
    return httpx.Response(503, headers={"content-type": "application/json"}, stream=_FailingClose(body))


# (name, handler, what to call: "page" lists widgets, "get" fetches one, error expected)
CASES: list[tuple[str, Handler, str, type[QualtricsError]]] = [
    ("location-without-slashes", _answer(302, {"location": "https:evil.example/x"}), "get", QualtricsError),
    ("location-bad-idna", _answer(302, {"location": "https://xn--.evil.example/"}), "get", QualtricsError),
    ("location-other-host", _answer(302, {"location": "https://evil.example/x"}), "get", UnsafeURL),
    ("next-page-crlf", _next_page("https://iad1.qualtrics.com/API/v3/widgets?offset=1\r\nX: y"), "page", UnsafeURL),
    ("next-page-bad-idna", _next_page("https://xn--.qualtrics.com/API/v3/widgets?offset=1"), "page", UnsafeURL),
    ("next-page-bad-port", _next_page("https://iad1.qualtrics.com:99999/API/v3/widgets?offset=1"), "page", UnsafeURL),
    ("garbled-gzip", _answer(200, {"content-encoding": "gzip"}, b"\x1f\x8bnot gzip"), "get", MalformedResponse),
    ("deep-nesting", _answer(200, {"content-type": "application/json"}, b"[" * 100_000), "get", MalformedResponse),
    ("error-gzip-garbled", _answer(500, {"content-encoding": "gzip"}, b"\x1f\x8bnope"), "get", ServerError),
    # The body was read, but closing broke the connection: a transport failure, retried, then typed.
    ("close-fails", _error_whose_close_fails, "get", ConnectionError),
    (
        "transport-drop",
        lambda r: (_ for _ in ()).throw(httpx.RemoteProtocolError("x", request=r)),
        "get",
        ConnectionError,
    ),
]


def _run(client: Any, action: str) -> None:
    if action == "page":
        list(client.paginate("listWidgets"))
    else:
        client.call("getWidget", widget_id="W_1")


async def _arun(client: Any, action: str) -> None:
    if action == "page":
        [item async for item in client.paginate("listWidgets")]
    else:
        await client.call("getWidget", widget_id="W_1")


def _slots_free(client: Any) -> bool:
    limits = client._settings.limits
    return bool(limits.ordinary.in_use == 0 and limits.asynchronous.in_use == 0)


@pytest.mark.parametrize(("name", "handler", "action", "error"), CASES, ids=[c[0] for c in CASES])
def test_escape_is_typed(
    name: str, handler: Handler, action: str, error: type[QualtricsError], spec: Spec, sleeps: Sleeps
) -> None:
    with make_client(handler, sleeps, spec, max_retries=1, concurrency=2) as client:
        with pytest.raises(error):
            _run(client, action)
        assert _slots_free(client)


@pytest.mark.anyio
@pytest.mark.parametrize(("name", "handler", "action", "error"), CASES, ids=[c[0] for c in CASES])
async def test_async_escape_is_typed(
    name: str, handler: Handler, action: str, error: type[QualtricsError], spec: Spec, sleeps: Sleeps
) -> None:
    async with make_async_client(handler, sleeps, spec, max_retries=1, concurrency=2) as client:
        with pytest.raises(error):
            await _arun(client, action)
        assert _slots_free(client)
