"""What a handler receives, and the registry that binds handlers to the spec's operationIds.

Handlers bind to operationIds, the one name an operation keeps when its path is corrected; the routes
themselves still come only from the spec. Every operation of the spec is served on purpose: by a family
handler (`@route`), by the generic store (`store_serves`), or by the app itself (OAuth's token exchange).
`check_registry` says which operations are not, and which handlers name no operation; the app refuses to
start while either list is not empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .spec import Operation, Spec
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
# Operations the generic store serves deliberately (no family behaviour of their own yet).
STORE_SERVED: set[str] = set()
# Operations the app answers itself before any handler: OAuth's token exchange authenticates with client
# credentials, not a token.
APP_SERVED = frozenset({"requestOauthToken"})


def route(operation_id: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        if operation_id in HANDLERS:
            raise ValueError(f"two mock handlers for {operation_id}")
        HANDLERS[operation_id] = func
        return func

    return register


def store_serves(operation_ids: Iterable[str]) -> None:
    """Declare operations that the generic store answers on purpose."""
    STORE_SERVED.update(operation_ids)


def is_response(value: Any) -> bool:
    return isinstance(value, Response)


class RegistryMismatch(RuntimeError):
    """The spec and the handlers disagree: the mock would answer some operation by accident."""


def serving(operation_id: str) -> str:
    """`handler`, `store`, `app` or `none`: who answers an operation."""
    if operation_id in HANDLERS:
        return "handler"
    if operation_id in APP_SERVED:
        return "app"
    if operation_id in STORE_SERVED:
        return "store"
    return "none"


def registry_problems(spec: Spec) -> list[str]:
    """Every operation nobody serves, and every registration that names no operation, as sentences."""
    problems: list[str] = []
    known = set(spec.operation_ids)
    for operation_id in spec.operation_ids:
        if serving(operation_id) == "none":
            problems.append(
                f"operation {operation_id} of the spec has no mock handler: add @route({operation_id!r}) to its "
                "family module, or list it in qualtrics_mock.handlers.generic.STORE_OPERATIONS"
            )
    for operation_id in sorted(HANDLERS.keys() - known):
        problems.append(f"mock handler @route({operation_id!r}) names no operation of the spec")
    for operation_id in sorted(STORE_SERVED - known):
        problems.append(f"STORE_OPERATIONS lists {operation_id}, which is no operation of the spec")
    return problems


def stale_store_entries() -> list[str]:
    """Operations listed for the store that have a handler now (the handler answers; the entry should go)."""
    return sorted(STORE_SERVED & HANDLERS.keys())


def check_registry(spec: Spec) -> None:
    problems = registry_problems(spec)
    if problems:
        raise RegistryMismatch("the mock cannot serve this spec:\n  " + "\n  ".join(problems))


def served_by(operation_id: str) -> str:
    """Who answers an operation, as the operations table in docs/mock.md says it."""
    kind = serving(operation_id)
    if kind == "handler":
        return f"handlers/{HANDLERS[operation_id].__module__.rsplit('.', 1)[-1]}.py"
    return {"app": "the app (OAuth)", "store": "generic store"}.get(kind, "nobody")


def operations_table(spec: Spec) -> str:
    """The Markdown table of every operation and who answers it, built from the registry (docs/mock.md)."""
    rows = sorted(spec.operations, key=lambda op: (op.tags[:1], op.path, op.method))
    lines = ["| Tag | Operation | Method and path | Answered by |", "|---|---|---|---|"]
    for op in rows:
        tag = op.tags[0] if op.tags else ""
        lines.append(f"| {tag} | `{op.operation_id}` | `{op.method} {op.path}` | {served_by(op.operation_id)} |")
    own = sum(serving(op.operation_id) == "handler" for op in rows)
    store = sum(serving(op.operation_id) == "store" for op in rows)
    lines.append("")
    lines.append(f"{len(rows)} operations: {own} with family behaviour, {store} from the generic store.")
    return "\n".join(lines) + "\n"


TABLE_START = "<!-- operations table: generated from the mock's registry -->"
TABLE_END = "<!-- end of operations table -->"


def with_operations_table(page: str, spec: Spec) -> str:
    """`page` (docs/mock.md) with the text between the table markers replaced by the current table."""
    head, start, rest = page.partition(TABLE_START)
    _, end, tail = rest.partition(TABLE_END)
    if not start or not end:
        raise ValueError("docs/mock.md lacks the operations table markers")
    return f"{head}{TABLE_START}\n{operations_table(spec)}{TABLE_END}{tail}"
