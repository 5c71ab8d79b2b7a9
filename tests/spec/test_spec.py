"""The spec is valid OpenAPI 3.1, covers the inventory, and says what the client and the mock need."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from openapi_spec_validator import validate

from .._spec_loading import resolve as resolve_ref

ROOT = Path(__file__).resolve().parents[2]
HTTP_METHODS = ("get", "put", "post", "delete", "patch")
Operation = tuple[str, str, dict[str, Any]]


def operations(spec: dict[str, Any]) -> Iterator[Operation]:
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield method.upper(), path, item[method]


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow an internal `$ref` of the bundle (the bundle keeps refs to shared components)."""
    found: dict[str, Any] = resolve_ref(spec, node)
    return found


class Row(NamedTuple):
    source: str
    method: str
    path: str
    family: str
    seed_path: str


def inventory() -> list[Row]:
    """Our operations, one row each; `seed_path` names the reference's address where the real one differs."""
    with (ROOT / "spec" / "inventory.tsv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")]
    return [Row(*(row + [""] * (5 - len(row)))[:5]) for row in rows]


def test_bundle_is_valid_openapi_31(bundled_spec: dict[str, Any]) -> None:
    assert bundled_spec["openapi"].startswith("3.1")
    validate(bundled_spec)


def test_inventory_lists_exactly_the_operations_of_the_spec(bundled_spec: dict[str, Any]) -> None:
    listed = [(row.method, row.path) for row in inventory()]
    assert len(listed) == len(set(listed))
    assert set(listed) == {(method, path) for method, path, _ in operations(bundled_spec)}


def test_every_reference_endpoint_is_covered_at_its_real_address() -> None:
    reference = ROOT.parent / "shared" / "endpoints.tsv"
    if not reference.exists():  # the reference list sits beside the clone in CI and development
        pytest.skip("no ../shared/endpoints.tsv beside this clone")
    with reference.open(encoding="utf-8") as handle:
        named = {
            (fields[1], fields[2])
            for fields in csv.reader(handle, delimiter="\t")
            if fields and not fields[0].startswith("#")
        }
    assert len(named) == 115
    rows = inventory()
    covered = {(row.method, row.path) for row in rows if not row.seed_path}
    moved = {(row.method, row.seed_path) for row in rows if row.seed_path}
    assert named - covered - moved == set()
    assert moved <= named, "a seed address names an endpoint of the reference"
    assert not covered & moved, "a moved endpoint is not also kept at its wrong address"


def test_operation_ids_are_unique_lower_camel_case(bundled_spec: dict[str, Any]) -> None:
    ids = [operation["operationId"] for _, _, operation in operations(bundled_spec)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-zA-Z0-9]*", operation_id) for operation_id in ids)


def test_each_operation_has_one_declared_tag(bundled_spec: dict[str, Any]) -> None:
    declared = {tag["name"] for tag in bundled_spec["tags"]}
    for method, path, operation in operations(bundled_spec):
        assert len(operation["tags"]) == 1, (method, path)
        assert operation["tags"][0] in declared, (method, path)


def test_each_operation_says_whether_retries_are_safe(bundled_spec: dict[str, Any]) -> None:
    for method, path, operation in operations(bundled_spec):
        assert isinstance(operation.get("x-retry-safe"), bool), (method, path)
        if method in {"GET", "PUT", "DELETE"}:
            assert operation["x-retry-safe"] is True, (method, path)


def test_list_results_declare_their_pagination(bundled_spec: dict[str, Any]) -> None:
    paginated = 0
    for method, path, operation in operations(bundled_spec):
        pagination = operation.get("x-pagination")
        if pagination is None:
            continue
        paginated += 1
        # Only a bare cursor at its own `cursorPath` can page a POST: the same request is sent again with it.
        assert method == "GET" or "cursorPath" in pagination, path
        assert pagination["style"] in {"nextPage", "offset", "skipToken"}, path
        assert isinstance(pagination.get("cursorPath", "result.nextPage"), str), path
        declared = operation.get("parameters", []) + bundled_spec["paths"][path].get("parameters", [])
        parameter_names = {resolve(bundled_spec, parameter)["name"] for parameter in declared}
        if pagination["style"] != "nextPage":
            assert pagination["cursorParam"] in parameter_names, path
    assert paginated >= 20


