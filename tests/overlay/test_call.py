"""Calling generated operations through the overlay: request building, bodies, multipart, results."""

from __future__ import annotations

import json
import types
from datetime import datetime
from typing import Any

import pytest

from qualtrics_client import Qualtrics, QualtricsError, Spec

from ._httpx import httpx
from .conftest import TOKEN, Sleeps, envelope, make_client


def fake_module(name: str, build: Any, parse: Any = None) -> types.ModuleType:
    """Stands in for a generated operation module (same `_get_kwargs` / `_parse_response` contract)."""
    module = types.ModuleType(f"qualtrics_api.api.widgets.{name}")
    module._get_kwargs = build  # type: ignore[attr-defined]
    if parse is not None:
        module._parse_response = parse  # type: ignore[attr-defined]
    return module


class Body:
    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload

    def to_dict(self) -> dict[str, Any]:
        return self.payload


def test_call_uses_get_kwargs_and_returns_result(spec: Spec, sleeps: Sleeps) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=envelope({"id": "W_1", "note": None, "active": "false"}))

    def build(widget_id: str) -> dict[str, Any]:
        return {"method": "get", "url": f"/API/v3/widgets/{widget_id}"}

    module = fake_module("get_widget", build, lambda *, client, response: ("parsed", response.json()))
    with make_client(handler, sleeps, spec) as client:
        result = client.call(module, widget_id="W_1")
    assert seen[0].method == "GET"
    assert str(seen[0].url) == "https://iad1.qualtrics.com/API/v3/widgets/W_1"
    assert seen[0].headers["x-api-token"] == TOKEN
    assert result.raw["result"]["active"] == "false"  # raw stays as received
    assert result.data["result"]["active"] is False  # repaired per schema
    assert result.model == ("parsed", result.data)  # the model saw the repaired JSON
    assert result.operation_id == "getWidget"
    assert result.request_id == "req-1"


def test_call_accepts_dict_or_model_body(spec: Spec, sleeps: Sleeps) -> None:
    bodies: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(200, json=envelope({"id": "W_9", "note": "x"}))

    def build(*, body: Any) -> dict[str, Any]:
        return {
            "method": "post",
            "url": "/API/v3/widgets",
            "json": body.to_dict(),
            "headers": {"Content-Type": "application/json"},
        }

    module = fake_module("create_widget", build)
    with make_client(handler, sleeps, spec) as client:
        client.call(module, body={"name": "a"})
        client.call(module, body=Body({"name": "b"}))
    assert bodies == [{"name": "a"}, {"name": "b"}]


def test_multipart_boundary_is_random_on_the_wire(spec: Spec, sleeps: Sleeps) -> None:
    types_seen: list[str] = []
    bodies: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        types_seen.append(request.headers["content-type"])
        bodies.append(request.read())
        return httpx.Response(200, json=envelope({"id": "W_1", "note": None}))

    def build(*, body: Any) -> dict[str, Any]:  # what openapi-python-client 0.29.1 emits for multipart
        return {
            "method": "post",
            "url": "/API/v3/widgets",
            "files": [("file", ("a.qsf", body, "application/json"))],
            "headers": {"Content-Type": "multipart/form-data; boundary=+++"},
        }

    module = fake_module("create_widget", build)
    with make_client(handler, sleeps, spec) as client:
        client.call(module, body=b'{"SurveyEntry": {}}')
        client.call(module, body=b'{"SurveyEntry": {}}')
    boundaries = [t.split("boundary=")[1] for t in types_seen]
    assert "+++" not in boundaries
    assert boundaries[0] != boundaries[1]
    for boundary, body in zip(boundaries, bodies, strict=True):
        assert body.startswith(b"--" + boundary.encode())
        assert b'{"SurveyEntry": {}}' in body


