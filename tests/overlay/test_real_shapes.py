"""Payloads written in the shape the real Qualtrics sends, one per operation, decode with no warning and nothing lost.

Each fixture under `tests/fixtures/real/<tag>/<operationId>.json` is `{"status", "body", "evidence"}`: the body
as Qualtrics sends it, drift included (booleans as "0"/"1" or "true", numbers as strings, MySQL-style dates,
fields the spec does not name). "Nothing lost" means every key of the body is still in the model, and every
value the model holds is the body's value, typed: "0" is False, never a truthy string.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path
from typing import Any

import pytest

from qualtrics_client import Qualtrics, QualtricsDecodeWarning

from .._spec_loading import load_shipped_spec
from ._httpx import httpx

SPEC = load_shipped_spec()
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "real"
METHODS = ("get", "put", "post", "delete", "patch")
TRUE_WORDS = {"1": True, "true": True, "True": True, "0": False, "false": False, "False": False}


def operations() -> dict[str, tuple[str, str, dict[str, Any]]]:
    found: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for path, item in SPEC["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                found[operation["operationId"]] = (method.upper(), path, operation)
    return found


OPERATIONS = operations()


def answers_json(operation: dict[str, Any]) -> bool:
    job = operation.get("x-job") or {}
    if job.get("role") == "file" and "locator" not in job:
        return False  # a job's file is a file, even one listed as application/json (a bare JSON export)
    successes = [code for code in operation["responses"] if str(code).startswith("2")]
    return any("application/json" in (operation["responses"][code].get("content") or {}) for code in successes)


def fixture_files() -> list[Any]:
    return [pytest.param(path, id=f"{path.parent.name}/{path.stem}") for path in sorted(FIXTURES.glob("*/*.json"))]


def as_instant(value: str) -> dt.datetime | None:
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def same_scalar(raw: Any, decoded: Any) -> bool:
    if raw == decoded and type(raw) is type(decoded):
        return True
    if isinstance(decoded, bool):
        return (isinstance(raw, str) and TRUE_WORDS.get(raw.strip()) is decoded) or (
            isinstance(raw, int) and not isinstance(raw, bool) and raw in (0, 1) and bool(raw) is decoded
        )
    if isinstance(decoded, int | float) and not isinstance(raw, bool):
        try:
            return float(raw) == float(decoded)
        except (TypeError, ValueError):
            return False
    if isinstance(raw, str) and isinstance(decoded, str):
        left, right = as_instant(raw), as_instant(decoded)
        return left is not None and left == right
    return False


def losses(raw: Any, decoded: Any, where: str = "") -> list[str]:
    """Every place where the decoded model's JSON drops a key of the body or holds another value."""
    if isinstance(raw, dict):
        if not isinstance(decoded, dict):
            return [f"{where or '/'}: object became {type(decoded).__name__}"]
        found = [f"{where}/{key}: missing" for key in raw if key not in decoded]
        for key in raw:
            if key in decoded:
                found += losses(raw[key], decoded[key], f"{where}/{key}")
        return found
    if isinstance(raw, list):
        if not isinstance(decoded, list) or len(decoded) != len(raw):
            return [f"{where}: list changed length or type"]
        return [loss for index, item in enumerate(raw) for loss in losses(item, decoded[index], f"{where}/{index}")]
    return [] if same_scalar(raw, decoded) else [f"{where}: {raw!r} became {decoded!r}"]


def decode(operation_id: str, status: int, body: Any) -> Any:
    method, path, _ = OPERATIONS[operation_id]
    content = json.dumps(body).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content, headers={"content-type": "application/json"})

    with Qualtrics(
        "token-for-tests", base_url="https://iad1.qualtrics.com", transport=httpx.MockTransport(handler)
    ) as q:
        return q.request(method, path.replace("{", "X").replace("}", ""), operation=operation_id)


@pytest.mark.parametrize("fixture", fixture_files())
def test_real_payload_decodes_with_nothing_lost(fixture: Path) -> None:
    written = json.loads(fixture.read_text(encoding="utf-8"))
    assert fixture.stem in OPERATIONS, f"{fixture.name} names no operation of the spec"
    tag = OPERATIONS[fixture.stem][2]["tags"][0]
    assert fixture.parent.name == tag, f"{fixture.name} belongs under {tag}/"
    assert isinstance(written.get("evidence"), str), "say where the shape comes from"
    assert written["evidence"].strip(), "say where the shape comes from"
    with warnings.catch_warnings():
        warnings.simplefilter("error", QualtricsDecodeWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        result = decode(fixture.stem, int(written["status"]), written["body"])
    assert result.raw == written["body"]
    assert result.model is not None
    assert losses(written["body"], result.model.to_dict()) == []


def test_every_json_operation_has_a_real_shaped_payload() -> None:
    have = {path.stem for path in FIXTURES.glob("*/*.json")}
    missing = sorted(op for op, (_, _, raw) in OPERATIONS.items() if answers_json(raw) and op not in have)
    assert missing == []


def test_the_comparison_catches_a_truthy_zero_and_a_dropped_key() -> None:
    assert losses({"unsubscribed": "0"}, {"unsubscribed": False}) == []
    assert losses({"unsubscribed": "0"}, {"unsubscribed": "0 "}) != []
    assert losses({"unsubscribed": "0"}, {"unsubscribed": True}) != []
    assert losses({"a": 1, "b": 2}, {"a": 1}) == ["/b: missing"]
    assert losses({"when": "2025-01-01 12:30:00"}, {"when": "2025-01-01T12:30:00+00:00"}) == []
