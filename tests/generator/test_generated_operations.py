"""Every generated operation sends the spec's method, path, query and body, and decodes the spec's example.

The expectations are computed from the bundled spec, not written by hand, so a new operation is covered the
moment it is generated: the test walks every operation of the spec, not a sample.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import io
import json
import typing
from collections.abc import Iterator
from types import ModuleType, UnionType
from typing import Any
from urllib.parse import parse_qsl, quote

import httpx
import pytest
from openapi_python_client.strings import PythonIdentifier, snake_case

from qualtrics_api.client import AuthenticatedClient
from qualtrics_api.models.error_envelope import ErrorEnvelope
from qualtrics_api.types import UNSET, File, Unset

from .._spec_loading import load_shipped_spec
from .._spec_loading import resolve as resolve_ref

SPEC = load_shipped_spec()
METHODS = ("get", "put", "post", "delete", "patch")
BASE_URL = "https://iad1.qualtrics.com"


def as_declared(hints: dict[str, Any], name: str, value: Any) -> Any:
    """`value` as the member of the enum the generated signature declares for `name`, if it declares one."""
    hint = hints.get(name)
    for member in typing.get_args(hint) or (hint,):
        if isinstance(member, type) and issubclass(member, enum.Enum):
            return member(value)
    return value


def python_name(name: str) -> str:
    """The generator's name for a parameter or property: snake case, reserved words suffixed (`type_`)."""
    return str(PythonIdentifier(name, prefix="field_"))


def all_operations() -> Iterator[tuple[str, str, dict[str, Any], list[dict[str, Any]]]]:
    for path, item in SPEC["paths"].items():
        shared = item.get("parameters", [])
        for method in METHODS:
            if method in item:
                yield method, path, item[method], shared


CASES = [pytest.param(*case, id=case[2]["operationId"]) for case in all_operations()]


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = resolve_ref(SPEC, node)
    return found


def generated_module(operation: dict[str, Any]) -> ModuleType:
    tag = snake_case(operation["tags"][0])
    return importlib.import_module(f"qualtrics_api.api.{tag}.{snake_case(operation['operationId'])}")


def sample(schema: dict[str, Any], name: str) -> tuple[Any, str]:
    """A Python argument for a parameter schema and the text the query string must then carry."""
    schema = resolve(schema)
    kind = schema.get("type")
    kinds = [kind] if isinstance(kind, str) else [k for k in (kind or ["string"]) if k != "null"]
    if "enum" in schema:
        value = next(v for v in schema["enum"] if v is not None)
        return value, str(value)
    if kinds[0] == "integer":
        low = int(schema.get("minimum", 1))
        return low + 2, str(low + 2)
    if kinds[0] == "number":
        return 2.5, "2.5"
    if kinds[0] == "boolean":
        return True, "true"
    if schema.get("format") == "date-time":
        moment = dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC)
        return moment, moment.isoformat()
    if schema.get("format") == "date":
        day = dt.date(2024, 5, 1)
        return day, day.isoformat()
    return f"{name}-1", f"{name}-1"


def body_classes(module: ModuleType) -> list[type[Any]]:
    hint = typing.get_type_hints(module._get_kwargs, localns={"Unset": Unset}).get("body")
    if hint is None:
        return []
    members = (
        typing.get_args(hint) if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union else (hint,)
    )
    return [member for member in members if isinstance(member, type) and member is not type(UNSET)]


def same_instant_spelling(value: Any) -> Any:
    """Timestamps compared as instants: the models write `+00:00` where an example may say `Z`."""
    if isinstance(value, dict):
        return {key: same_instant_spelling(item) for key, item in value.items()}
    if isinstance(value, list):
        return [same_instant_spelling(item) for item in value]
    if isinstance(value, str) and len(value) >= 20 and value[10:11] == "T":
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    return value


def body_example(operation: dict[str, Any], media_type: str = "application/json") -> Any:
    media = operation["requestBody"]["content"][media_type]
    if "example" in media:
        return media["example"]
    return next(iter(media["examples"].values()))["value"]


def success_status(operation: dict[str, Any]) -> str:
    return min(str(code) for code in operation["responses"] if str(code).startswith("2"))


def success_payload(operation: dict[str, Any]) -> tuple[str, bytes]:
    response = resolve(operation["responses"][success_status(operation)])
    content = response.get("content", {})
    if "application/json" in content:
        media = content["application/json"]
        example = media.get("example")
        if example is None and "examples" in media:
            example = next(iter(media["examples"].values()))["value"]
        return "application/json", json.dumps(example).encode()
    if content:
        return next(iter(content)), b"PK\x05\x06" + b"\x00" * 18
    return "application/json", b""


