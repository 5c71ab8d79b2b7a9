"""Tolerant decoding: drifted payloads repaired per schema, unknowns kept, models tried, raw always there."""

from __future__ import annotations

import types
import warnings
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualtrics_client import QualtricsDecodeWarning, Spec
from qualtrics_client._decode import coerce

from ._fixture_spec import fixture_spec
from ._httpx import httpx
from .conftest import Sleeps, envelope, make_client

WIDGET = {"$ref": "#/components/schemas/Widget"}

DRIFT = [
    ({"active": "true"}, {"active": True}),
    ({"active": "false"}, {"active": False}),
    ({"active": "FALSE"}, {"active": False}),
    ({"active": "maybe"}, {"active": "maybe"}),  # not a boolean spelling: kept, not guessed
    ({"active": 0}, {"active": False}),
    ({"active": None}, {"active": None}),
    ({"count": "1000"}, {"count": 1000}),
    ({"count": " 7 "}, {"count": 7}),
    ({"count": "1.5"}, {"count": "1.5"}),  # not an integer: kept
    ({"count": "abc"}, {"count": "abc"}),
    ({"score": "2.5"}, {"score": 2.5}),
    ({"score": "3"}, {"score": 3}),
    ({"created": "2025-01-01 12:30:00"}, {"created": "2025-01-01T12:30:00"}),  # MySQL style
    ({"created": "2025-01-01T12:30:00Z"}, {"created": "2025-01-01T12:30:00+00:00"}),
    ({"created": "0000-00-00 00:00:00"}, {"created": None}),  # MySQL's "no date"
    ({"created": "not a date"}, {"created": "not a date"}),
    ({"day": "2025-02-03 00:00:00"}, {"day": "2025-02-03"}),
    ({"note": 12345}, {"note": "12345"}),  # an id sent as a number
    ({"kind": "zzz"}, {"kind": "zzz"}),  # unknown enum value kept
    ({"tags": ["a", 1]}, {"tags": ["a", "1"]}),
    ({"flags": {"x": "true", "y": "false"}}, {"flags": {"x": True, "y": False}}),
    ({"either": "true"}, {"either": True}),
    ({"either": "4"}, {"either": 4}),
    ({"unknownField": {"deep": "true"}}, {"unknownField": {"deep": "true"}}),  # unknown: untouched
]


@pytest.mark.parametrize(("drifted", "repaired"), DRIFT)
def test_drift_table(drifted: dict[str, Any], repaired: dict[str, Any], spec: Spec) -> None:
    out = coerce({"id": "W", **drifted}, WIDGET, spec)
    assert out == {"id": "W", "note": None, **repaired} if "note" not in drifted else {"id": "W", **repaired}


def test_missing_nullable_required_becomes_null_but_ids_stay_missing(spec: Spec) -> None:
    assert coerce({}, WIDGET, spec) == {"note": None}


SPEC = Spec(fixture_spec(), package=None)


@given(value=st.booleans())
def test_boolean_strings_never_truthy(value: bool) -> None:
    out = coerce({"id": "W", "active": str(value).lower()}, WIDGET, SPEC)
    assert out["active"] is value


@given(value=st.integers(min_value=-(10**12), max_value=10**12))
def test_integer_strings(value: int) -> None:
    assert coerce({"id": "W", "count": str(value)}, WIDGET, SPEC)["count"] == value


@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4), children, max_size=3),
        max_leaves=10,
    )
)
def test_coerce_never_raises(value: Any) -> None:
    coerce(value, WIDGET, SPEC)
    out = coerce(
        {"meta": {}, "result": {"elements": [value], "nextPage": value}},
        SPEC.operation("listWidgets").response_schema(200),
        SPEC,
    )
    assert set(out) == {"meta", "result"}


def test_model_rejection_falls_back_to_raw_with_warning(spec: Spec, sleeps: Sleeps) -> None:
    def parse(*, client: Any, response: httpx.Response) -> Any:
        raise KeyError("id")

    module = types.ModuleType("qualtrics_api.api.widgets.get_widget")
    module._get_kwargs = lambda widget_id: {"method": "get", "url": f"/API/v3/widgets/{widget_id}"}  # type: ignore[attr-defined]
    module._parse_response = parse  # type: ignore[attr-defined]
    payload = envelope({"note": "no id here", "active": "true"})
    with make_client(lambda r: httpx.Response(200, json=payload), sleeps, spec) as client:
        with warnings.catch_warnings():
            warnings.simplefilter("error", QualtricsDecodeWarning)  # the model is built only when read
            result = client.call(module, widget_id="W")
            assert result.raw == payload
            assert result.data["result"]["active"] is True
        with pytest.warns(QualtricsDecodeWarning, match="getWidget") as caught:
            assert result.model is None
        assert caught[0].filename == __file__  # attributed to the line that read the model
        assert result.model is None  # decoded once: a second read neither retries nor warns again


def test_generated_model_drift_tolerated(sleeps: Sleeps) -> None:
    """The generated `from_dict` raises on `null` for a required nested object; the overlay returns raw JSON."""
    module = pytest.importorskip("qualtrics_api.api.surveys.list_surveys")
    payload = {"meta": None, "result": {"elements": [{"id": "SV_1"}], "nextPage": None}}
    from qualtrics_client import Qualtrics

    with (
        Qualtrics(
            "tok",
            datacenter="iad1",
            transport=httpx.MockTransport(lambda r: httpx.Response(200, json=payload)),
            sleep=sleeps,
        ) as client,
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        result = client.call(module)
        assert result.raw == payload
        assert result.result == {"elements": [{"id": "SV_1"}], "nextPage": None}
        assert result.model is None
    assert any(issubclass(w.category, QualtricsDecodeWarning) for w in caught)
