"""Real pagination: `offset` (surveys and most v3 lists) and opaque `skipToken` (XM Directory, links),
both answered as `{elements, nextPage}` where nextPage is an absolute URL on the request's host."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from .spec import Paging, normalise_path

if TYPE_CHECKING:
    from .context import Context

DEFAULT_PAGE_SIZE = 100


def encode_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_token(token: str) -> int | None:
    """The offset inside a token the mock issued; None for any other string."""
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except ValueError:
        return None
    if not text.startswith("o:") or not text[2:].isdigit():
        return None
    return int(text[2:])


def page(
    items: list[Any],
    *,
    base_url: str,
    path: str,
    query: dict[str, Any],
    style: str,
    cursor_param: str,
    page_size: int | None,
) -> dict[str, Any]:
    size = page_size or DEFAULT_PAGE_SIZE
    raw = query.get(cursor_param)
    opaque = Paging.of_style(style).opaque
    start = (decode_token(str(raw)) if raw else 0) if opaque else int(raw or 0)
    if start is None:
        # A token the mock never issued ends the listing (an empty last page) rather than a 400: the spec
        # types skipToken as any string, and contract tests send arbitrary ones.
        return {"elements": [], "nextPage": None}
    end = start + size
    next_page = None
    if end < len(items):
        cursor: str | int = encode_token(end) if opaque else end
        params = {k: _text(v) for k, v in query.items() if k != cursor_param}
        params[cursor_param] = str(cursor)
        next_page = f"{base_url}{path}?{urlencode(params)}"
    return {"elements": items[start:end], "nextPage": next_page}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def page_size_of(query: dict[str, Any]) -> int | None:
    for name in ("pageSize", "limit"):
        if isinstance(query.get(name), int):
            return int(query[name])
    return None


def paged(ctx: Context, items: list[Any], default_style: str = "offset", *, path: str | None = None) -> dict[str, Any]:
    """One page of `items` as the operation's `x-pagination` says (the style a handler names only when the
    spec declares none), with an absolute nextPage URL on the request's host."""
    paging = ctx.op.paging or Paging.of_style(default_style)
    size = ctx.query.get(paging.page_size) if paging.page_size else page_size_of(ctx.query)
    return page(
        items,
        base_url=ctx.base_url,
        path=path or normalise_path(ctx.request.url.path),
        query=ctx.query,
        style=paging.style,
        cursor_param=paging.cursor,
        page_size=size if isinstance(size, int) else ctx.mock.page_size,
    )
