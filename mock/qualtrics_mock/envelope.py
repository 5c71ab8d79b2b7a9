"""Qualtrics JSON envelopes: success `{meta, result}` and error `{meta: {httpStatus, requestId, error}}`.

Every answer of the mock, framework 404/405 included, goes through here so clients see one shape.
"""

from __future__ import annotations

import json
import uuid
from http import HTTPStatus
from typing import Any

from starlette.responses import Response

# Qualtrics-style error codes per status; the real API uses these families (QVAL_, AUTH_, RATE_).
_ERROR_CODES = {
    400: "QVAL_1",
    401: "AUTH_3",
    403: "AUTH_4",
    404: "404",
    405: "405",
    409: "CONFLICT",
    413: "FILE_1",
    415: "MEDIA_1",
    422: "QVAL_2",
    429: "RATE_1",
    500: "SERVER_1",
    502: "SERVER_2",
    503: "SERVER_3",
    504: "SERVER_4",
}

INVALID_PARAMETER = "Invalid request. Missing or invalid parameter {name}."


class ApiError(Exception):
    """Raised anywhere in a request; the app turns it into the error envelope."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or _ERROR_CODES.get(status, str(status))


def invalid_parameter(name: str) -> ApiError:
    return ApiError(400, INVALID_PARAMETER.format(name=name))


def not_found(what: str = "resource") -> ApiError:
    return ApiError(404, f"The requested {what} does not exist.")


def status_line(status: int) -> str:
    """`404 - Not Found`, as Qualtrics writes `meta.httpStatus`."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    return f"{status} - {phrase}"


def new_request_id() -> str:
    return str(uuid.uuid4())


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body, separators=(",", ":")),
        status_code=status,
        media_type="application/json",
        headers=headers,
    )


def success(result: Any, status: int = 200, *, include_result: bool = True) -> Response:
    body: dict[str, Any] = {"meta": {"httpStatus": status_line(status), "requestId": new_request_id()}}
    if include_result:
        body["result"] = result
    return json_response(status, body)


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    return {
        "meta": {
            "httpStatus": status_line(status),
            "requestId": new_request_id(),
            "error": {"errorCode": code or _ERROR_CODES.get(status, str(status)), "errorMessage": message},
        }
    }


def error(status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None) -> Response:
    return json_response(status, error_body(status, message, code), headers)


def from_api_error(exc: ApiError) -> Response:
    return error(exc.status, exc.message, exc.code)
