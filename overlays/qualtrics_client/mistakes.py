"""Errors for calls that are refused before anything is sent: the mistake is the caller's, not the server's.

Each names the operation (`operation_id`) and, where a near miss explains it, what was probably meant
(`suggestion`). They are `QualtricsError`s like every other error of the client, and also the built-in
exception a Python programmer expects for the mistake (`TypeError` for arguments that do not fit,
`ValueError` for values that are refused, `LookupError` for names that do not exist).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import Any

from .errors import QualtricsError


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate `name` most probably meant: equal but for case or separators first, then a near spelling."""
    pool = [c for c in candidates if c != name]
    folded = {c.lower().replace("_", "").replace("-", ""): c for c in pool}
    key = name.lower().replace("_", "").replace("-", "")
    if key in folded:
        return folded[key]
    import difflib  # deferred: only a mistake pays its import, not every process

    found = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return found[0] if found else None


def _hint(suggestion: str | None) -> str:
    return f"; did you mean {suggestion!r}?" if suggestion else ""


class UsageError(QualtricsError):
    """A call refused before sending because of how it was made."""

    def __init__(self, message: str, *, operation_id: str | None = None, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.operation_id = operation_id
        self.suggestion = suggestion


class UnknownOperation(UsageError, LookupError):
    """No operation of the spec has this operationId (or generated module name)."""

    def __init__(self, name: str, candidates: Iterable[str]) -> None:
        suggestion = closest(name, candidates)
        super().__init__(f"unknown operation {name!r}{_hint(suggestion)}", suggestion=suggestion)
        self.name = name


class UnknownParameter(UsageError, builtins.TypeError):
    """A keyword the operation does not take."""

    def __init__(self, operation_id: str, name: str, accepted: Iterable[str]) -> None:
        names = sorted(accepted)
        suggestion = closest(name, names)
        text = f"{operation_id} takes no parameter {name!r}{_hint(suggestion)}"
        if not suggestion:
            text += f" (it takes: {', '.join(names) or 'no parameters'})"
        super().__init__(text, operation_id=operation_id, suggestion=suggestion)
        self.name = name


class MissingParameter(UsageError, builtins.TypeError):
    """A required parameter (or body) was not given."""

    def __init__(self, operation_id: str, names: Iterable[str]) -> None:
        missing = sorted(names)
        super().__init__(f"{operation_id} needs {', '.join(missing)}", operation_id=operation_id)
        self.names = missing


class InvalidArguments(UsageError, builtins.TypeError):
    """Arguments that do not bind to the method for another reason (too many positional ones, say)."""


class InvalidBody(UsageError, builtins.TypeError):
    """The body is not an object: neither a dict nor a generated model (nor a list where the spec wants one)."""


class UnknownBodyField(UsageError, builtins.ValueError):
    """A dict body has keys the spec does not declare at that place (often a wrong case: `uselabels`)."""

    def __init__(self, operation_id: str, problems: list[tuple[str, str | None]]) -> None:
        parts = [where + (f" (did you mean {hint!r}?)" if hint else "") for where, hint in problems]
        super().__init__(
            f"{operation_id}: the body has keys its schema does not declare: {', '.join(parts)} "
            "(pass check_body=False to the client to send such keys anyway)",
            operation_id=operation_id,
            suggestion=problems[0][1] if problems else None,
        )
        self.problems = problems


class UnsafePathValue(UsageError, builtins.ValueError):
    """A path parameter value that would leave its place in the path (empty, a dot segment, `/`, `?`, `#`)."""

    def __init__(self, operation_id: str, name: str, value: Any, reason: str) -> None:
        super().__init__(f"{operation_id}: path parameter {name}={value!r} {reason}", operation_id=operation_id)
        self.name = name


class NotPaginated(UsageError):
    """`paginate` on an operation the spec gives no `x-pagination`."""


class NotAJob(UsageError):
    """`run_job` on an operation that does not start a job (`x-job` role start)."""


class ItemDecodeError(QualtricsError):
    """A list element that fits no generated model, met while iterating models; `raw` is the element as received.

    Iterate `pager.with_raw()` instead to get `(None, raw)` for such elements and go on.
    """

    def __init__(self, message: str, *, operation_id: str | None, raw: Any) -> None:
        super().__init__(message)
        self.operation_id = operation_id
        self.raw = raw
