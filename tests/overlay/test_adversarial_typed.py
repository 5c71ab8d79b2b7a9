"""Deadlines that cover slot waits, secrets redacted from every string the client builds, errors that keep the
whole body and read the old error shape, base URLs with impossible ports refused. Sync and async."""

from __future__ import annotations

import base64
import json
import threading
import warnings
from typing import Any

import pytest

from qualtrics_client import (
    AsyncQualtrics,
    ClientOptions,
    ConfigurationError,
    JobFailed,
    Qualtrics,
    QualtricsError,
    QualtricsNotice,
    Spec,
    Timeout,
    UnsafeURL,
)
from qualtrics_client.errors import parse_error_body

from ._httpx import httpx
from .conftest import TOKEN, Sleeps, envelope, make_async_client, make_client

# -- deadlines --------------------------------------------------------------------------------------------


def _hold_every_slot(client: Qualtrics | AsyncQualtrics) -> tuple[Any, threading.Event]:
    """Take all ordinary slots of the client's token, as 30 calls in flight would; freed on `release.set()`."""
    slots = client._settings.limits.ordinary
    for _ in range(slots.limit):
        slots.acquire()
    release = threading.Event()

    def free_later() -> None:
        release.wait(10)  # a safety net: a client that ignores its deadline still ends, and the test fails
        for _ in range(slots.limit):
            slots.release()

    threading.Thread(target=free_later, daemon=True).start()
    return slots, release


def test_deadline_covers_the_wait_for_a_slot() -> None:
    ok = lambda request: httpx.Response(200, json=envelope({}))  # noqa: E731
    with Qualtrics("tok_slots_sync_0123456789", datacenter="iad1", transport=httpx.MockTransport(ok)) as client:
        slots, release = _hold_every_slot(client)
        try:
            with pytest.raises(Timeout, match="slot"):
                client.request("GET", "/API/v3/whoami", deadline=0.3)
            assert slots.in_use == slots.limit  # nothing was sent while the slots were held
        finally:
            release.set()


@pytest.mark.anyio
async def test_async_deadline_covers_the_wait_for_a_slot() -> None:
    ok = lambda request: httpx.Response(200, json=envelope({}))  # noqa: E731
    transport = httpx.MockTransport(ok)
    async with AsyncQualtrics("tok_slots_async_0123456789", datacenter="iad1", transport=transport) as client:
        _, release = _hold_every_slot(client)
        try:
            with pytest.raises(Timeout, match="slot"):
                await client.request("GET", "/API/v3/whoami", deadline=0.3)
        finally:
            release.set()


def test_oauth_token_request_spends_the_calls_deadline(sleeps: Sleeps) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/token":
            return httpx.Response(503, headers={"Retry-After": "8"})
        return httpx.Response(200, json=envelope({}))

    with (
        make_client(handler, sleeps, api_token=None, client_id="cid", client_secret="csec") as client,
        pytest.raises(QualtricsError),
    ):
        client.request("GET", "/API/v3/whoami", deadline=10.0)
    assert sum(sleeps.calls) <= 10.0  # one 8 s wait fits, a second does not


# -- redaction --------------------------------------------------------------------------------------------

SECRET = "csec_TOPSECRET_value"
BASIC = base64.b64encode(f"cid:{SECRET}".encode()).decode()


def _echo_everywhere(value: str) -> dict[str, Any]:
    return {
        "meta": {
            "httpStatus": "400 - Bad Request",
            "requestId": f"req-{value}",
            "notice": f"notice {value}",
            "error": {"errorCode": f"CODE_{value}", "errorMessage": f"message {value}"},
        }
    }


def _strings_of(error: QualtricsError) -> str:
    return " ".join([str(error), repr(error), *(str(v) for v in vars(error).values())])


