"""The only module that imports httpx.

Upstream is moving to httpx2; keeping every httpx name behind this module makes that switch one file.
Everything here is mechanical: building clients, parsing URLs with the same parser that sends them,
classifying transport failures. Policy lives elsewhere.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

Response = httpx.Response
Request = httpx.Request
URL = httpx.URL
Timeout = httpx.Timeout
SyncClient = httpx.Client
AsyncClient = httpx.AsyncClient
SyncTransport = httpx.BaseTransport
AsyncTransport = httpx.AsyncBaseTransport
TransportError = httpx.TransportError
# Not transport errors, yet raised while sending or reading: a body whose compression is garbled, a URL
# httpx cannot send, a stream read twice or after closing.
DecodingError = httpx.DecodingError
InvalidURL = httpx.InvalidURL
RequestError = httpx.RequestError
StreamError = httpx.StreamError

# The generated client ships timeout=None (wait forever); ours are explicit. Exports are polled, not held
# open, so a minute of read timeout is plenty for any single request.
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=60.0, pool=30.0)

_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class UrlParts:
    """A URL as httpx will send it: checks must use the parser that sends, not a second one."""

    url: str
    scheme: str
    host: str
    port: int | None
    has_userinfo: bool
    path: str
    # The parsed URL itself: sending this object (not `url` again) means what was checked is what is sent.
    target: URL = field(repr=False, compare=False)

    @property
    def query(self) -> dict[str, str]:
        return dict(self.target.params)

    @property
    def effective_port(self) -> int | None:
        return self.port if self.port is not None else _DEFAULT_PORTS.get(self.scheme)


# Small: next-page URLs are all different and would only push out the paths that do repeat.
@functools.lru_cache(maxsize=64)
def parse_url(url: str, base: str | None = None) -> UrlParts:
    """Parse (and resolve against `base` when relative). Raises ValueError on garbage.

    Cached: a client sends the same few paths again and again, and httpx's `join` parses four times.
    Both the arguments and the result are immutable, so a cached answer is the answer.
    """
    try:
        parsed = httpx.URL(base).join(url) if base is not None else httpx.URL(url)
        port = parsed.port
        host = parsed.host
    # ValueError covers idna's errors (a UnicodeError) for a host such as `xn--`.
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise ValueError(f"invalid URL: {type(exc).__name__}") from None
    if port is not None and not 0 < port < 65536:
        raise ValueError("invalid URL: port out of range")
    return UrlParts(
        url=str(parsed),
        scheme=parsed.scheme.lower(),
        host=host.lower(),
        port=port,
        has_userinfo=bool(parsed.userinfo),
        path=parsed.path,
        target=parsed,
    )


def new_sync_client(transport: SyncTransport | None, timeout: Timeout) -> SyncClient:
    # follow_redirects is off: the overlay follows redirects itself, checking each target's origin first.
    return httpx.Client(transport=transport, timeout=timeout, follow_redirects=False)


def new_async_client(transport: AsyncTransport | None, timeout: Timeout) -> AsyncClient:
    return httpx.AsyncClient(transport=transport, timeout=timeout, follow_redirects=False)


def build_request(
    client: SyncClient | AsyncClient,
    method: str,
    url: str | URL,
    *,
    params: dict[str, Any] | None = None,
    json: Any = None,
    data: dict[str, Any] | None = None,
    files: Any = None,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: Timeout | None = None,
) -> Request:
    extra: dict[str, Any] = {}
    if timeout is not None:
        extra["timeout"] = timeout
    return client.build_request(
        method, url, params=params, json=json, data=data, files=files, content=content, headers=headers, **extra
    )


def clipped_timeout(default: Timeout, remaining: float | None) -> Timeout | None:
    """A timeout no longer than what is left of a call's deadline (None: keep the client's)."""
    if remaining is None:
        return None

    def clip(value: float | None) -> float:
        return max(0.001, remaining if value is None else min(value, remaining))

    return httpx.Timeout(
        connect=clip(default.connect), read=clip(default.read), write=clip(default.write), pool=clip(default.pool)
    )


@dataclass(frozen=True)
class Failure:
    """What a transport error means for retrying."""

    is_timeout: bool
    # True when the request cannot have reached the server (no connection was made), so even a
    # non-idempotent call may be repeated.
    surely_unsent: bool
    description: str


def classify(exc: TransportError) -> Failure:
    unsent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    # The type name is enough for users and can never carry a header value.
    return Failure(isinstance(exc, httpx.TimeoutException), unsent, type(exc).__name__)


def close_quietly(response: Response, release: Callable[[], None]) -> None:
    """Close a response and free its slot; a stream that breaks while closing has nothing left to give, so
    that failure is dropped, and the slot is freed whatever happens."""
    try:
        response.close()
    except (httpx.RequestError, httpx.StreamError):
        pass
    finally:
        release()


async def aclose_quietly(response: Response, release: Callable[[], None]) -> None:
    try:
        await response.aclose()
    except (httpx.RequestError, httpx.StreamError):
        pass
    finally:
        release()


def json_response(status_code: int, payload: Any) -> Response:
    """A synthetic response, to feed coerced JSON to a generated `_parse_response`."""
    return httpx.Response(status_code, json=payload)
