"""A response recorded moments ago answers 202 "not yet available" to getResponse, as Qualtrics's document
says it may, for as long as `response_settle_seconds` says (off unless asked); then the response itself."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from qualtrics_mock import DEFAULT_TOKEN, JobSettings, MockQualtrics, Spec, create_app
from qualtrics_mock.inprocess import sync_client

from .conftest import BASE_URL, first_survey, result
from .test_sessions import take


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settling(spec: Spec, clock: Clock) -> MockQualtrics:
    mock = MockQualtrics(spec, validate_responses=True, jobs=JobSettings("polls", 2), clock=clock)
    mock.response_settle_seconds = 2.0
    return mock


@pytest.fixture
def settling_client(settling: MockQualtrics) -> Iterator[httpx.Client]:
    with sync_client(create_app(settling), DEFAULT_TOKEN, BASE_URL) as http:
        yield http


def _create(client: httpx.Client, survey_id: str) -> str:
    body = {"values": {"QID1": 2}}
    response_id: str = result(client.post(f"/API/v3/surveys/{survey_id}/responses", json=body))["responseId"]
    return response_id


def _not_yet(reply: httpx.Response) -> None:
    assert reply.status_code == 202, reply.text
    body = reply.json()
    assert body["meta"]["httpStatus"] == "202 - Accepted"
    assert "not yet available" in body["result"]["message"]


def test_a_created_response_is_not_yet_available_then_is(settling_client: httpx.Client, clock: Clock) -> None:
    survey_id = first_survey(settling_client)
    response_id = _create(settling_client, survey_id)
    url = f"/API/v3/surveys/{survey_id}/responses/{response_id}"
    _not_yet(settling_client.get(url))
    clock.now += 1.9
    _not_yet(settling_client.get(url))
    clock.now += 0.2
    assert result(settling_client.get(url))["values"]["QID1"] == 2


def test_a_finished_session_is_not_yet_available_either(settling_client: httpx.Client, clock: Clock) -> None:
    survey_id = first_survey(settling_client)
    finished = take(settling_client, survey_id, [{"QID1": 1, "QID2": "Great"}, {"QID4": 11}])[-1]
    url = f"/API/v3/surveys/{survey_id}/responses/{finished['responseId']}"
    _not_yet(settling_client.get(url))
    clock.now += 5
    assert result(settling_client.get(url))["values"]["QID4"] == 11


def test_seeded_responses_and_the_default_answer_at_once(
    settling_client: httpx.Client, settling: MockQualtrics, client: httpx.Client
) -> None:
    survey_id = first_survey(settling_client)
    seeded = next(iter(settling.brands["mockbrand"].responses[survey_id]))
    assert settling_client.get(f"/API/v3/surveys/{survey_id}/responses/{seeded}").status_code == 200
    # Without the setting (the default), a response is there the moment it is created.
    fresh = _create(client, first_survey(client))
    assert client.get(f"/API/v3/surveys/{first_survey(client)}/responses/{fresh}").status_code == 200
    assert settling.response_problems == []