@pytest.mark.parametrize("echoed", [TOKEN, f"Basic {BASIC}"])
def test_every_error_field_is_redacted(echoed: str, sleeps: Sleeps) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/token":
            return httpx.Response(200, json={"access_token": TOKEN, "expires_in": 3600})
        return httpx.Response(400, json=_echo_everywhere(echoed))

    with (
        make_client(handler, sleeps, api_token=None, client_id="cid", client_secret=SECRET) as client,
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        with pytest.raises(QualtricsError) as info:
            client.request("GET", "/API/v3/whoami")
    text = _strings_of(info.value) + " ".join(str(w.message) for w in caught)
    for secret in (TOKEN, SECRET, BASIC):
        assert secret not in text
    assert "[redacted]" in str(info.value)
    assert any("[redacted]" in str(w.message) for w in caught)  # the notice warned about, redacted


def test_success_notice_is_redacted(sleeps: Sleeps) -> None:
    handler = lambda request: httpx.Response(200, json=envelope({}, notice=f"echo {TOKEN}"))  # noqa: E731
    with make_client(handler, sleeps) as client, pytest.warns(QualtricsNotice) as caught:
        client.request("GET", "/API/v3/whoami")
    assert all(TOKEN not in str(w.message) for w in caught)


def test_job_failure_reason_is_redacted(spec: Spec, sleeps: Sleeps) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(200, json=envelope({"progressId": "ES_1"}))
        return httpx.Response(200, json=envelope({"status": "failed", "failureReason": f"bad token {TOKEN}"}))

    with make_client(handler, sleeps, spec) as client, pytest.raises(JobFailed) as info:
        client.run_job("exportResponses", survey_id="SV_1")
    assert TOKEN not in _strings_of(info.value)
    assert "[redacted]" in str(info.value)


def test_a_redirect_to_a_host_named_by_the_token_is_refused_without_naming_it(sleeps: Sleeps) -> None:
    handler = lambda r: httpx.Response(302, headers={"Location": f"https://{TOKEN.lower()}.evil.example/"})  # noqa: E731
    with make_client(handler, sleeps) as client, pytest.raises(UnsafeURL) as info:
        client.request("GET", "/API/v3/whoami")
    assert TOKEN.lower() not in _strings_of(info.value).lower()


def test_the_body_kept_on_an_error_is_redacted_too(sleeps: Sleeps) -> None:
    handler = lambda r: httpx.Response(403, json=_echo_everywhere(TOKEN))  # noqa: E731
    with make_client(handler, sleeps) as client, pytest.raises(QualtricsError) as info:
        client.request("GET", "/API/v3/whoami")
    assert TOKEN.encode() not in info.value.body
    assert b"[redacted]" in info.value.body


def test_client_options_repr_hides_the_client_secret() -> None:
    options = ClientOptions(client_id="cid", client_secret=SECRET, datacenter="iad1")
    assert SECRET not in repr(options)
    assert SECRET not in str(options)
    with Qualtrics(**options) as client:  # still usable as keyword arguments
        assert SECRET not in repr(client)


# -- error bodies -----------------------------------------------------------------------------------------


def test_errors_carry_the_whole_body(sleeps: Sleeps) -> None:
    page = ("<html>" + "gateway trouble " * 1000 + "</html>").encode()
    handler = lambda r: httpx.Response(502, content=page, headers={"content-type": "text/html"})  # noqa: E731
    with make_client(handler, sleeps, max_retries=0) as client, pytest.raises(QualtricsError) as info:
        client.request("GET", "/API/v3/whoami")
    assert info.value.body == page
    assert len(str(info.value)) < 400  # the message stays readable; the body is all there


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (
            {"status": "Error", "errorMessage": "Invalid id", "internalErrorCode": "Q_12", "errorId": "E-9"},
            ("Q_12", "Invalid id", "E-9", None),
        ),
        ({"status": "Error", "errorMessage": "m", "internalErrorCode": 1234}, ("1234", "m", None, None)),
        ({"status": "Error", "errorMessage": "m", "errorId": "E-1", "requestId": "R-1"}, (None, "m", "R-1", None)),
    ],
)
def test_old_error_shape_names_code_and_request_id(meta: dict[str, Any], expected: tuple[str | None, ...]) -> None:
    assert parse_error_body(json.dumps({"meta": meta}).encode()) == expected


def test_old_error_shape_reaches_the_exception(sleeps: Sleeps) -> None:
    body = {"meta": {"status": "Error", "errorMessage": "gone", "internalErrorCode": "Q_404", "errorId": "E-77"}}
    with make_client(lambda r: httpx.Response(404, json=body), sleeps) as client, pytest.raises(QualtricsError) as info:
        client.request("GET", "/API/v3/whoami")
    assert (info.value.error_code, info.value.request_id) == ("Q_404", "E-77")


# -- configuration ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999", "http://127.0.0.1:0", "https://iad1.qualtrics.com:70000"])
def test_base_url_with_an_impossible_port_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="port"):
        Qualtrics("tok", base_url=url)


@pytest.mark.anyio
async def test_async_redaction_and_old_shape(sleeps: Sleeps) -> None:
    handler = lambda r: httpx.Response(400, json=_echo_everywhere(TOKEN))  # noqa: E731
    async with make_async_client(handler, sleeps) as client:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            with pytest.raises(QualtricsError) as info:
                await client.request("GET", "/API/v3/whoami")
    assert TOKEN not in _strings_of(info.value)
    assert info.value.error_code == "CODE_[redacted]"
