"""Typed errors from every error shape and status code; notices as warnings; no secrets in messages."""

from __future__ import annotations

import json

import pytest

from qualtrics_client import (
    APIError,
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    QualtricsError,
    QualtricsNotice,
    RateLimited,
    ServerError,
    Unauthorized,
    Unprocessable,
    UnsupportedMediaType,
)
from qualtrics_client.errors import error_from_response, parse_error_body

from ._httpx import httpx
from .conftest import TOKEN, Sleeps, envelope, error_body, make_client

STATUS_CLASSES = [
    (400, BadRequest),
    (401, Unauthorized),
    (403, Forbidden),
    (404, NotFound),
    (409, Conflict),
    (413, PayloadTooLarge),
    (415, UnsupportedMediaType),
    (422, Unprocessable),
    (429, RateLimited),
    (500, ServerError),
    (503, ServerError),
    (520, ServerError),
    (599, ServerError),
    (418, APIError),
]


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES)
def test_status_to_class(status: int, cls: type[APIError], sleeps: Sleeps) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=error_body(status, "E_CODE", "went wrong"))

    with make_client(handler, sleeps, max_retries=0) as client, pytest.raises(cls) as info:
        client.request("GET", "/API/v3/surveys")
    err = info.value
    assert type(err) is cls
    assert isinstance(err, QualtricsError)
    assert err.http_status == status
    assert err.error_code == "E_CODE"
    assert err.error_message == "went wrong"
    assert err.request_id == "req-err"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            b'{"meta":{"httpStatus":"400 - Bad Request","requestId":"r1","error":{"errorCode":"Q_1",'
            b'"errorMessage":"Invalid request"}}}',
            ("Q_1", "Invalid request", "r1", None),
        ),
        (b'{"meta":{"status":"Error","errorMessage":"old shape"}}', (None, "old shape", None, None)),
        (b'{"meta":{"httpStatus":"500","error":{"errorCode":"X"}}}', ("X", None, None, None)),
        (b"<html><body>Bad   Gateway</body></html>", (None, "<html><body>Bad Gateway</body></html>", None, None)),
        (b"", (None, None, None, None)),
        (b"\xff\xfe", (None, "\ufffd\ufffd", None, None)),
        (b'["not", "an", "object"]', (None, '["not", "an", "object"]', None, None)),
        (b'{"meta":{"notice":"use fra1","error":{"errorCode":"Y","errorMessage":"m"}}}', ("Y", "m", None, "use fra1")),
        (b'{"meta":{"error":"a string"}}', (None, None, None, None)),
    ],
)
def test_parse_error_body(body: bytes, expected: tuple[str | None, ...]) -> None:
    assert parse_error_body(body) == expected


def test_secret_echo_is_redacted() -> None:
    body = json.dumps(error_body(401, "BAD", f"token {TOKEN} is invalid")).encode()
    err = error_from_response(401, body, redact=(TOKEN,))
    assert TOKEN not in str(err)
    assert TOKEN not in (err.error_message or "")
    assert "[redacted]" in str(err)


def test_error_never_contains_token(sleeps: Sleeps) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json=error_body(403, "F", f"echo {request.headers['x-api-token']}"))

    with make_client(handler, sleeps) as client, pytest.raises(Forbidden) as info:
        client.request("GET", "/API/v3/surveys")
    assert TOKEN not in str(info.value)
    assert TOKEN not in repr(info.value)


def test_notice_becomes_warning(sleeps: Sleeps) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=envelope({}, notice="Request proxied. Use fra1.qualtrics.com"))

    with make_client(handler, sleeps) as client, pytest.warns(QualtricsNotice, match="fra1") as caught:
        result = client.request("GET", "/API/v3/anything")
    assert caught[0].filename == __file__  # attributed to the caller's line, not the overlay's
    assert result.notice == "Request proxied. Use fra1.qualtrics.com"


def test_non_json_success_is_kept(sleeps: Sleeps) -> None:
    with make_client(lambda r: httpx.Response(200, content=b"plain"), sleeps) as client:
        result = client.request("GET", "/API/v3/x")
    assert result.raw is None
    assert result.content == b"plain"
    assert result.meta == {}
