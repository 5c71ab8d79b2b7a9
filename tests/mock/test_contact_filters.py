"""The contact filters of search and exports, evaluated without HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from qualtrics_mock.envelope import ApiError
from qualtrics_mock.handlers.contact_filters import compile_filter

ADA = {
    "firstName": "Ada",
    "lastName": "Lovelace",
    "email": "ada@example.com",
    "extRef": "",
    "creationDate": 1_500_000_000_000,
}


def matches(spec: Any, contact: dict[str, Any] = ADA, lists: set[str] | None = None) -> bool:
    return compile_filter(spec)(contact, lists or set())


def test_strings_ignore_case_and_spaces() -> None:
    assert matches({"filterType": "firstName", "comparison": "eq", "value": "  aDA "})
    assert not matches({"filterType": "firstName", "comparison": "neq", "value": "ada"})
    assert matches({"filterType": "email", "comparison": "neq", "value": "grace@example.com"})


def test_dates_compare_by_day_or_by_second() -> None:
    # 1_500_000_000_000 ms is 2017-07-14 02:40:00 UTC.
    assert matches({"filterType": "created", "comparison": "eq", "value": "2017-07-14"})
    assert matches({"filterType": "created", "comparison": "lt", "value": "2017-07-14 02:40:01"})
    assert not matches({"filterType": "created", "comparison": "gt", "value": "2017-07-14"})
    assert not matches({"filterType": "lastModified", "comparison": "gte", "value": "2000-01-01"})  # no such date


def test_lists_and_field_states() -> None:
    assert matches({"filterType": "inList", "comparison": True, "mailingListId": "CG_1"}, lists={"CG_1"})
    assert matches({"filterType": "inList", "comparison": "false", "mailingListId": "CG_1"}, lists={"CG_2"})
    assert matches({"filterType": "infoFieldState", "field": "extRef", "comparison": "empty"})
    assert matches({"filterType": "infoFieldState", "field": "email", "comparison": "notEmpty"})


def test_conjunctions() -> None:
    ada = {"filterType": "firstName", "comparison": "eq", "value": "Ada"}
    grace = {"filterType": "firstName", "comparison": "eq", "value": "Grace"}
    assert matches({"conjunction": "or", "filters": [ada, grace]})
    assert not matches({"conjunction": "and", "filters": [ada, grace]})
    assert matches({"conjunction": "and", "contactFilterExpressions": [ada, ada]})
    assert matches(None)


@pytest.mark.parametrize(
    "spec",
    [
        {"filterType": "email", "comparison": "gt", "value": "a"},
        {"filterType": "created", "comparison": "eq", "value": "yesterday"},
        {"filterType": "inList", "comparison": "maybe", "mailingListId": "CG_1"},
        {"filterType": "infoFieldState", "field": "phone", "comparison": "empty"},
        {"filterType": "favouriteColour", "comparison": "eq", "value": "red"},
        {"conjunction": "xor", "filters": [{"filterType": "email", "comparison": "eq", "value": "a"}]},
        {"conjunction": "and", "filters": [{"filterType": "email", "comparison": "eq", "value": "a"}] * 6},
        "not an object",
    ],
)
def test_filters_qualtrics_refuses_are_400(spec: Any) -> None:
    with pytest.raises(ApiError) as refused:
        compile_filter(spec)
    assert refused.value.status == 400
