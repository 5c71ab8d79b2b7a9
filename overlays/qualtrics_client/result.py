"""What every call returns: the decoded model when it fits, and always the raw JSON and meta."""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic

from . import _decode
from ._body import NOT_PARSED
from ._spec import Operation, Spec
from .errors import QualtricsNotice

if TYPE_CHECKING:  # type checkers see the default (PEP 696); the runtime TypeVar needs none
    from typing_extensions import TypeVar

    ModelT = TypeVar("ModelT", default=Any)
else:
    from typing import TypeVar

    ModelT = TypeVar("ModelT")



@dataclass
class Result(Generic[ModelT]):
    status_code: int
    headers: Mapping[str, str] = field(repr=False)
    raw: Any = field(repr=False)  # JSON exactly as received (None for an empty or non-JSON body)
    # The same JSON after tolerant repair against the schema. Parts that needed no repair are shared with
    # `raw` (and the model), not copied: mutate neither in place if the other must stay as it was.
    data: Any = field(repr=False)
    model: ModelT | None = field(repr=False)  # the generated model, or None when the payload did not fit
    content: bytes = field(repr=False)
    operation_id: str | None = None

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
    data = raw
    model = None
    if operation is not None and spec is not None and raw is not None:
        schema = operation.response_schema(status)
        if schema is not None:
            data = _decode.coerce(raw, schema, spec)
        model = _decode.to_model(module, status, data, operation.operation_id)
    result = Result(
        status, headers, raw, data, model, content, operation.operation_id if operation is not None else None
    )
    warn_notice(result.notice, redact)
    return result
