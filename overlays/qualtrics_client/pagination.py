"""One pager for every list operation, whatever its x-pagination style.

Qualtrics returns `result.nextPage`: usually an absolute URL (carrying `offset=` or `skipToken=`, maybe on
another datacenter's host), sometimes a bare cursor. A URL is followed as-is (origin-checked by the engine);
a bare cursor is set as the operation's `cursorParam` on the original request. Paging stops on a null,
empty or repeated next page, so a server that loops cannot trap the caller.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import replace
from typing import Any

from ._operations import RequestParts
from ._spec import Operation
from .result import Result

_DEFAULT_CURSOR = {"offset": "offset", "skipToken": "skipToken", "nextPage": "nextPage"}


def elements(page: Result) -> list[Any]:
    result = page.result
    items = result.get("elements") if isinstance(result, dict) else None
    return items if isinstance(items, list) else []


def next_page(page: Result) -> str | None:
    result = page.result
    value = result.get("nextPage") if isinstance(result, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def cursor_param(operation: Operation | None) -> str:
    info = operation.pagination if operation is not None else None
    if info and isinstance(info.get("cursorParam"), str):
        return str(info["cursorParam"])
    style = str(info.get("style")) if info else "nextPage"
    return _DEFAULT_CURSOR.get(style, "offset")


def follow(original: RequestParts, operation: Operation | None, token: str) -> RequestParts:
    """The request for the page named by `token`."""
    if "://" in token or token.startswith("/"):
        # An opaque URL: its query already holds every parameter, so the original ones are dropped.
        headers = {k: v for k, v in original.headers.items() if k.lower() != "content-type"}
        return RequestParts(method="GET", url=token, headers=headers)
    return replace(original, params={**(original.params or {}), cursor_param(operation): token})


class _Walk:
    """Where one walk through the pages goes next: the stop rules both pagers share."""

    def __init__(self, first: RequestParts, operation: Operation | None, max_pages: int | None) -> None:
        self._first, self._operation, self._max_pages = first, operation, max_pages
        self._seen: set[str] = set()
        self._count = 0

    def after(self, page: Result) -> RequestParts | None:
        """The request for the page after `page`; None on a null, empty or repeated next page, or at max_pages."""
        self._count += 1
        token = next_page(page)
        if token is None or token in self._seen or (self._max_pages is not None and self._count >= self._max_pages):
            return None
        self._seen.add(token)
        return follow(self._first, self._operation, token)


class Pager:
    """Iterate items (`for item in pager`) or whole pages (`pager.pages()`); each iteration starts afresh."""

    def __init__(
        self,
        send: Callable[[RequestParts], Result],
        first: RequestParts,
        operation: Operation | None,
        max_pages: int | None = None,
    ) -> None:
        self._send, self._first, self._operation, self._max_pages = send, first, operation, max_pages

    def pages(self) -> Iterator[Result]:
        walk = _Walk(self._first, self._operation, self._max_pages)
        parts: RequestParts | None = self._first
        while parts is not None:
            page = self._send(parts)
            yield page
            parts = walk.after(page)

    def __iter__(self) -> Iterator[Any]:
        for page in self.pages():
            yield from elements(page)


class AsyncPager:
    """`async for item in pager` or `async for page in pager.pages()`."""

    def __init__(
        self,
        send: Callable[[RequestParts], Awaitable[Result]],
        first: RequestParts,
        operation: Operation | None,
        max_pages: int | None = None,
    ) -> None:
        self._send, self._first, self._operation, self._max_pages = send, first, operation, max_pages

    async def pages(self) -> AsyncIterator[Result]:
        walk = _Walk(self._first, self._operation, self._max_pages)
        parts: RequestParts | None = self._first
        while parts is not None:
            page = await self._send(parts)
            yield page
            parts = walk.after(page)

    async def __aiter__(self) -> AsyncIterator[Any]:
        async for page in self.pages():
            for item in elements(page):
                yield item
