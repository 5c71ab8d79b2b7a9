"""What a 2xx body must be before a call accepts it: JSON for operations that answer JSON, a file for file
operations. A proxy's HTML page, an empty or cut body, bad UTF-8 or nesting too deep to read is a malformed
response (retried like a 5xx), never a page with no elements, which would end a listing early.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from ._spec import Operation
from .errors import load_json


class Expect(enum.Enum):
    JSON = "json"  # the operation declares a JSON success body: anything else is malformed
    FILE = "file"  # a file (a job's file, zip, octet-stream): anything but a web page goes
    SNIFF = "sniff"  # no known operation: JSON is required only when the Content-Type says JSON


# The body of a 2xx that was not parsed (a file): distinct from None, the JSON `null` or an empty body.
NOT_PARSED: Any = object()
# No content by definition, whatever the operation declares.
_EMPTY_STATUSES = frozenset({204, 205})


def expectation(operation: Operation | None) -> Expect:
    """From the media types the operation declares for its 2xx responses. Not cached: operations of two
    specs can compare equal while declaring different media, and reading a few keys costs nothing."""
    if operation is None:
        return Expect.SNIFF
    job = operation.job or {}
    if job.get("role") == "file" and not job.get("locator"):
        # A job's file is a file whatever it is (a bare JSON export is still the file, not an envelope); one
        # with a `locator` answers where the file is, as JSON, and is judged by its media like any other.
        return Expect.FILE
    media: set[str] = set()
    for status, entry in (operation.raw.get("responses") or {}).items():
        if str(status).startswith("2") and isinstance(entry, dict):
            media.update(str(m).lower() for m in (entry.get("content") or {}))
    if any("json" in m for m in media):
        return Expect.JSON
    return Expect.FILE if media else Expect.SNIFF


def _content_type(headers: Mapping[str, str]) -> str:
    return (headers.get("content-type") or "").split(";", 1)[0].strip().lower()


def head_problem(expect: Expect, headers: Mapping[str, str]) -> str | None:
    """Why the headers alone show the body is not the answer (a file operation answered by a web page)."""
    if expect is Expect.FILE and _content_type(headers) in ("text/html", "application/xhtml+xml"):
        return "a file was expected but an HTML page came"
    return None


def accept(expect: Expect, status: int, headers: Mapping[str, str], body: bytes) -> tuple[Any, str | None]:
    """(the parsed JSON or NOT_PARSED, None) for a body the call can use, else (NOT_PARSED, why not)."""
    problem = head_problem(expect, headers)
    if problem is not None:
        return NOT_PARSED, problem
    if expect is Expect.FILE:
        return NOT_PARSED, None
    if status in _EMPTY_STATUSES and not body.strip():
        return None, None
    required = expect is Expect.JSON or "json" in _content_type(headers)
    if not body.strip():
        return (NOT_PARSED, "the body is empty") if required else (None, None)
    try:
        return load_json(body), None
    except ValueError as exc:
        return (NOT_PARSED, f"the body is not JSON ({exc})") if required else (None, None)
