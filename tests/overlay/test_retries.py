"""Retries: which faults are retried for safe and unsafe calls, backoff, Retry-After, budgets and deadlines."""

from __future__ import annotations

import base64
import io
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualtrics_client import (
    APIError,
    BadRequest,
    ConnectionError,
    QualtricsError,
    QualtricsNotice,
    RateLimited,
    RetryPolicy,
    ServerError,
    Spec,
    Timeout,
    Unauthorized,
)
from qualtrics_client._retry import delay, parse_retry_after

from ._httpx import httpx
from .conftest import TOKEN, Sleeps, envelope, error_body, make_async_client, make_client

Fault = Callable[[httpx.Request], httpx.Response]


def status(code: int, headers: dict[str, str] | None = None) -> Fault:
    return lambda request: httpx.Response(code, json=error_body(code, "E", "fault"), headers=headers)


def raises(exc: type[httpx.TransportError]) -> Fault:
    def fault(request: httpx.Request) -> httpx.Response:
        raise exc("boom", request=request)

    return fault


OK: Fault = lambda request: httpx.Response(200, json=envelope({"ok": True}))  # noqa: E731


class Script:
    """Plays faults in order, then OK forever; counts requests."""

    def __init__(self, *faults: Fault) -> None:
        self.faults = list(faults)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        fault = self.faults.pop(0) if self.faults else OK
        return fault(request)


# (fault, retried for a safe call, retried for an unsafe call, error raised when not retried)
FAULTS: list[tuple[str, Fault, bool, bool, type[QualtricsError]]] = [
    ("429", status(429), True, True, RateLimited),
    ("500", status(500), True, False, ServerError),
    ("502", status(502), True, False, ServerError),
    ("503", status(503), True, False, ServerError),
    ("504", status(504), True, False, ServerError),
    ("520", status(520), True, False, ServerError),
    ("501", status(501), False, False, ServerError),
    ("400", status(400), False, False, BadRequest),
    ("connect", raises(httpx.ConnectError), True, True, ConnectionError),
    ("connect-timeout", raises(httpx.ConnectTimeout), True, True, Timeout),
    ("pool-timeout", raises(httpx.PoolTimeout), True, True, Timeout),
    ("read-timeout", raises(httpx.ReadTimeout), True, False, Timeout),
    ("dropped", raises(httpx.RemoteProtocolError), True, False, ConnectionError),
    ("reset", raises(httpx.ReadError), True, False, ConnectionError),
]


@pytest.mark.parametrize(("name", "fault", "safe_retry", "unsafe_retry", "error"), FAULTS, ids=[f[0] for f in FAULTS])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_fault_table(
    name: str,
    fault: Fault,
    safe_retry: bool,
    unsafe_retry: bool,
    error: type[QualtricsError],
    method: str,
    sleeps: Sleeps,
) -> None:
    retried = safe_retry if method == "GET" else unsafe_retry
    script = Script(fault)
    with make_client(script, sleeps) as client:
        if retried:
            result = client.request(method, "/API/v3/x", json={"a": 1} if method == "POST" else None)
            assert result.data == envelope({"ok": True})
            assert len(script.requests) == 2
            assert len(sleeps.calls) == 1
        else:
            with pytest.raises(error):
                client.request(method, "/API/v3/x", json={"a": 1} if method == "POST" else None)
            assert len(script.requests) == 1
            assert sleeps.calls == []


def test_spec_marks_post_retry_safe(spec: Spec, sleeps: Sleeps) -> None:
    # exportResponses is a POST with x-retry-safe: true; createWidget is x-retry-safe: false.
    script = Script(status(503), lambda r: httpx.Response(200, json=envelope({"progressId": "ES_1"})))
    with make_client(script, sleeps, spec) as client:
        result = client.call("exportResponses", survey_id="SV_1")
        assert result.result == {"progressId": "ES_1"}
        assert len(script.requests) == 2
        script2 = Script(status(503))
        client2 = make_client(script2, sleeps, spec)
        with client2, pytest.raises(ServerError):
            client2.call("createWidget")
        assert len(script2.requests) == 1