def test_call_by_operation_id_without_generated_module(spec: Spec, sleeps: Sleeps) -> None:
    urls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        urls.append(str(request.url))
        return httpx.Response(200, json=envelope({"id": "W/1", "note": None}))

    with make_client(handler, sleeps, spec) as client:
        client.call("getWidget", widget_id="W 1&x")
        client.call("listWidgets", offset=5, page_size=None)
        with pytest.raises(QualtricsError, match="takes no parameter 'bogus'"):
            client.call("listWidgets", bogus=1)
        with pytest.raises(QualtricsError, match="needs widgetId"):
            client.call("getWidget")
        with pytest.raises(QualtricsError, match="path parameter widgetId='W/1' contains '/'"):
            client.call("getWidget", widget_id="W/1")
        with pytest.raises(QualtricsError, match="unknown operation 'getWidgt'; did you mean 'getWidget'"):
            client.call("getWidgt")
    assert urls == [
        "https://iad1.qualtrics.com/API/v3/widgets/W%201%26x",
        "https://iad1.qualtrics.com/API/v3/widgets?offset=5",
    ]


def test_request_raw_with_operation_decoding(spec: Spec, sleeps: Sleeps) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.params["x"] == "1"
        return httpx.Response(200, json=envelope({"id": "W", "note": "n", "count": "12"}))

    with make_client(handler, sleeps, spec) as client:
        plain = client.request("GET", "/API/v3/elsewhere/W", params={"x": 1})  # no operation: JSON as sent
        typed = client.request("GET", "/API/v3/elsewhere/W", params={"x": 1}, operation="getWidget")
    assert plain.data["result"]["count"] == "12"
    assert plain.operation_id is None
    assert typed.data["result"]["count"] == 12


def test_not_a_generated_module(spec: Spec, sleeps: Sleeps) -> None:
    with make_client(lambda r: httpx.Response(200), sleeps, spec) as client, pytest.raises(QualtricsError):
        client.call(types.ModuleType("random_module"))


def test_generated_list_surveys_end_to_end(sleeps: Sleeps) -> None:
    """Against the real generated package and its bundled spec, when `make generate` has produced them."""
    module = pytest.importorskip("qualtrics_api.api.surveys.list_surveys")
    payload = {
        "meta": {"httpStatus": "200 - OK"},
        "result": {
            "elements": [
                {"id": "SV_1", "name": "A", "isActive": "false", "extraField": 1, "lastModified": "2025-01-01 12:30:00"}
            ],
            "nextPage": None,
        },
    }
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=payload)

    with Qualtrics(TOKEN, datacenter="iad1", transport=httpx.MockTransport(handler), sleep=sleeps) as client:
        by_module = client.call(module, page_size=5)
        by_function = client.call(module.sync_detailed, page_size=5)
        by_id = client.call("listSurveys", page_size=5)
    assert seen[0].url.params["pageSize"] == "5"
    for result in (by_module, by_function, by_id):
        assert result.operation_id == "listSurveys"
        assert result.raw == payload
        element = result.data["result"]["elements"][0]
        assert element["extraField"] == 1  # unknown fields survive
        assert element["isActive"] is False  # never a truthy "false"
        assert element["lastModified"] == "2025-01-01T12:30:00"
    model = by_id.model
    assert model is not None
    assert type(model).__name__ == "ListSurveysResponse200"
    survey = model.result.elements[0]
    assert survey.is_active is False
    assert survey.last_modified == datetime(2025, 1, 1, 12, 30)
    assert survey.additional_properties == {"extraField": 1}


def test_raw_request_matches_its_operation(spec: Spec, sleeps: Sleeps) -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if request.method == "POST" and len(calls) == 1:
            return httpx.Response(503, json={"meta": {"httpStatus": "503"}})
        return httpx.Response(200, json=envelope({"id": "W", "note": None, "count": "5", "progressId": "ES"}))

    with make_client(handler, sleeps, spec) as client:
        # POST export-responses is x-retry-safe: true in the spec, so the 503 is retried without being told.
        started = client.request("POST", "/API/v3/surveys/SV_1/export-responses", json={"format": "csv"})
        fetched = client.request("GET", "https://iad1.qualtrics.com/API/v3/widgets/W")
        unknown = client.request("GET", "/API/v3/not-in-spec")
    assert started.operation_id == "exportResponses"
    assert calls[:2] == ["POST", "POST"]
    assert fetched.operation_id == "getWidget"
    assert fetched.data["result"]["count"] == 5
    assert unknown.operation_id is None
    assert spec.match("GET", "/API/v3/widgets") is spec.operation("listWidgets")
    assert spec.match("DELETE", "/API/v3/widgets") is None
