"""What a handler receives, and the registry that binds handlers to the spec's operationIds.

Handlers bind to operationIds, the one name an operation keeps when its path is corrected; the routes
themselves still come only from the spec.
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
HANDLERS: dict[str, Handler] = {}


def route(operation_id: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        if operation_id in HANDLERS:
            raise ValueError(f"two mock handlers for {operation_id}")
        HANDLERS[operation_id] = func
        return func

    return register


def is_response(value: Any) -> bool:
    return isinstance(value, Response)