@pytest.mark.parametrize(("method", "path", "operation", "shared_parameters"), CASES)
def test_operation_sends_what_the_spec_says(
    method: str, path: str, operation: dict[str, Any], shared_parameters: list[dict[str, Any]]
) -> None:
    module = generated_module(operation)
    arguments: dict[str, Any] = {}
    expected_path = path
    expected_query: dict[str, str] = {}
    for parameter in [resolve(p) for p in shared_parameters + operation.get("parameters", [])]:
        if parameter["in"] == "header":
            continue
        value, text = sample(parameter["schema"], parameter["name"])
        name = python_name(parameter["name"])
        arguments[name] = as_declared(typing.get_type_hints(module._get_kwargs, localns={"Unset": Unset}), name, value)
        if parameter["in"] == "path":
            expected_path = expected_path.replace("{" + parameter["name"] + "}", quote(text, safe=""))
        elif parameter["in"] == "query":
            expected_query[parameter["name"]] = text

    expected_json: Any = None
    expected_form: dict[str, str] | None = None
    sent_multipart = False
    body_content = operation.get("requestBody", {}).get("content", {})
    classes = body_classes(module)
    if "application/json" in body_content:
        expected_json = body_example(operation)
        json_class = next(c for c in classes if not hasattr(c, "to_multipart"))
        arguments["body"] = json_class.from_dict(expected_json) if hasattr(json_class, "from_dict") else expected_json
    elif "application/x-www-form-urlencoded" in body_content:
        expected_form = body_example(operation, "application/x-www-form-urlencoded")
        arguments["body"] = classes[0].from_dict(expected_form)
    elif "multipart/form-data" in body_content:
        multipart_class = next(c for c in classes if hasattr(c, "to_multipart"))
        schema = resolve(body_content["multipart/form-data"]["schema"])
        fields: dict[str, Any] = {}
        for name in schema.get("required", []):
            prop = resolve(schema["properties"][name])
            fields[name] = (
                File(payload=io.BytesIO(b"payload"), file_name="upload.bin")
                if prop.get("format") == "binary"
                else sample(prop, name)[0]
            )
        arguments["body"] = (
            multipart_class.from_dict(fields)
            if not fields or "file" not in fields
            else multipart_class(**{python_name(k): v for k, v in fields.items()})
        )
        sent_multipart = True

    seen: list[httpx.Request] = []
    media_type, payload = success_payload(operation)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(int(success_status(operation)), content=payload, headers={"content-type": media_type})

    client = AuthenticatedClient(
        base_url=BASE_URL,
        token="secret-token",
        prefix="",
        auth_header_name="X-API-TOKEN",
        httpx_args={"transport": httpx.MockTransport(handler)},
    )
    response = module.sync_detailed(client=client, **arguments)

    (request,) = seen
    assert request.method == method.upper()
    assert request.url.raw_path.split(b"?")[0].decode() == expected_path
    assert dict(parse_qsl(request.url.query.decode(), keep_blank_values=True)) == expected_query
    assert request.headers["X-API-TOKEN"] == "secret-token"
    if expected_json is not None:
        assert same_instant_spelling(json.loads(request.content)) == same_instant_spelling(expected_json)
    if expected_form is not None:
        assert dict(parse_qsl(request.content.decode())) == expected_form
    if sent_multipart:
        assert request.headers["content-type"].startswith("multipart/form-data")
    assert response.status_code == int(success_status(operation))
    if payload and media_type == "application/json":
        assert response.parsed is not None
        assert not isinstance(response.parsed, ErrorEnvelope)
    elif payload:
        assert isinstance(response.parsed, File)
        assert response.parsed.payload.read() == payload


MULTIPART_CASES = [
    pytest.param(*case, id=case[2]["operationId"])
    for case in all_operations()
    if "multipart/form-data" in case[2].get("requestBody", {}).get("content", {})
]


@pytest.mark.parametrize(("method", "path", "operation", "shared_parameters"), MULTIPART_CASES)
def test_multipart_bodies_carry_their_fields(
    method: str, path: str, operation: dict[str, Any], shared_parameters: list[dict[str, Any]]
) -> None:
    module = generated_module(operation)
    arguments: dict[str, Any] = {}
    for parameter in [resolve(p) for p in shared_parameters + operation.get("parameters", [])]:
        if parameter["in"] in {"path", "query"} and parameter.get("required"):
            name = python_name(parameter["name"])
            hints = typing.get_type_hints(module._get_kwargs, localns={"Unset": Unset})
            arguments[name] = as_declared(hints, name, sample(parameter["schema"], parameter["name"])[0])
    schema = resolve(operation["requestBody"]["content"]["multipart/form-data"]["schema"])
    multipart_class = next(c for c in body_classes(module) if hasattr(c, "to_multipart"))
    fields: dict[str, Any] = {}
    for name, prop in schema.get("properties", {}).items():
        prop = resolve(prop)
        if prop.get("format") == "binary":
            fields[python_name(name)] = File(payload=io.BytesIO(b"file-bytes"), file_name="upload.json")
        elif name in schema.get("required", []):
            field = python_name(name)
            fields[field] = as_declared(typing.get_type_hints(multipart_class), field, sample(prop, name)[0])
    arguments["body"] = multipart_class(**fields)

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(int(success_status(operation)), json={"meta": {"httpStatus": "200 - OK"}})

    client = AuthenticatedClient(
        base_url=BASE_URL,
        token="secret-token",
        prefix="",
        auth_header_name="X-API-TOKEN",
        httpx_args={"transport": httpx.MockTransport(handler)},
    )
    module.sync_detailed(client=client, **arguments)

    (request,) = seen
    assert request.method == method.upper()
    assert request.headers["content-type"].startswith("multipart/form-data")
    body = request.read()
    assert b"file-bytes" in body
    for name in fields:
        original = next(key for key in schema["properties"] if python_name(key) == name)
        assert f'name="{original}"'.encode() in body
