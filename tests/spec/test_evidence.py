"""Every operation says what it rests on, and docs/evidence.md counts it from the spec."""

from __future__ import annotations

from typing import Any

from tools import evidence_report

from .test_spec import operations


def test_every_operation_names_its_evidence(bundled_spec: dict[str, Any]) -> None:
    unsourced = []
    for method, path, operation in operations(bundled_spec):
        evidence = operation.get("x-evidence")
        if not isinstance(evidence, dict) or evidence.get("source") not in evidence_report.SOURCES:
            unsourced.append(f"{method} {path}")
            continue
        assert str(evidence.get("where") or "").strip(), f"{method} {path}: x-evidence.where is empty"
        if evidence["source"] in {"seed", "inferred"}:
            assert str(evidence.get("note") or "").strip(), f"{method} {path}: say why nothing stronger exists"
    assert unsourced == []


def test_the_evidence_page_is_what_the_spec_says() -> None:
    page = evidence_report.PAGE
    assert page.exists(), "run `python tools/evidence_report.py`"
    assert page.read_text(encoding="utf-8") == evidence_report.render(evidence_report.shipped_spec())
