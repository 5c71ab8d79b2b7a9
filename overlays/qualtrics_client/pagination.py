"""One pager for every list operation, whatever its x-pagination style.

Qualtrics returns `result.nextPage`: usually an absolute URL (carrying `offset=` or `skipToken=`, maybe on
another datacenter's host), sometimes a bare cursor. A URL is followed as-is (origin-checked by the engine);
a bare cursor is set as the operation's `cursorParam` on the original request. An operation whose
`x-pagination` names a `cursorPath` (a contact search's `result.skipToken`) pages by that bare cursor only,
sending the same request, method and body, again with it. Paging stops on a null,
empty or repeated next page, so a server that loops cannot trap the caller.

Items are the generated element models, with the JSON exactly as received beside them (`with_raw()`):
repaired values live only in the models.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import replace
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic

from . import _decode
from ._operations import RequestParts
from ._spec import Operation, Paging, get_path
from .mistakes import ItemDecodeError
from .result import Result

if TYPE_CHECKING:  # type checkers see the defaults (PEP 696); the runtime TypeVars need none
    from typing_extensions import TypeVar

    ItemT = TypeVar("ItemT", default=Any)
    PageT = TypeVar("PageT", default=Any)
else:
    from typing import TypeVar

    ItemT = TypeVar("ItemT")
    PageT = TypeVar("PageT")


def elements(page: Result) -> list[Any]:
    result = page.result
    items = result.get("elements") if isinstance(result, dict) else None
    return items if isinstance(items, list) else []


def next_page(page: Result, operation: Operation | None = None) -> str | None:
    """What names the next page, at the operation's `cursorPath` (`result.nextPage` unless it says otherwise)."""
    paging = operation.paging if operation is not None else None
    value = get_path(page.raw, paging.cursor_path) if paging is not None else get_path(page.raw, "result.nextPage")
    return value.strip() if isinstance(value, str) and value.strip() else None


def cursor_param(operation: Operation | None) -> str:
    """The spec model decides an operation's cursor; an operation it does not page follows `nextPage`."""
    paging = operation.paging if operation is not None else None
    return (paging or Paging.of_style("nextPage")).cursor


def follow(original: RequestParts, operation: Operation | None, token: str) -> RequestParts:
    """The request for the page named by `token`."""
    paging = operation.paging if operation is not None else None
    bare = paging is not None and paging.bare_cursor  # e.g. a contact search: the same POST, cursor set
    if not bare and ("://" in token or token.startswith("/")):
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
        token = next_page(page, self._operation)
        if token is None or token in self._seen or (self._max_pages is not None and self._count >= self._max_pages):
            return None
        self._seen.add(token)
        return follow(self._first, self._operation, token)


def _model_elements(model: Any) -> list[Any] | None:
    """`model.result.elements` of a page model, None when any step is missing (Unset, None, not a list)."""
    items = getattr(getattr(model, "result", None), "elements", None)
    return items if isinstance(items, list) else None


def entries(page: Result[Any], module: ModuleType | None) -> list[tuple[Any, Any]]:
    """Each element of `page` as (model, JSON as received): one vocabulary, whatever the page's shape.

    The models come from the page's model; when the page as a whole did not fit, each element is decoded on
    its own (a one-element page through the same generated parser), so one bad element costs only itself:
    its model is None. Without a generated module (a spec-only client) there are no models: (None, raw).
    """
    raw = elements(page)
    if module is None:
        return [(None, item) for item in raw]
    models = _model_elements(page.model)
    if models is not None and len(models) == len(raw):
        return list(zip(models, raw, strict=True))
    repaired = page.data.get("result") if isinstance(page.data, dict) else None
    repaired_items = repaired.get("elements") if isinstance(repaired, dict) else None
    if not isinstance(repaired_items, list) or len(repaired_items) != len(raw):
        repaired_items = raw
    found: list[tuple[Any, Any]] = []
    for item, fixed in zip(raw, repaired_items, strict=True):
        single = {**page.data, "result": {**repaired, "elements": [fixed]}} if isinstance(repaired, dict) else None
        model = _decode.to_model(module, page.status_code, single, page.operation_id or "") if single else None
        one = _model_elements(model)
        found.append((one[0] if one else None, item))
    return found


def _typed(found: list[tuple[Any, Any]], page: Result[Any], module: ModuleType | None) -> Iterator[Any]:
    for model, raw in found:
        if model is None and module is not None:
            raise ItemDecodeError(
                f"{page.operation_id}: a list element fits no generated model; iterate with_raw() to go on",
                operation_id=page.operation_id,
                raw=raw,
            )
        yield raw if module is None else model


class Pager(Generic[ItemT, PageT]):
    """Iterate items as models (`for item in pager`), whole pages (`pager.pages()`), or (model, JSON as
    received) pairs (`pager.with_raw()`); each iteration starts afresh and sends nothing until it begins."""

    def __init__(
        self,
        send: Callable[[RequestParts], Result[Any]],
        first: RequestParts,
        operation: Operation | None,
        max_pages: int | None = None,
        module: ModuleType | None = None,
    ) -> None:
        self._send, self._first, self._operation, self._max_pages = send, first, operation, max_pages
        self._module = module

    def pages(self) -> Iterator[Result[PageT]]:
        walk = _Walk(self._first, self._operation, self._max_pages)
        parts: RequestParts | None = self._first
        while parts is not None:
            page = self._send(parts)
            yield page
            parts = walk.after(page)

    def with_raw(self) -> Iterator[tuple[ItemT | None, Any]]:
        for page in self.pages():
            yield from entries(page, self._module)

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.pages():
            yield from _typed(entries(page, self._module), page, self._module)


class AsyncPager(Generic[ItemT, PageT]):
    """`async for item in pager`, `async for page in pager.pages()`, `async for model, raw in pager.with_raw()`."""

    def __init__(
        self,
        send: Callable[[RequestParts], Awaitable[Result[Any]]],
        first: RequestParts,
        operation: Operation | None,
        max_pages: int | None = None,
        module: ModuleType | None = None,
    ) -> None:
        self._send, self._first, self._operation, self._max_pages = send, first, operation, max_pages
        self._module = module

    async def pages(self) -> AsyncIterator[Result[PageT]]:
        walk = _Walk(self._first, self._operation, self._max_pages)
        parts: RequestParts | None = self._first
        while parts is not None:
            page = await self._send(parts)
            yield page
            parts = walk.after(page)

    async def with_raw(self) -> AsyncIterator[tuple[ItemT | None, Any]]:
        async for page in self.pages():
            for pair in entries(page, self._module):
                yield pair

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.pages():
            for item in _typed(entries(page, self._module), page, self._module):
                yield item
