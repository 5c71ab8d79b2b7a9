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
        body: bytes = b"",
    ) -> None:
        super().__init__(message)
        self.http_status = http_status
        self.error_code = error_code
        self.error_message = error_message
        self.request_id = request_id
        # The whole body as received (secrets the client holds replaced), for whoever needs more than the message.
        self.body = body


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


class MalformedResponse(QualtricsError):
    """A 2xx whose body is not what the operation returns: a proxy's HTML page, an empty or cut body, bad
    UTF-8, JSON nested too deep to read, garbled compression. Retried like a 5xx when the call is retry-safe."""


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
    if isinstance(value, int) and not isinstance(value, bool):  # the old shape's internalErrorCode is a number
        return str(value)
    return value if isinstance(value, str) and value else None


Secrets = tuple[str, ...]
REDACTED = "[redacted]"


def redact(text: str, secrets: Secrets) -> str:
    """`text` with every secret the client holds replaced: servers echo what they are sent."""
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, REDACTED)
    return text


def redact_optional(text: str | None, secrets: Secrets) -> str | None:
    return None if text is None else redact(text, secrets)


def redact_bytes(body: bytes, secrets: Secrets) -> bytes:
    for secret in secrets:
        raw = secret.encode("utf-8", "surrogatepass")
        if raw and raw in body:
            body = body.replace(raw, REDACTED.encode())
    return body


def scrub(exc: QualtricsError, secrets: Secrets) -> QualtricsError:
    """Redact, in place, every string an error carries (message and attributes), whoever built it."""
    if not secrets:
        return exc
    exc.args = tuple(redact(a, secrets) if isinstance(a, str) else a for a in exc.args)
    for name, value in vars(exc).items():
        if isinstance(value, str):
            setattr(exc, name, redact(value, secrets))
        elif isinstance(value, bytes):
            setattr(exc, name, redact_bytes(value, secrets))
    return exc


def load_json(body: bytes) -> Any:
    """The JSON document in `body`; ValueError when there is none (bad JSON, bad UTF-8, nesting too deep)."""
    try:
        return json.loads(body)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    except UnicodeDecodeError:
        raise ValueError("body is not UTF-8") from None


def _excerpt(body: bytes) -> str | None:
    """Non-JSON (an HTML page from a proxy, an empty body): a short printable excerpt for the message; the
    whole body stays on the error's `body`."""
    snippet = body[:200].decode("utf-8", "replace").strip()
    return " ".join(snippet.split()) or None


def parse_error_body(body: bytes) -> tuple[str | None, str | None, str | None, str | None]:
    """(error_code, error_message, request_id, notice) from any error body Qualtrics has been seen to send."""
    try:
        doc = load_json(body)
    except ValueError:
        doc = None
    if not isinstance(doc, dict) or not isinstance(doc.get("meta"), dict):
        return None, _excerpt(body), None, None
    meta: dict[str, Any] = doc["meta"]
    error = meta.get("error")
    if isinstance(error, dict):  # current envelope: meta.error.{errorCode, errorMessage}
        code, message = _text(error.get("errorCode")), _text(error.get("errorMessage"))
    else:  # old envelope: meta.status == "Error", meta.errorMessage, internalErrorCode, errorId
        code, message = _text(meta.get("errorCode")), _text(meta.get("errorMessage"))
    code = code or _text(meta.get("internalErrorCode"))
    request_id = _text(meta.get("requestId")) or _text(meta.get("errorId"))
    return code, message, request_id, _text(meta.get("notice"))


def error_from_response(status: int, body: bytes, *, redact: Secrets = ()) -> APIError:
    code, message, request_id, _ = parse_error_body(body)
    # A server echoing a credential back must not put it in a traceback, whichever field it echoes it in.
    code, message, request_id = (redact_optional(v, redact) for v in (code, message, request_id))
    text = f"HTTP {status}"
    if code:
        text += f" {code}"
    if message:
        text += f": {message}"
    if request_id:
        text += f" (requestId {request_id})"
    return error_class(status)(
        text,
        http_status=status,
        error_code=code,
        error_message=message,
        request_id=request_id,
        body=redact_bytes(body, redact),
    )
