"""Compiled coercers: value for value what the plain recursive walk gave, recursive schemas terminate,
and nothing is copied (or re-encoded) when nothing needs repair."""

from __future__ import annotations

import datetime as dt
import json
import math
import types
from typing import Any

import pytest
from dateutil import parser as dateparser
from hypothesis import given, settings
from hypothesis import strategies as st

from qualtrics_client import Spec
from qualtrics_client._decode import _iso_date, coerce, compiled
from qualtrics_client.result import build_result

from .._spec_loading import load_shipped_spec
from . import _reference_decode as reference
from ._fixture_spec import fixture_spec
from .test_every_operation_decodes import CASES, drift, with_unknown_fields


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _extended_spec() -> Spec:
    """The fixture spec plus the shapes it lacks: recursion, allOf, anyOf of objects, `nullable`, typed
    additionalProperties next to properties, integer-as-boolean, untyped schemas."""
    document = fixture_spec()
    document["components"]["schemas"].update(
        {
            "Node": {
                "type": "object",
                "required": ["label"],
                "properties": {
                    "label": {"type": "string", "nullable": True},
                    "on": {"type": "boolean"},
                    "children": {"type": "array", "items": _ref("Node")},
                    "parent": _ref("Node"),
                },
            },
            "Quiet": {  # recursive and nothing to repair
                "type": "object",
                "properties": {"name": {"type": "string"}, "next": _ref("Quiet")},
            },
            "Mixed": {
                "allOf": [_ref("Widget"), {"type": "object", "properties": {"extra": {"type": "integer"}}}],
            },
            "Choice": {"anyOf": [_ref("Progress"), {"type": "array", "items": _ref("Widget")}, {"type": "null"}]},
            "Bag": {
                "properties": {"fixed": {"type": "string"}, "n": {"type": "number"}},
                "additionalProperties": {"type": ["boolean", "null"]},
            },
            "Untyped": {"properties": {"flag": {"type": "boolean"}, "x": {}}},
            "Broken": {"$ref": "#/components/schemas/DoesNotExist"},
        }
    )
    return Spec(document, package=None)


SPEC = _extended_spec()
SCHEMAS = [_ref(name) for name in SPEC.document["components"]["schemas"]] + [
    op.response_schema(200) for op in SPEC.operations if op.response_schema(200) is not None
]
KEYS = ["id", "active", "count", "score", "created", "day", "note", "kind", "tags", "flags", "either", "label"]
KEYS += ["on", "children", "parent", "name", "next", "extra", "fixed", "n", "flag", "x", "meta", "result"]
KEYS += ["elements", "nextPage", "percentComplete", "status", "fileId", "zzUnknown"]
TEXTS = ["true", "FALSE", " 7 ", "1.5", "3", "abc", "", "null", "2025-01-01 12:30:00", "0000-00-00", "x"]

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-3, max_value=10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(TEXTS),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(KEYS), children, max_size=5),
    max_leaves=12,
)


