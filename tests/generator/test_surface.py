"""The typed surface's data (generator/surface.py) on small specs, and the laziness of what it generates."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_generate_script() -> ModuleType:
    sys.path.insert(0, str(ROOT / "generator"))
    spec = importlib.util.spec_from_file_location("generate_script_surface", ROOT / "generator" / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATE = load_generate_script()
ENVELOPE_OF_LIST = {
    "type": "object",
    "properties": {
        "result": {
            "type": "object",
            "properties": {
                "elements": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
                "nextPage": {"type": ["string", "null"]},
            },
        }
    },
}


def document(operations: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "tags": [{"name": "things", "description": "Things."}],
        "paths": operations,
        "components": {
            "schemas": {"Thing": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}}
        },
    }


PAGE_SIZE = {"name": "pageSize", "in": "query", "description": "At most this many.", "schema": {"type": "integer"}}


def listing(operation_id: str = "listThings", parameters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "tags": ["things"],
            "summary": "List things",
            "x-pagination": {"style": "offset"},
            "parameters": parameters
            or [
                {"name": "pageSize", "in": "query", "description": "At most this many.", "schema": {"type": "integer"}}
            ],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": ENVELOPE_OF_LIST}}}},
        }
    }


def surface(doc: dict[str, Any], tmp_path: Path) -> Any:
    _, _, found = GENERATE.parse(doc, tmp_path / "bundle.json", tmp_path / "pkg")
    return found


def test_a_list_operation_gets_its_types_descriptions_and_exact_imports(tmp_path: Path) -> None:
    found = surface(document({"/things": listing()}), tmp_path)
    group = found.groups["things"]
    (method,) = group.methods
    assert (method.operation_id, method.name, method.pager_name) == (
        "listThings",
        "list_things",
        "paginate_list_things",
    )
    assert method.result_type == "ListThingsResponse200"
    assert method.item_type == "Thing"
    assert [(a.python_name, a.type_string, a.description) for a in method.arguments] == [
        ("page_size", "int | Unset", "At most this many.")
    ]
    assert group.runtime_imports == ["from ...types import UNSET"]
    assert "from ...models.thing import Thing" in group.type_imports
    assert not any("cast" in line or "BytesIO" in line for line in group.type_imports)
    assert group.class_name == "ThingsOperations"


def test_a_parameter_named_like_a_method_option_stops_generation(tmp_path: Path) -> None:
    clash = listing(parameters=[{"name": "max_pages", "in": "query", "schema": {"type": "integer"}}])
    with pytest.raises(SystemExit, match=r"listThings: parameters \['max_pages'\] clash"):
        surface(document({"/things": clash}), tmp_path)


def test_a_method_name_used_twice_in_a_group_stops_generation(tmp_path: Path) -> None:
    twin = listing("paginateListThings")
    twin["get"].pop("x-pagination")
    with pytest.raises(SystemExit, match="paginate_list_things is both"):
        surface(document({"/things": listing(), "/other": twin}), tmp_path)


def test_a_paginated_operation_without_elements_stops_generation(tmp_path: Path) -> None:
    flat = listing()
    flat["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {"type": "object"}
    with pytest.raises(SystemExit, match=r"no result\.elements list"):
        surface(document({"/things": flat}), tmp_path)


def test_the_generated_groups_import_no_endpoint_module_or_model() -> None:
    code = (
        "import sys, qualtrics_api.api.surveys as g; from qualtrics_api import api; api.Operations; "
        "print(sorted(m for m in sys.modules if m.startswith('qualtrics_api')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    # `types` for UNSET, the one name the methods need at run time (their defaults).
    loaded = "['qualtrics_api', 'qualtrics_api.api', 'qualtrics_api.api.surveys', 'qualtrics_api.types']"
    assert done.stdout.strip() == loaded
