"""What every call returns: the decoded model when it fits, and always the raw JSON and meta."""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic

from . import _plan
from ._body import NOT_PARSED
from ._spec import Operation, Spec
from .errors import QualtricsNotice

if TYPE_CHECKING:  # type checkers see the default (PEP 696); the runtime TypeVar needs none
    from typing_extensions import TypeVar

    ModelT = TypeVar("ModelT", default=Any)
else:
    from typing import TypeVar

    ModelT = TypeVar("ModelT")


_UNREAD = _plan.NOT_REPAIRED  # the state of `data` and `model` before their first read


class Result(Generic[ModelT]):
    """One call's answer. `raw` (the JSON exactly as received), `meta`, `result` and the headers are there at
    once; `data` (the JSON after tolerant repair against the operation's schema) and `model` (the generated
    model) are decoded on their first read, so a caller that reads only the JSON never pays for the model.

    A payload that fits no generated model warns (QualtricsDecodeWarning) when `model` is first read, not
    when the call returns: the warning then points at the user's line that asked for the model.
    """

    __slots__ = ("_data", "_model", "_plan", "content", "headers", "operation_id", "raw", "status_code")

    def __init__(
        self,
        status_code: int,
        headers: Mapping[str, str],
        raw: Any,
        content: bytes,
        operation_id: str | None = None,
        plan: _plan.Plan | None = None,
    ) -> None:
        self.status_code = status_code
        self.headers = headers
        self.raw = raw  # JSON exactly as received (None for an empty or non-JSON body)
        self.content = content
        self.operation_id = operation_id
        self._plan = plan  # how to decode `raw`; None: nothing to decode (data is raw, model is None)
        self._data: Any = _UNREAD
        self._model: Any = _UNREAD

    def __repr__(self) -> str:
        return f"Result(status_code={self.status_code!r}, operation_id={self.operation_id!r})"

    @property
    def data(self) -> Any:
        """The JSON after tolerant repair. Parts that needed no repair are shared with `raw` (and the model),
        not copied: mutate neither in place if the other must stay as it was."""
        if self._data is _UNREAD:
            self._data = self.raw if self._plan is None else self._plan.repair(self.raw)
        return self._data

    @property
    def model(self) -> ModelT | None:
        """The generated model, or None (with a QualtricsDecodeWarning) when the payload does not fit it."""
        if self._model is _UNREAD:
            plan = self._plan
            self._model = None if plan is None else plan.model(self.raw, self._data, len(self.content))
        model: ModelT | None = self._model
        return model

    # `meta` and `result` are read from `raw`: repaired values live only in the model (and `data`).
    @property
    def meta(self) -> dict[str, Any]:
        meta = self.raw.get("meta") if isinstance(self.raw, dict) else None
        return meta if isinstance(meta, dict) else {}

    @property
    def result(self) -> Any:
        return self.raw.get("result") if isinstance(self.raw, dict) else None

    @property
    def request_id(self) -> str | None:
        value = self.meta.get("requestId")
        return value if isinstance(value, str) else None

    @property
    def notice(self) -> str | None:
        value = self.meta.get("notice")
        return value if isinstance(value, str) else None


def parse_json(content: bytes) -> Any:
    if not content:
        return None
    try:
        return json.loads(content)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError; RecursionError: nested too deep
        return None


def warn_user(message: str, category: type[Warning]) -> None:
    """Warn, attributing the warning to the first frame outside this package (the user's line)."""
    frame = sys._getframe(1)
    level = 2
    while frame.f_back is not None and str(frame.f_globals.get("__name__", "")).startswith("qualtrics_client"):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


def warn_notice(notice: str | None, redact: Callable[[str], str] | None = None) -> None:
    if notice:
        warn_user(f"Qualtrics notice: {redact(notice) if redact else notice}", QualtricsNotice)


def build_result(
    status: int,
    headers: Mapping[str, str],
    content: bytes,
    *,
    spec: Spec | None,
    operation: Operation | None,
    module: ModuleType | None,
    raw: Any = NOT_PARSED,
    redact: Callable[[str], str] | None = None,
) -> Result:
    """`raw`: the body's JSON when the caller already parsed it; `redact` cleans the notice warned about."""
    if raw is NOT_PARSED:
        raw = parse_json(content)
    plan = None
    if operation is not None and spec is not None and raw is not None:
        plan = _plan.Plan(spec, operation, status, module)
    result: Result = Result(
        status, headers, raw, content, operation.operation_id if operation is not None else None, plan
    )
    warn_notice(result.notice, redact)
    return result
