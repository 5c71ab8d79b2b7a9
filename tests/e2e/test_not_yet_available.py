"""getResponse of a response recorded moments ago: the local Qualtrics answers 202 "not yet available" (as
Qualtrics's document says it may) and the client hands that back as a Result with status 202 and its own
typed model, not an error and not a silent retry; asked again after the window, the response comes."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from qualtrics_api.models.get_response_response_200 import GetResponseResponse200
from qualtrics_api.models.get_response_response_202 import GetResponseResponse202
from qualtrics_client import AsyncQualtrics, Qualtrics
from qualtrics_mock.server import RunningServer


@pytest.fixture
def settling(local_qualtrics: RunningServer) -> Iterator[RunningServer]:
    local_qualtrics.mock.response_settle_seconds = 3600.0
    yield local_qualtrics
    local_qualtrics.mock.response_settle_seconds = 0.0


def test_a_fresh_response_is_a_202_result_then_the_response(qualtrics: Qualtrics, settling: RunningServer) -> None:
    survey_id = qualtrics.call("listSurveys").raw["result"]["elements"][0]["id"]
    created = qualtrics.responses.create_response(survey_id=survey_id, body={"values": {"QID1": 3}})
    response_id = created.raw["result"]["responseId"]
    early = qualtrics.responses.get_response(survey_id=survey_id, response_id=response_id)
    assert early.status_code == 202
    assert isinstance(early.model, GetResponseResponse202)
    assert "not yet available" in early.raw["result"]["message"]
    settling.mock.response_settle_seconds = 0.0  # the window passes
    later = qualtrics.responses.get_response(survey_id=survey_id, response_id=response_id)
    assert later.status_code == 200
    assert isinstance(later.model, GetResponseResponse200)
    assert later.raw["result"]["values"]["QID1"] == 3


def test_the_async_client_answers_the_same(settling: RunningServer) -> None:
    async def run() -> int:
        async with AsyncQualtrics(settling.token, base_url=settling.base_url) as qualtrics:
            listed = await qualtrics.call("listSurveys")
            survey_id = listed.raw["result"]["elements"][0]["id"]
            created = await qualtrics.call("createResponse", survey_id=survey_id, body={"values": {"QID1": 1}})
            early = await qualtrics.call(
                "getResponse", survey_id=survey_id, response_id=created.raw["result"]["responseId"]
            )
            return early.status_code

    assert asyncio.run(run()) == 202
