"""The dict-body check against the spec: no documented example is refused, every one is sent exactly as given,
and a wrong case is found at any depth."""

from __future__ import annotations

import copy
import inspect
import json
import warnings
from typing import Any

import pytest

from qualtrics_client import Qualtrics, QualtricsDecodeWarning, UnknownBodyField
from qualtrics_client._checks import check_body
from qualtrics_client._spec import Operation, normalise, packaged_spec

from ._httpx import httpx

SPEC = packaged_spec()


def json_examples() -> list[tuple[Operation, Any]]:
    found: list[tuple[Operation, Any]] = []
    for op in SPEC.operations:
        body = SPEC.resolve(op.raw.get("requestBody") or {})
        media = (body.get("content") or {}).get("application/json") if isinstance(body, dict) else None
        if not isinstance(media, dict):
            continue
        values = [media["example"]] if "example" in media else []
        values += [SPEC.resolve(e).get("value") for e in (media.get("examples") or {}).values()]
        found += [(op, value) for value in values if isinstance(value, dict)]
    return found


EXAMPLES = json_examples()


def test_there_are_examples_to_check() -> None:
    assert len(EXAMPLES) > 40


@pytest.mark.parametrize(("op", "example"), EXAMPLES, ids=[op.operation_id for op, _ in EXAMPLES])
def test_every_documented_request_example_passes(op: Operation, example: Any) -> None:
    check_body(op, SPEC, example, check_keys=True)


def nested_key(value: Any, where: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """The path of a key inside a nested object of an example (depth two or more), if there is one."""
    if isinstance(value, dict):
        for key, item in value.items():
            if where and isinstance(key, str) and key[:1].islower():
                return (*where, key)
            found = nested_key(item, (*where, str(key)))
            if found:
                return found
    return None


NESTED = [(op, example, path) for op, example in EXAMPLES if (path := nested_key(example))]


def test_some_examples_nest_objects() -> None:
    assert len(NESTED) >= 3


def declares(op: Operation, path: tuple[str, ...]) -> bool:
    """Whether the schema declares the properties of the object at `path` (else it is free-form there)."""
    from qualtrics_client._checks import _declared, _json_body_schema

    schema = _json_body_schema(op, SPEC)
    for key in path:
        props, _ = _declared(SPEC.resolve(schema), SPEC)
        if props is None or key not in props:
            return False
        schema = props[key]
    props, _ = _declared(SPEC.resolve(schema), SPEC)
    return props is not None


@pytest.mark.parametrize(("op", "example", "path"), NESTED, ids=[op.operation_id for op, _, _ in NESTED])
def test_a_wrong_case_nested_key_is_found_with_its_right_spelling(op: Operation, example: Any, path: Any) -> None:
    wrong = copy.deepcopy(example)
    parent = wrong
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    moved = key[0].upper() + key[1:]
    parent[moved] = parent.pop(key)
    if not declares(op, path[:-1]):  # a free-form object takes any key: nothing to refuse there
        check_body(op, SPEC, wrong, check_keys=True)
        return
    with pytest.raises(UnknownBodyField) as caught:
        check_body(op, SPEC, wrong, check_keys=True)
    assert caught.value.operation_id == op.operation_id
    assert (f"body.{'.'.join(path[:-1])}.{moved}", key) in caught.value.problems


def arguments_for(op: Operation) -> dict[str, Any]:
    """Values for the operation's path and required query parameters, by the generated layer's names."""
    from qualtrics_client._operations import resolve

    module = resolve(op.operation_id, SPEC).module
    assert module is not None
    names = {normalise(name): name for name in inspect.signature(module._get_kwargs).parameters}
    values: dict[str, Any] = {}
    for parameter in op.parameters:
        if parameter.get("in") == "path" or (parameter.get("in") == "query" and parameter.get("required")):
            schema = SPEC.resolve(parameter.get("schema") or {})
            enum = schema.get("enum") if isinstance(schema, dict) else None
            values[names[normalise(str(parameter["name"]))]] = enum[0] if enum else "ID_012345678901234"
    return values


@pytest.mark.parametrize(("op", "example"), EXAMPLES, ids=[op.operation_id for op, _ in EXAMPLES])
def test_every_documented_request_example_is_sent_as_given(op: Operation, example: Any) -> None:
    sent: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json={"meta": {"httpStatus": "200 - OK"}, "result": {}})

    with (
        Qualtrics(
            "token-for-tests", base_url="https://iad1.qualtrics.com", transport=httpx.MockTransport(handler)
        ) as q,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore", QualtricsDecodeWarning)  # the answer is a stub; only the request counts
        q.call(op.operation_id, body=copy.deepcopy(example), **arguments_for(op))
    assert sent == [example]


def test_a_union_body_takes_a_list_of_dicts_too() -> None:
    sent: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json={"meta": {"httpStatus": "200 - OK"}})

    flow = [{"Type": "Block", "ID": "BL_8eugjlkTG4F1zWl", "FlowID": "FL_4"}]
    with Qualtrics(
        "token-for-tests", base_url="https://iad1.qualtrics.com", transport=httpx.MockTransport(handler)
    ) as q:
        q.call("updateFlowElement", survey_id="SV_123abcDEFGhijkl", flow_id="FL_4", body=flow)
    assert sent == [flow]