def test_jobs_connect_start_progress_and_file(bundled_spec: dict[str, Any]) -> None:
    by_id = {operation["operationId"]: operation for _, _, operation in operations(bundled_spec)}
    kinds = set()
    for _, path, operation in operations(bundled_spec):
        job = operation.get("x-job")
        if not job or job["role"] != "start":
            continue
        kinds.add(job["kind"])
        progress = by_id[job["progress"]]
        assert progress["x-job"]["role"] == "progress", path
        assert progress["x-job"]["kind"] == job["kind"], path
        if "file" in job:
            assert by_id[job["file"]]["x-job"]["role"] == "file", path
    assert {"responseExport", "responseImport", "responseDelete", "responseUpdate", "contactImport"} <= kinds


def test_every_progress_operation_names_its_terminal_words(bundled_spec: dict[str, Any]) -> None:
    """A job's polling ends on the words its progress operation lists: none is left to a client's guess."""
    progresses = 0
    for _, path, operation in operations(bundled_spec):
        job = operation.get("x-job") or {}
        if job.get("role") != "progress":
            continue
        progresses += 1
        done: list[str] = job.get("doneStatuses") or []
        failed: list[str] = job.get("failedStatuses") or []
        for words in (done, failed):
            assert isinstance(words, list), path
            assert words, path
            assert all(isinstance(w, str) for w in words), path
        assert not {w.lower() for w in done} & {w.lower() for w in failed}, path
        # Every word the progress description names as an end is one of them.
        description = operation.get("description", "")
        for word in ("TIMED_OUT", "ERROR", "failed"):
            if f"`{word}`" in description:
                assert word in failed, (path, word)
    assert progresses >= 7


def test_file_locators_name_where_the_file_is(bundled_spec: dict[str, Any]) -> None:
    """A file operation with a `locator` answers JSON holding the url (and token) at the paths it names."""
    located = 0
    for _, path, operation in operations(bundled_spec):
        job = operation.get("x-job") or {}
        if job.get("role") != "file" or "locator" not in job:
            continue
        located += 1
        locator = job["locator"]
        assert isinstance(locator.get("urlPath"), str), path
        assert ("tokenPath" in locator) == ("tokenHeader" in locator), path
        example = operation["responses"]["200"]["content"]["application/json"]["example"]
        for key in ("urlPath", "tokenPath"):
            if key in locator:
                value: Any = example
                for part in locator[key].split("."):
                    value = value[part]
                assert isinstance(value, str), (path, key)
                assert value, (path, key)
    assert located >= 1


def test_asynchronous_pool_matches_seed_003(bundled_spec: dict[str, Any]) -> None:
    marked = {
        operation["operationId"] for _, _, operation in operations(bundled_spec) if operation.get("x-qualtrics-async")
    }
    kinds = {
        operation["x-job"]["kind"] for _, _, operation in operations(bundled_spec) if operation.get("x-qualtrics-async")
    }
    assert len(marked) == 4
    assert kinds == {"responseExport", "responseImport", "contactImport", "transactionContactImport"}


def test_every_operation_declares_the_shared_error_responses(bundled_spec: dict[str, Any]) -> None:
    for method, path, operation in operations(bundled_spec):
        responses = operation["responses"]
        for status in ("400", "401", "403", "429", "500"):
            assert status in responses, (method, path, status)
        if "{" in path.rsplit("/", 1)[-1] and path != "/workflows/events/{eventId}":
            assert "404" in responses, (method, path)


def test_uploads_take_multipart_and_imports_take_both(bundled_spec: dict[str, Any]) -> None:
    def content_types(path: str, method: str) -> set[str]:
        return set(bundled_spec["paths"][path][method]["requestBody"]["content"])

    assert content_types("/API/v3/surveys", "post") == {"application/json", "multipart/form-data"}
    contact_imports = "/API/v3/directories/{directoryId}/mailinglists/{mailingListId}/contactimports"
    assert content_types(contact_imports, "post") == {"application/json", "multipart/form-data"}
    assert "multipart/form-data" in content_types("/API/v3/surveys/{surveyId}/import-responses", "post")
    export_file = bundled_spec["paths"]["/API/v3/surveys/{surveyId}/export-responses/{fileId}/file"]["get"]
    assert "application/zip" in export_file["responses"]["200"]["content"]


def test_inferred_operations_are_marked(bundled_spec: dict[str, Any]) -> None:
    for path in (
        "/API/v3/surveys/{surveyId}/delete-responses/{progressId}",
        "/API/v3/surveys/{surveyId}/update-responses/{progressId}",
    ):
        assert bundled_spec["paths"][path]["get"].get("x-inferred") is True
