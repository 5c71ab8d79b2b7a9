"""Every operation's success example, drifted the way real Qualtrics payloads drift, decodes through the overlay
into its generated model with nothing lost: booleans and numbers sent as strings come back typed, unknown fields
survive in the model, and the raw JSON stays as received."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from qualtrics_client import Qualtrics, QualtricsDecodeWarning

from .._spec_loading import load_shipped_spec
from .._spec_loading import resolve as resolve_ref
from ._httpx import httpx

SPEC = load_shipped_spec()
UNKNOWN = {"zzAddedLater": {"nested": [1, "two"]}}


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = resolve_ref(SPEC, schema)
    return found


def scalar_types(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type")
    return {declared} if isinstance(declared, str) else set(declared or [])


def drift(value: Any, schema: dict[str, Any]) -> Any:
    """Booleans and numbers as strings wherever the schema types them, as survey-definitions and old endpoints
    send them. Where the schema leaves a value free-form, nothing says it was a number: it is left alone."""
    schema = resolve(schema)
    for part in schema.get("allOf", []):
        value = drift(value, part)
    types = scalar_types(schema)
    if isinstance(value, bool) and "boolean" in types and "string" not in types:
        return "true" if value else "false"
    if isinstance(value, int | float) and not isinstance(value, bool) and types & {"integer", "number"}:
        return value if "string" in types else str(value)
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        return {
            key: drift(item, properties[key])
            if key in properties
            else drift(item, extra)
            if isinstance(extra, dict)
            else item
            for key, item in value.items()
        }
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [drift(item, schema["items"]) for item in value]
    return value


def success_examples() -> Iterator[Any]:
    for path, item in SPEC["paths"].items():
        for method in ("get", "put", "post", "delete"):
            operation = item.get(method)
            if operation is None:
                continue
            status = min(str(code) for code in operation["responses"] if str(code).startswith("2"))
            media = operation["responses"][status].get("content", {}).get("application/json", {})
            if isinstance(media.get("example"), dict):
                yield pytest.param(
                    method, path, int(status), media["example"], media["schema"], id=operation["operationId"]
                )


def concrete(path: str) -> str:
    return path.replace("{", "X").replace("}", "")


def with_unknown_fields(example: dict[str, Any]) -> dict[str, Any]:
    grown: dict[str, Any] = json.loads(json.dumps(example))
    result = grown.get("result")
    if isinstance(result, dict):
        result.update(UNKNOWN)
        for element in result.get("elements") or []:
            if isinstance(element, dict):
                element.update(UNKNOWN)
    return grown


def instants(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: instants(item) for key, item in value.items()}
    if isinstance(value, list):
        return [instants(item) for item in value]
    if isinstance(value, str) and len(value) >= 19 and value[10:11] in {"T", " "}:
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    return value


def decode(method: str, path: str, status: int, payload: dict[str, Any]) -> Any:
    body = json.dumps(payload).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers={"content-type": "application/json"})

    transport = httpx.MockTransport(handler)
    with Qualtrics("token-for-tests", base_url="https://iad1.qualtrics.com", transport=transport) as client:
        return client.request(method.upper(), concrete(path))


CASES = list(success_examples())

# Two examples carry a `meta.notice`, which the client rightly surfaces as a warning; it is not under test here.
pytestmark = pytest.mark.filterwarnings("ignore::qualtrics_client.QualtricsNotice")


@pytest.mark.parametrize(("method", "path", "status", "example", "schema"), CASES)
def test_unknown_fields_survive_in_the_model(
    method: str, path: str, status: int, example: dict[str, Any], schema: dict[str, Any]
) -> None:
    grown = with_unknown_fields(example)
    with warnings.catch_warnings():
        warnings.simplefilter("error", QualtricsDecodeWarning)
        result = decode(method, path, status, grown)
    assert result.raw == grown
    assert result.model is not None
    assert instants(result.model.to_dict()) == instants(grown)


@pytest.mark.parametrize(("method", "path", "status", "example", "schema"), CASES)
def test_strings_for_booleans_and_numbers_come_back_typed(
    method: str, path: str, status: int, example: dict[str, Any], schema: dict[str, Any]
) -> None:
    drifted = drift(example, schema)
    with warnings.catch_warnings():
        warnings.simplefilter("error", QualtricsDecodeWarning)
        result = decode(method, path, status, drifted)
    assert result.raw == drifted
    assert result.model is not None
    assert instants(result.model.to_dict()) == instants(example)
