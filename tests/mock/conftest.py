"""Fixtures for the mock's own tests: the spec is the shipped bundle (generated/qualtrics_api/openapi.json)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from qualtrics_mock import DEFAULT_TOKEN, JobSettings, MockQualtrics, Spec, create_app
from qualtrics_mock.inprocess import sync_client
from qualtrics_mock.spec import load_document

BASE_URL = "https://iad1.qualtrics.com"
TOKEN = DEFAULT_TOKEN


@pytest.fixture(scope="session")
def spec() -> Spec:
    return Spec(load_document())


@pytest.fixture(scope="session")
def qualtrics_mock_options(spec: Spec) -> dict[str, Any]:
    """Makes the plugin's own fixtures use the merged spec too."""
    return {"spec": spec}


@pytest.fixture
def mock(spec: Spec) -> MockQualtrics:
    return MockQualtrics(spec, validate_responses=True, jobs=JobSettings("polls", 2))


@pytest.fixture
def client(mock: MockQualtrics) -> Iterator[httpx.Client]:
    with sync_client(create_app(mock), TOKEN, BASE_URL) as http:
        yield http


def result(response: httpx.Response) -> Any:
    """The `result` of a success envelope, checking the envelope on the way."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["meta"]["httpStatus"] == "200 - OK"
    assert body["meta"]["requestId"]
    return body.get("result")


def error_of(response: httpx.Response, status: int) -> dict[str, Any]:
    """The `meta.error` of an error envelope with this status."""
    assert response.status_code == status, response.text
    meta = response.json()["meta"]
    assert meta["httpStatus"].startswith(f"{status} - ")
    assert meta["requestId"]
    error: dict[str, Any] = meta["error"]
    assert error["errorCode"]
    assert error["errorMessage"]
    return error


def first_survey(client: httpx.Client) -> str:
    survey_id: str = result(client.get("/API/v3/surveys"))["elements"][0]["id"]
    return survey_id
