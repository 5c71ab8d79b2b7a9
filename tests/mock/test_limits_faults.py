"""Rate limits as seed 003 states them, switchable faults and the in-flight counter."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from qualtrics_mock import OTHER_BRAND_TOKEN, DroppedConnection, Fault, LimitSettings, MockQualtrics, Spec, create_app
from qualtrics_mock.inprocess import async_client, sync_client

from .conftest import error_of, first_survey, result


async def burst(mock: MockQualtrics, n: int, path: str = "/API/v3/whoami", method: str = "GET") -> list[int]:
    async with async_client(create_app(mock)) as http:
        kwargs = {"json": {"format": "csv"}} if method == "POST" else {}
        responses = await asyncio.gather(*(http.request(method, path, **kwargs) for _ in range(n)))  # type: ignore[arg-type]
    return sorted(r.status_code for r in responses)


def test_only_requests_over_the_concurrency_limit_fail(spec: Spec) -> None:
    mock = MockQualtrics(spec, limits=LimitSettings(concurrent_per_token=3))
    mock.faults.add(Fault("latency", every=1, latency=0.2))
    assert asyncio.run(burst(mock, 8)) == [200] * 3 + [429] * 5
    assert mock.limiter.rejected == 5
    assert mock.limiter.max_in_flight >= 3  # rejected ones finish at once, so fewer overlap


def test_429_is_the_qualtrics_error_envelope(spec: Spec) -> None:
    mock = MockQualtrics(spec, limits=LimitSettings(per_minute_per_brand=1))
    with sync_client(create_app(mock)) as http:
        result(http.get("/API/v3/whoami"))
        error = error_of(http.get("/API/v3/whoami"), 429)
    assert error["errorCode"] == "RATE_1"


def test_asynchronous_requests_have_their_own_pool(spec: Spec) -> None:
    mock = MockQualtrics(spec, limits=LimitSettings(concurrent_async_per_token=2, concurrent_per_token=30))
    mock.faults.add(Fault("latency", every=1, latency=0.2))
    survey_id = next(iter(mock.brands["mockbrand"].surveys))
    statuses = asyncio.run(burst(mock, 5, f"/API/v3/surveys/{survey_id}/export-responses", "POST"))
    assert statuses == [200, 200, 429, 429, 429]
    assert asyncio.run(burst(mock, 5)) == [200] * 5  # ordinary requests are unaffected


def test_brand_requests_per_minute(spec: Spec) -> None:
    now = [0.0]
    mock = MockQualtrics(spec, limits=LimitSettings(per_minute_per_brand=5), clock=lambda: now[0])
    app = create_app(mock)
    with sync_client(app) as mine, sync_client(app, token=OTHER_BRAND_TOKEN) as other:
        assert [mine.get("/API/v3/whoami").status_code for _ in range(6)] == [200] * 5 + [429]
        assert other.get("/API/v3/whoami").status_code == 200
        now[0] += 61
        assert mine.get("/API/v3/whoami").status_code == 200


def test_no_concurrency_limit_when_disabled_and_the_counter_sees_all(spec: Spec) -> None:
    mock = MockQualtrics(spec, limits=LimitSettings(enabled=False))
    mock.faults.add(Fault("latency", every=1, latency=0.2))
    assert asyncio.run(burst(mock, 40)) == [200] * 40
    assert mock.limiter.max_in_flight == 40


def test_every_nth_request_fails_with_a_5xx_envelope(client: httpx.Client, mock: MockQualtrics) -> None:
    mock.faults.add(Fault("status", every=2, status=503))
    statuses = [client.get("/API/v3/whoami").status_code for _ in range(4)]
    assert statuses == [200, 503, 200, 503]
    assert mock.faults.injected == 2


def test_probabilistic_faults_repeat_with_the_seed(spec: Spec) -> None:
    def run() -> list[int]:
        mock = MockQualtrics(spec, seed=42)
        mock.faults.add(Fault("status", probability=0.3))
        with sync_client(create_app(mock)) as http:
            return [http.get("/API/v3/whoami").status_code for _ in range(30)]

    first, second = run(), run()
    assert first == second
    assert {200, 500} == set(first)


def test_non_json_bodies(client: httpx.Client, mock: MockQualtrics) -> None:
    mock.faults.add(Fault("non_json", every=1, status=502))
    response = client.get("/API/v3/whoami")
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    with pytest.raises(ValueError, match="Expecting value"):
        response.json()


def test_nulls_in_required_fields(client: httpx.Client, mock: MockQualtrics) -> None:
    mock.faults.add(Fault("nulls", every=1))
    surveys = result(client.get("/API/v3/surveys"))
    assert surveys["elements"][0]["id"] is None
    assert result(client.get("/API/v3/whoami"))["userId"] is None


def test_dropped_connection_in_process_is_an_httpx_transport_error(client: httpx.Client, mock: MockQualtrics) -> None:
    mock.faults.add(Fault("drop", every=1))
    with pytest.raises(httpx.RemoteProtocolError):
        client.get("/API/v3/whoami")
    assert issubclass(DroppedConnection, httpx.TransportError)


def test_faults_can_target_paths_and_reset_clears_them(client: httpx.Client, mock: MockQualtrics) -> None:
    mock.faults.add(Fault("status", every=1, paths=("/API/v3/surveys",)))
    assert client.get("/API/v3/whoami").status_code == 200
    assert client.get("/API/v3/surveys").status_code == 500
    mock.reset()
    assert first_survey(client).startswith("SV_")
