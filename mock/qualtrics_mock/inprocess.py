"""In-process mode: httpx clients wired straight to the ASGI app, no socket.

httpx's own ASGITransport is async-only, and Starlette's TestClient is moving to httpx2, so the sync client
uses a small transport that runs each request on a private event loop.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from .state import DEFAULT_TOKEN

DEFAULT_BASE_URL = "https://iad1.qualtrics.com"


class SyncASGITransport(httpx.BaseTransport):
    def __init__(self, app: Any) -> None:
        self._transport = httpx.ASGITransport(app=app)
        self._loop = asyncio.new_event_loop()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        copy = httpx.Request(request.method, request.url, headers=request.headers, content=body)
        return self._loop.run_until_complete(self._send(copy))

    async def _send(self, request: httpx.Request) -> httpx.Response:
        response = await self._transport.handle_async_request(request)
        content = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=content, request=request)

    def close(self) -> None:
        self._loop.close()


def sync_client(
    app: Any, token: str | None = DEFAULT_TOKEN, base_url: str = DEFAULT_BASE_URL, **kwargs: Any
) -> httpx.Client:
    """A sync httpx client on the app; pass token=None for an unauthenticated one."""
    headers = {"X-API-TOKEN": token} if token else {}
    headers.update(kwargs.pop("headers", {}))
    return httpx.Client(transport=SyncASGITransport(app), base_url=base_url, headers=headers, **kwargs)


def async_client(
    app: Any, token: str | None = DEFAULT_TOKEN, base_url: str = DEFAULT_BASE_URL, **kwargs: Any
) -> httpx.AsyncClient:
    headers = {"X-API-TOKEN": token} if token else {}
    headers.update(kwargs.pop("headers", {}))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url, headers=headers, **kwargs)
