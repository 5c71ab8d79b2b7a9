"""The one-pass builders agree with the slow way (repair, then the generated `from_dict`) on every payload they
accept: every operation's success example as written, drifted as real payloads drift, grown with unknown fields,
every real-shaped fixture, and generated drift; and where they refuse, the slow way still answers."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualtrics_client import Qualtrics, QualtricsDecodeWarning, Spec, _decode, _plan

from .test_every_operation_decodes import CASES, drift, with_unknown_fields

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "real"
CLIENT = Qualtrics("token-for-tests", base_url="https://iad1.qualtrics.com")
pytestmark = pytest.mark.filterwarnings("ignore::qualtrics_client.QualtricsNotice")


def both(operation_id: str, status: int, payload: Any) -> tuple[Any, Any, bool]:
    """(builder's model, slow way's model, whether a builder took the payload)."""
    bound = CLIENT._bound(operation_id)
    schema = bound.operation.response_schema(status)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QualtricsDecodeWarning)
        slow = _decode.to_model(bound.module, status, _decode.coerce(payload, schema, CLIENT.spec), operation_id)
    assert bound.module is not None
    build = _plan.builder(CLIENT.spec, bound.module, status, schema)
    if build is None:
        return None, slow, False
    try:
        fast = build(payload, 0)
    except Exception:
        return None, slow, False
    return fast, slow, True


def same(fast: Any, slow: Any) -> None:
    assert type(fast) is type(slow)
    assert fast == slow  # attrs equality: every field, nested models, additional properties
    assert fast.to_dict() == slow.to_dict()


def _operation_id(case: Any) -> str:
    return str(case.id)


@pytest.mark.parametrize(("method", "path", "status", "example", "schema"), CASES)
def test_every_success_example_builds_as_the_slow_way(
    method: str, path: str, status: int, example: dict[str, Any], schema: dict[str, Any], request: Any
) -> None:
    operation_id = request.node.callspec.id
    for payload in (example, drift(example, schema), with_unknown_fields(drift(example, schema))):
        fast, slow, took = both(operation_id, status, json.loads(json.dumps(payload)))
        if took:
            same(fast, slow)


def test_most_operations_have_a_builder_and_listings_do() -> None:
    took = {str(case.id): both(str(case.id), case.values[2], case.values[3])[2] for case in CASES}
    share = sum(took.values()) / len(took)
    assert share >= 0.5, (
        f"only {share:.0%} of operations build in one pass: {sorted(k for k, v in took.items() if not v)}"
    )
    for listing in ("listDirectoryContacts", "listSurveys", "listMailingListContacts"):
        if listing in took:
            assert took[listing], f"{listing} has no one-pass builder"


def fixture_files() -> list[Any]:
    return [pytest.param(p, id=f"{p.parent.name}/{p.stem}") for p in sorted(FIXTURES.glob("*/*.json"))]


@pytest.mark.parametrize("fixture", fixture_files())
def test_real_shaped_payloads_build_as_the_slow_way(fixture: Path) -> None:
    written = json.loads(fixture.read_text(encoding="utf-8"))
    if fixture.stem not in {op.operation_id for op in CLIENT.spec.operations}:
        pytest.skip("names no operation of this spec")
    fast, slow, took = both(fixture.stem, int(written["status"]), written["body"])
    if took:
        same(fast, slow)


CONTACT = {
    "contactId": "CID_000000000000001",
    "firstName": "Ada",
    "unsubscribed": False,
    "embeddedData": {"Region": "NA"},
}


def page(*elements: Any) -> dict[str, Any]:
    return {
        "meta": {"httpStatus": "200 - OK", "requestId": "r"},
        "result": {"elements": list(elements), "nextPage": None},
    }


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.sampled_from(["", "0", "1", "true", "False", "null", "x", "2024-03-05 14:07:09", "0000-00-00"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner, max_size=2),
    max_leaves=4,
)
fields = st.sampled_from(["contactId", "firstName", "lastName", "email", "unsubscribed", "embeddedData", "extra"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.dictionaries(fields, values, max_size=4), drop=st.sets(fields, max_size=2))
def test_drifted_contacts_build_as_the_slow_way(changes: dict[str, Any], drop: set[str]) -> None:
    element = {key: value for key, value in {**CONTACT, **changes}.items() if key not in drop}
    fast, slow, took = both("listDirectoryContacts", 200, page(element, CONTACT))
    if took:
        same(fast, slow)
    else:
        # A refusal leaves the decision to the slow way, whatever it is (a model or None with a warning).
        assert slow is None or type(slow).__name__ == "ListDirectoryContactsResponse200"


def test_a_refused_payload_still_decodes_the_slow_way_and_warns() -> None:
    # `contactId` is required and missing: the builder refuses, the generated parser fails, the caller is warned.
    bound = CLIENT._bound("listDirectoryContacts")
    plan = _plan.Plan(CLIENT.spec, bound.operation, 200, bound.module)
    with pytest.warns(QualtricsDecodeWarning, match="listDirectoryContacts"):
        assert plan.model(page({"firstName": "no id"})) is None
    assert plan.model(page(CONTACT)) is not None


def test_a_small_first_answer_takes_the_slow_way_and_the_second_compiles() -> None:
    bound = CLIENT._bound("getWhoami")
    assert bound.module is not None
    spec = Spec.from_package()  # a spec of its own: nothing compiled for it yet
    schema = next(op for op in spec.operations if op.operation_id == "getWhoami").response_schema(200)
    assert _plan.builder(spec, bound.module, 200, schema, size=500) is None  # one small answer: not worth it
    assert _plan.builder(spec, bound.module, 200, schema, size=500) is not None  # it answers again: compiled
    other = Spec.from_package()
    schema = next(op for op in other.operations if op.operation_id == "getWhoami").response_schema(200)
    assert _plan.builder(other, bound.module, 200, schema, size=1 << 20) is not None  # a big answer: at once
