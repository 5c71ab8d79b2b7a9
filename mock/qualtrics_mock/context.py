"""What a handler receives, and the registry that binds handlers to the spec's (method, path template).

Handlers bind to path templates rather than operationIds: the templates are fixed in the root spec while the
operations behind them are still being written, and the routes themselves still come only from the spec
(a handler whose template the spec lacks is simply never reached).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .spec import Operation
from .state import Brand, MockQualtrics, User
from .validation import ParsedBody


class _NoResult:
    """Marker: answer `{meta}` without a `result` key (e.g. update response)."""


NO_RESULT = _NoResult()


@dataclass
class Context:
    mock: MockQualtrics
    brand: Brand
    user: User
    token: str
    op: Operation
    path: dict[str, str]
    query: dict[str, Any]
    body: ParsedBody
    request: Request

    @property
    def json(self) -> dict[str, Any]:
        return self.body.json if isinstance(self.body.json, dict) else {}

    @property
    def base_url(self) -> str:
        """Scheme and host of the request, for absolute nextPage URLs."""
        return f"{self.request.url.scheme}://{self.request.url.netloc}"

    def now(self) -> float:
        return self.mock.clock()


Handler = Callable[[Context], Any]
HANDLERS: dict[tuple[str, str], Handler] = {}


def route(method: str, template: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        HANDLERS[(method.upper(), template)] = func
        return func

    return register


def is_response(value: Any) -> bool:
    return isinstance(value, Response)
