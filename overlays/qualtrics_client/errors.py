"""Typed errors and warnings.

Every failure a call can meet is a QualtricsError, so `except QualtricsError` is enough for users; the
subclasses mirror HTTP status classes because that is what callers branch on. No message here ever includes
a request header, so no token can leak through an exception.
"""

from __future__ import annotations

import builtins
import json
from typing import Any


class QualtricsNotice(UserWarning):
    """`meta.notice` from Qualtrics, e.g. that the request was proxied to another datacenter."""


class QualtricsDecodeWarning(UserWarning):
    """A payload did not fit the generated model; the raw JSON is returned instead."""


class QualtricsError(Exception):
    """Base of every error the overlay raises."""

    def __init__(
        self,
        message: str,
        *,
        http_status: int | None = None,
        error_code: str | None = None,
        error_message: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.error_code = error_code
        self.error_message = error_message
        self.request_id = request_id


class ConfigurationError(QualtricsError, ValueError):
    """Bad arguments or environment (missing token, malformed datacenter, unsafe base URL)."""


class UnsafeURL(QualtricsError):
    """A request, next page or redirect pointed outside Qualtrics and the configured base origin."""


class APIError(QualtricsError):
    """Qualtrics answered with an error status."""


class BadRequest(APIError):
    pass


class Unauthorized(APIError):
    pass


class Forbidden(APIError):
    pass


class NotFound(APIError):
    pass


class Conflict(APIError):
    pass


class PayloadTooLarge(APIError):
    pass


class UnsupportedMediaType(APIError):
    pass


class Unprocessable(APIError):
    pass


class RateLimited(APIError):
    pass


class ServerError(APIError):
    """Any 5xx, including non-standard ones such as 520."""


class ConnectionError(QualtricsError, builtins.ConnectionError):
    """The request failed below HTTP (DNS, refused, reset, dropped)."""


class Timeout(ConnectionError, builtins.TimeoutError):
    """Connect, read, write or pool timeout, or the call's deadline passed."""


class JobError(QualtricsError):
    def __init__(self, message: str, *, kind: str, progress_id: str | None, status: str | None) -> None:
        super().__init__(message)
        self.kind = kind
        self.progress_id = progress_id
        self.status = status


class JobFailed(JobError):
    """The job reported a failed status."""


class JobTimeout(JobError, builtins.TimeoutError):
    """The job did not finish before the runner's timeout."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
    422: Unprocessable,
    429: RateLimited,
}


def error_class(status: int) -> type[APIError]:
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return ServerError if status >= 500 else APIError


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def parse_error_body(body: bytes) -> tuple[str | None, str | None, str | None, str | None]:
    """(error_code, error_message, request_id, notice) from any error body Qualtrics has been seen to send."""
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        doc = None
    if not isinstance(doc, dict) or not isinstance(doc.get("meta"), dict):
        # Non-JSON (an HTML page from a proxy, an empty body): keep a short, printable excerpt.
        snippet = body[:200].decode("utf-8", "replace").strip()
        return None, (" ".join(snippet.split()) or None), None, None
    meta: dict[str, Any] = doc["meta"]
    error = meta.get("error")
    if isinstance(error, dict):  # current envelope: meta.error.{errorCode, errorMessage}
        code, message = _text(error.get("errorCode")), _text(error.get("errorMessage"))
    else:  # old envelope: meta.status == "Error", meta.errorMessage
        code, message = _text(meta.get("errorCode")), _text(meta.get("errorMessage"))
    return code, message, _text(meta.get("requestId")), _text(meta.get("notice"))


def error_from_response(status: int, body: bytes, *, redact: tuple[str, ...] = ()) -> APIError:
    code, message, request_id, _ = parse_error_body(body)
    # A server echoing a credential back must not put it in a traceback.
    for secret in redact:
        if secret and message:
            message = message.replace(secret, "[redacted]")
    text = f"HTTP {status}"
    if code:
        text += f" {code}"
    if message:
        text += f": {message}"
    if request_id:
        text += f" (requestId {request_id})"
    return error_class(status)(text, http_status=status, error_code=code, error_message=message, request_id=request_id)