def test_backoff_is_exponential_full_jitter_and_capped() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=4.0)
    assert [delay(policy, n, None, lambda: 1.0) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert [delay(policy, n, None, lambda: 0.0) for n in range(3)] == [0.0, 0.0, 0.0]
    assert delay(policy, 2, None, lambda: 0.25) == 0.5


@given(attempt=st.integers(min_value=0, max_value=10_000), r=st.floats(min_value=0.0, max_value=1.0))
def test_backoff_bounds(attempt: int, r: float) -> None:
    policy = RetryPolicy()
    assert 0.0 <= delay(policy, attempt, None, lambda: r) <= policy.backoff_cap


NOW = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("3", 3.0),
        ("0", 0.0),
        (" 7 ", 7.0),
        ("1.5", 1.5),
        ("Thu, 01 Jan 2026 12:00:10 GMT", 10.0),
        ("Thu, 01 Jan 2026 11:59:00 GMT", 0.0),  # in the past: go now
        ("-5", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    assert parse_retry_after(header, lambda: NOW) == expected


@pytest.mark.parametrize(("header", "slept"), [("3", 3.0), ("0", 0.0), ("100000", 60.0), ("junk", 0.5)])
def test_retry_after_honoured_up_to_cap(header: str, slept: float, sleeps: Sleeps) -> None:
    script = Script(status(429, {"Retry-After": header}))
    with make_client(script, sleeps) as client:
        client.request("GET", "/API/v3/x")
    assert sleeps.calls == [slept] if slept else sleeps.calls in ([], [0.0])
    assert len(script.requests) == 2


def test_max_retries_per_client_and_per_call(sleeps: Sleeps) -> None:
    script = Script(*[status(500)] * 10)
    with make_client(script, sleeps, max_retries=2) as client:
        with pytest.raises(ServerError):
            client.request("GET", "/API/v3/x")
        assert len(script.requests) == 3
        script.requests.clear()
        with pytest.raises(ServerError):
            client.request("GET", "/API/v3/x", max_retries=0)
        assert len(script.requests) == 1
        script.requests.clear()
        result = client.request("GET", "/API/v3/x", max_retries=10)  # 6 faults left, then OK
        assert result.status_code == 200
        assert len(script.requests) == 7


def test_deadline_stops_retrying(sleeps: Sleeps) -> None:
    script = Script(*[status(503)] * 20)
    policy = RetryPolicy(max_retries=100, backoff_base=1.0, backoff_cap=4.0, deadline=10.0)
    with make_client(script, sleeps, retry=policy) as client, pytest.raises(ServerError):
        client.request("GET", "/API/v3/x")
    # Waits of 1, 2, 4 fit in 10 s; the next 4 would not.
    assert sleeps.calls == [1.0, 2.0, 4.0]
    assert len(script.requests) == 4


def test_per_call_deadline_passed_raises_timeout(sleeps: Sleeps) -> None:
    script = Script(*[status(503, {"Retry-After": "5"})] * 5)
    with make_client(script, sleeps) as client, pytest.raises(ServerError):
        client.request("GET", "/API/v3/x", deadline=12.0)
    assert sleeps.calls == [5.0, 5.0]


@pytest.mark.anyio
async def test_async_retries(sleeps: Sleeps) -> None:
    script = Script(raises(httpx.ConnectError), status(429), status(502))
    async with make_async_client(script, sleeps) as client:
        result = await client.request("GET", "/API/v3/x")
    assert result.status_code == 200
    assert len(script.requests) == 4
    assert sleeps.calls == [0.5, 1.0, 2.0]


@pytest.mark.anyio
async def test_async_unsafe_not_retried(sleeps: Sleeps) -> None:
    script = Script(raises(httpx.ReadTimeout))
    async with make_async_client(script, sleeps) as client:
        with pytest.raises(Timeout):
            await client.request("POST", "/API/v3/x", json={})
    assert len(script.requests) == 1


class OAuthServer:
    def __init__(self, expires_in: int = 3600, reject: int = 0) -> None:
        self.issued = 0
        self.expires_in = expires_in
        self.reject = reject  # how many API calls answer 401 regardless
        self.token_requests: list[httpx.Request] = []
        self.api_auth: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/token":
            self.token_requests.append(request)
            self.issued += 1
            return httpx.Response(
                200,
                json={
                    "access_token": f"bearer-{self.issued}",
                    "token_type": "Bearer",
                    "expires_in": self.expires_in,
                    "scope": "manage:all",
                },
            )
        self.api_auth.append(request.headers.get("authorization", ""))
        if self.reject:
            self.reject -= 1
            return httpx.Response(401, json=error_body(401, "AUTH", "expired"))
        return httpx.Response(200, json=envelope({"ok": True}))


def test_oauth_token_fetched_cached_and_sent(sleeps: Sleeps) -> None:
    server = OAuthServer()
    with make_client(
        server, sleeps, api_token=None, client_id="cid", client_secret="csec", scope="read:surveys"
    ) as client:
        client.request("GET", "/API/v3/a")
        client.request("GET", "/API/v3/b")
        assert "csec" not in repr(client)
    assert server.issued == 1
    assert server.api_auth == ["Bearer bearer-1", "Bearer bearer-1"]
    token_request = server.token_requests[0]
    assert token_request.method == "POST"
    assert str(token_request.url) == "https://iad1.qualtrics.com/oauth2/token"
    assert token_request.headers["authorization"] == "Basic " + base64.b64encode(b"cid:csec").decode()
    assert sorted(token_request.content.decode().split("&")) == [
        "grant_type=client_credentials",
        "scope=read%3Asurveys",
    ]


def test_oauth_token_refreshed_when_expired(sleeps: Sleeps) -> None:
    server = OAuthServer(expires_in=100)
    with make_client(server, sleeps, api_token=None, client_id="cid", client_secret="csec") as client:
        client.request("GET", "/API/v3/a")
        sleeps.now += 200
        client.request("GET", "/API/v3/b")
    assert server.api_auth == ["Bearer bearer-1", "Bearer bearer-2"]


def test_oauth_refreshes_once_on_401(sleeps: Sleeps) -> None:
    server = OAuthServer(reject=1)
    with make_client(server, sleeps, api_token=None, client_id="cid", client_secret="csec") as client:
        assert client.request("GET", "/API/v3/a").status_code == 200
    assert server.api_auth == ["Bearer bearer-1", "Bearer bearer-2"]
    server2 = OAuthServer(reject=5)
    with (
        make_client(server2, sleeps, api_token=None, client_id="cid", client_secret="csec") as client,
        pytest.raises(Unauthorized),
    ):
        client.request("GET", "/API/v3/a")
    assert server2.issued == 2  # one refresh, not a loop


def test_api_token_401_not_retried(sleeps: Sleeps) -> None:
    script = Script(status(401))
    with make_client(script, sleeps) as client, pytest.raises(Unauthorized):
        client.request("GET", "/API/v3/a")
    assert len(script.requests) == 1


def test_api_error_is_base(sleeps: Sleeps) -> None:
    with make_client(Script(status(404)), sleeps) as client, pytest.raises(APIError):
        client.request("GET", "/API/v3/a")


def test_retry_logs_never_carry_the_token(sleeps: Sleeps, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    script = Script(
        status(503),
        raises(httpx.ConnectError),
        lambda r: httpx.Response(302, headers={"Location": "/API/v3/y?skipToken=abc"}),
    )
    with make_client(script, sleeps) as client:
        client.request("GET", "/API/v3/x", params={"q": "1"})
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "retrying GET https://iad1.qualtrics.com/API/v3/x after HTTP 503" in text
    assert "after ConnectError" in text
    assert "redirect to https://iad1.qualtrics.com/API/v3/y" in text
    assert "skipToken" not in "".join(r.getMessage() for r in caplog.records if r.name == "qualtrics_client")
    assert TOKEN not in text  # httpx's own lines included: the token travels only in a header


def test_unsafe_post_upload_rewinds_file_on_429(sleeps: Sleeps) -> None:
    bodies: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(request.read())
        if len(bodies) == 1:
            return httpx.Response(429, json=error_body(429, "RATE", "slow down"))
        return httpx.Response(200, json=envelope({"id": "SV_1"}))

    upload = io.BytesIO(b"QSF-CONTENT" * 100)
    with make_client(handler, sleeps) as client:
        client.request(
            "POST", "/API/v3/surveys", files=[("file", ("s.qsf", upload, "application/json"))], retry_safe=False
        )
    assert len(bodies) == 2
    assert b"QSF-CONTENT" * 100 in bodies[1]


def test_error_notice_is_warned(sleeps: Sleeps) -> None:
    body = {
        "meta": {
            "httpStatus": "404",
            "notice": "Use fra1.qualtrics.com",
            "error": {"errorCode": "NF", "errorMessage": "not here"},
        }
    }
    with (
        make_client(lambda r: httpx.Response(404, json=body), sleeps) as client,
        pytest.warns(QualtricsNotice, match="fra1"),
        pytest.raises(APIError),
    ):
        client.request("GET", "/API/v3/x")


def test_attempt_timeouts_fit_the_deadline(sleeps: Sleeps) -> None:
    timeouts: list[dict[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        timeouts.append(request.extensions["timeout"])
        return httpx.Response(503, json=error_body(503, "E", "busy")) if len(timeouts) == 1 else OK(request)

    with make_client(handler, sleeps) as client:
        client.request("GET", "/API/v3/x", deadline=5.0)
    assert len(timeouts) == 2
    assert all(0 < value <= 5.0 for value in timeouts[0].values())
    assert all(0 < value <= 4.5 for value in timeouts[1].values())  # 0.5 s went on the backoff


@pytest.mark.anyio
async def test_async_oauth_refresh(sleeps: Sleeps) -> None:
    server = OAuthServer(reject=1)
    async with make_async_client(server, sleeps, api_token=None, client_id="cid", client_secret="csec") as client:
        first = await client.request("GET", "/API/v3/a")
        second = await client.request("GET", "/API/v3/b")
    assert first.status_code == second.status_code == 200
    assert server.api_auth == ["Bearer bearer-1", "Bearer bearer-2", "Bearer bearer-2"]
    assert server.issued == 2


def test_concurrent_401s_refresh_the_token_once(sleeps: Sleeps) -> None:
    server = OAuthServer()
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            if request.url.path != "/oauth2/token" and request.headers.get("authorization") == "Bearer bearer-1":
                server.api_auth.append("rejected")
                return httpx.Response(401, json=error_body(401, "AUTH", "expired"))
            return server(request)

    with (
        make_client(handler, sleeps, api_token=None, client_id="cid", client_secret="csec") as client,
        ThreadPoolExecutor(max_workers=8) as pool,
    ):
        statuses = list(pool.map(lambda _: client.request("GET", "/API/v3/a").status_code, range(16)))
    assert statuses == [200] * 16
    assert server.issued == 2


def test_retried_statuses_are_part_of_the_policy(sleeps: Sleeps) -> None:
    policy = RetryPolicy(retry_if_safe=frozenset({503}), retry_always=frozenset({429, 409}))
    script = Script(status(500))
    with make_client(script, sleeps, retry=policy) as client, pytest.raises(ServerError):
        client.request("GET", "/API/v3/x")
    assert len(script.requests) == 1  # 500 is not in this policy's set
    script = Script(status(409), status(503))
    with make_client(script, sleeps, retry=policy, max_retries=3) as client:
        client.request("GET", "/API/v3/x")
    assert len(script.requests) == 3
    script = Script(status(409))
    with make_client(script, sleeps, retry=policy, max_retries=3) as client:
        client.request("POST", "/API/v3/x", json={})  # 409 retried even for an unsafe call, as the policy says
    assert len(script.requests) == 2


def test_decisions_are_tagged_values() -> None:
    from qualtrics_client._attempts import Attempts, Call, GiveUp, Reauthenticate, Redirect, Retry
    from qualtrics_client._http import DEFAULT_TIMEOUT
    from qualtrics_client._operations import RequestParts

    def attempts(can_refresh: bool = False) -> Attempts:
        return Attempts(
            call=Call(RequestParts("GET", "/API/v3/x")),
            base_url="https://iad1.qualtrics.com",
            base_origin=("https", "iad1.qualtrics.com", 443),
            policy=RetryPolicy(),
            timeout=DEFAULT_TIMEOUT,
            clock=lambda: 0.0,
            rand=lambda: 1.0,
            secrets=lambda: (),
            can_refresh=can_refresh,
            max_redirects=5,
        )

    assert attempts().on_status(503, {}, b"") == Retry(0.5)
    assert attempts().on_status(302, {"location": "/API/v3/y"}, b"") == Redirect()
    assert attempts(can_refresh=True).on_status(401, {}, b"") == Reauthenticate("")
    assert isinstance(attempts().on_status(404, {}, b""), GiveUp)
