"""The registry: every operation of the spec is answered on purpose, and the app refuses to start otherwise."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from qualtrics_mock import MockQualtrics, SeedSizes, Spec, create_app
from qualtrics_mock.context import (
    HANDLERS,
    STORE_SERVED,
    RegistryMismatch,
    registry_problems,
    route,
    stale_store_entries,
    with_operations_table,
)
from qualtrics_mock.handlers.generic import STORE_OPERATIONS
from qualtrics_mock.spec import load_document

DOC = Path(__file__).resolve().parents[2] / "docs" / "mock.md"


def _small(spec: Spec) -> MockQualtrics:
    return MockQualtrics(spec, sizes=SeedSizes(n_surveys=1, n_responses=1, n_contacts=1, n_mailing_lists=1))


def _with_operation(document: dict[str, Any], operation_id: str) -> dict[str, Any]:
    grown = copy.deepcopy(document)
    grown["paths"]["/API/v3/widgets"] = {
        "get": {"operationId": operation_id, "responses": {"200": {"description": "ok"}}}
    }
    return grown


def test_the_shipped_spec_is_served_completely(spec: Spec) -> None:
    assert registry_problems(spec) == []


def test_an_operation_without_a_handler_stops_the_app_and_is_named(spec: Spec) -> None:
    grown = Spec(_with_operation(spec.document, "listWidgets"))
    with pytest.raises(RegistryMismatch, match="operation listWidgets of the spec has no mock handler"):
        create_app(_small(grown))


def test_a_handler_that_names_no_operation_stops_the_app(spec: Spec) -> None:
    route("listGadgetsNobodyDeclared")(lambda ctx: None)
    try:
        with pytest.raises(RegistryMismatch, match=r"@route\('listGadgetsNobodyDeclared'\) names no operation"):
            create_app(_small(spec))
    finally:
        del HANDLERS["listGadgetsNobodyDeclared"]


def test_the_store_list_names_only_operations_without_handlers(spec: Spec) -> None:
    assert STORE_OPERATIONS <= STORE_SERVED
    assert set(STORE_OPERATIONS) <= set(spec.operation_ids)
    assert stale_store_entries() == [], "these have handlers now: remove them from STORE_OPERATIONS"


def test_a_store_entry_for_an_operation_the_spec_lacks_is_reported(spec: Spec) -> None:
    STORE_SERVED.add("listWidgetsGone")
    try:
        assert any("listWidgetsGone" in problem for problem in registry_problems(spec))
    finally:
        STORE_SERVED.discard("listWidgetsGone")


def test_docs_list_who_answers_every_operation(spec: Spec) -> None:
    page = DOC.read_text(encoding="utf-8")
    assert page == with_operations_table(page, spec), (
        "docs/mock.md is out of date: python -m qualtrics_mock --write-operations-doc docs/mock.md"
    )
    for operation_id in spec.operation_ids:
        assert f"`{operation_id}`" in page


def test_the_table_changes_with_the_registry() -> None:
    spec = Spec(_with_operation(load_document(), "listWidgets"))
    page = DOC.read_text(encoding="utf-8")
    assert "| `listWidgets` | `GET /API/v3/widgets` | nobody |" in with_operations_table(page, spec)
