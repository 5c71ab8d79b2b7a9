"""The rendered reference (`make docs`) is committed: it must match a fresh render of the shipped bundle."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def load_reference_script() -> ModuleType:
    sys.path.insert(0, str(ROOT / "generator"))
    spec = importlib.util.spec_from_file_location("reference_script", ROOT / "generator" / "reference.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFERENCE = load_reference_script()
PAGES: dict[str, str] = REFERENCE.render()


def test_the_committed_reference_is_up_to_date() -> None:
    assert REFERENCE.stale(PAGES) == [], "docs/reference is stale: run `make docs`"


def test_every_operation_has_its_entry_with_method_parameters_and_result() -> None:
    bundle = json.loads((ROOT / "generated" / "qualtrics_api" / "openapi.json").read_text(encoding="utf-8"))
    text = "\n".join(PAGES.values())
    count = 0
    for item in bundle["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and "operationId" in op:
                count += 1
                assert f"operationId `{op['operationId']}`" in text, op["operationId"]
    assert count > 100
    survey = PAGES["surveys.md"]
    assert (
        "`qualtrics.surveys.get_survey(survey_id, *, max_retries, deadline)` → `Result[GetSurveyResponse200]`" in survey
    )
    assert "| `survey_id` | path | `str` | yes |" in survey
    assert "`Pager[SurveySummary, ListSurveysResponse200]`" in survey
    assert "Job runner: `qualtrics.responses.run_export_responses(" in PAGES["responses.md"]


def test_stale_sees_a_changed_missing_and_extra_page(tmp_path: Path) -> None:
    for name, text in PAGES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert REFERENCE.stale(PAGES, tmp_path) == []
    (tmp_path / "surveys.md").write_text("old", encoding="utf-8")
    (tmp_path / "quotas.md").unlink()
    (tmp_path / "gone.md").write_text("", encoding="utf-8")
    assert REFERENCE.stale(PAGES, tmp_path) == ["gone.md", "quotas.md", "surveys.md"]


def test_the_readme_links_the_reference() -> None:
    assert "(docs/reference/README.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