def typed(value: Any) -> Any:
    """`==` treats True as 1 and 1.0 as 1; the comparison here must not."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}, "dict"
    if isinstance(value, list):
        return [typed(item) for item in value], "list"
    return value, type(value).__name__


@settings(max_examples=300)
@given(value=values, schema=st.sampled_from(SCHEMAS))
def test_compiled_matches_the_plain_walk(value: Any, schema: dict[str, Any]) -> None:
    before = json.dumps(value)
    out = coerce(value, schema, SPEC)
    assert typed(out) == typed(reference.coerce(value, schema, SPEC))
    assert json.dumps(value) == before  # the input is never modified, only copied where it changes


@pytest.mark.parametrize(("method", "path", "status", "example", "schema"), CASES)
def test_compiled_matches_the_plain_walk_on_every_shipped_example(
    method: str, path: str, status: int, example: dict[str, Any], schema: dict[str, Any]
) -> None:
    spec = Spec(load_shipped_spec(), package=None)
    for payload in (example, with_unknown_fields(example), drift(example, schema)):
        assert typed(coerce(payload, schema, spec)) == typed(reference.coerce(payload, schema, spec))


def test_recursive_schema_terminates_and_repairs_at_depth() -> None:
    leaf: dict[str, Any] = {"label": "leaf", "on": "false"}
    tree: dict[str, Any] = {"label": "root", "on": "true", "children": [{"label": "a", "parent": leaf}]}
    out = coerce(tree, _ref("Node"), SPEC)
    assert out["on"] is True
    assert out["children"][0]["parent"]["on"] is False
    deep: dict[str, Any] = {"label": "bottom", "on": "true"}
    for _ in range(100):  # past the depth limit: the plain walk stops repairing there, and so does this
        deep = {"parent": deep, "on": "false"}
    assert typed(coerce(deep, _ref("Node"), SPEC)) == typed(reference.coerce(deep, _ref("Node"), SPEC))


def test_recursive_schema_with_nothing_to_repair_still_compiles_once() -> None:
    spec = _extended_spec()
    value = {"name": "a", "next": {"name": "b", "next": {"name": "c"}}}
    assert coerce(value, _ref("Quiet"), spec) == value
    assert compiled(_ref("Quiet"), spec) is not None  # a fresh ref dict: compiled, not looked up by value
    schema = _ref("Quiet")
    assert compiled(schema, spec) is compiled(schema, spec)


def test_nothing_to_repair_returns_the_same_objects() -> None:
    schema = SPEC.operation("listWidgets").response_schema(200)
    page = {"meta": {"httpStatus": "200 - OK"}, "result": {"elements": [], "nextPage": None}}
    assert coerce(page, schema, SPEC) is page
    widget = {"id": "W", "note": None, "active": True}
    assert coerce(widget, _ref("Widget"), SPEC) is widget
    drifted = {"id": "W", "note": None, "active": "true", "tags": ["a"]}
    out = coerce(drifted, _ref("Widget"), SPEC)
    assert out is not drifted
    assert out["active"] is True
    assert drifted["active"] == "true"


def test_broken_ref_changes_nothing() -> None:
    assert coerce({"a": "true"}, _ref("Broken"), SPEC) == {"a": "true"}


def _echo_module() -> types.ModuleType:
    module = types.ModuleType("qualtrics_api.api.widgets.get_widget")

    def parse(*, client: Any, response: Any) -> Any:
        return {"status": response.status_code, "json": response.json()}

    module._parse_response = parse  # type: ignore[attr-defined]
    return module


def _build(content: bytes) -> Any:
    op = SPEC.operation("getWidget")
    return build_result(200, {}, content, spec=SPEC, operation=op, module=_echo_module())


def test_model_gets_the_repaired_json_without_a_round_trip() -> None:
    result = _build(json.dumps({"meta": {}, "result": {"id": "W", "active": "false"}}).encode())
    assert result.model == {"status": 200, "json": result.data}
    assert result.data["result"]["active"] is False


@pytest.mark.parametrize(
    ("body", "field", "check"),
    [
        (b'{"meta": {}, "result": {"id": "W", "score": NaN}}', "score", math.isnan),
        (b'{"meta": {}, "result": {"id": "W", "score": "Infinity"}}', "score", math.isinf),
        (b'{"meta": {}, "result": {"id": "W", "note": "\\ud800"}}', "note", lambda v: v == "\ud800"),
    ],
)
def test_what_json_cannot_re_encode_still_reaches_the_model(body: bytes, field: str, check: Any) -> None:
    # No JSON round trip between repair and model, so values a JSON encoder refuses cost nothing.
    result = _build(body)
    assert result.model is not None
    assert check(result.model["json"]["result"][field])
    assert result.raw is not None


_ISO_SHAPES = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d")


@settings(max_examples=300)
@given(
    # strftime writes years below 1000 without padding ("31-02-01"), which is no ISO date at all
    moment=st.datetimes(
        min_value=dt.datetime(1000, 1, 1),
        timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=-5, minutes=-30))]),
    ),
    shape=st.sampled_from(_ISO_SHAPES),
    zulu=st.booleans(),
    date_only=st.booleans(),
)
def test_iso_fast_path_reads_dates_as_dateutil_does(
    moment: dt.datetime, shape: str, zulu: bool, date_only: bool
) -> None:
    text = moment.strftime(shape)
    if zulu and text.endswith("+0000"):
        text = text[:-5] + "Z"
    slow = dateparser.parse(text)
    expected = slow.date().isoformat() if date_only else slow.isoformat()
    assert _iso_date(text, date_only=date_only) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05 14:07:09", "2024-03-05T14:07:09"),  # MySQL style
        ("03/05/2024 2:07 PM", "2024-03-05T14:07:00"),  # only dateutil reads this
        ("Tue, 05 Mar 2024 14:07:09 GMT", "2024-03-05T14:07:09+00:00"),
        ("not a date", None),
    ],
)
def test_dates_outside_iso_still_go_through_dateutil(text: str, expected: str | None) -> None:
    assert _iso_date(text, date_only=False) == expected
