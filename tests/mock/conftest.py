"""Fixtures for the mock's own tests.

The spec is the shipped bundle (generated/qualtrics_api/openapi.json); any path item still empty there is
taken from data/spec_fallback.json, a bundle of spec/ taken while the spec was being written, so these tests
run before `make generate` catches up and exercise the real operations as soon as it does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from qualtrics_mock import JobSettings, MockQualtrics, Spec, create_app
from qualtrics_mock.inprocess import sync_client
from qualtrics_mock.spec import HTTP_METHODS, load_document

FALLBACK = Path(__file__).parent / "data" / "spec_fallback.json"
BASE_URL = "https://iad1.qualtrics.com"
TOKEN = "mock-token-0001"


def _has_operations(item: Any) -> bool:
    return isinstance(item, dict) and any(m in item for m in HTTP_METHODS)


def merged_document() -> dict[str, Any]:
    try:
        document = load_document()
    except (FileNotFoundError, ModuleNotFoundError):
        document = {"openapi": "3.1.0", "info": {"title": "fallback", "version": "0"}, "paths": {}}
    fallback = json.loads(FALLBACK.read_text(encoding="utf-8"))
    paths = document.setdefault("paths", {})
    for template, item in fallback["paths"].items():
        if not _has_operations(paths.get(template)):
            paths[template] = item
    components = document.setdefault("components", {})
    for section, entries in fallback["components"].items():
        target = components.setdefault(section, {})
        for name, value in entries.items():
            target.setdefault(name, value)
    return document


@pytest.fixture(scope="session")
def spec() -> Spec:
    return Spec(merged_document())


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
