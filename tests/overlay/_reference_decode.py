"""The tolerant decoder as it was before schemas were compiled: a straight recursive walk, kept as the
reference the compiled coercers must match value for value (tests only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from qualtrics_client import Spec

_MAX_DEPTH = 64
_TRUE, _FALSE = frozenset({"true"}), frozenset({"false"})
_NULL_DATES = frozenset({"0000-00-00 00:00:00", "0000-00-00", ""})


def _types(schema: dict[str, Any]) -> set[str]:
    value = schema.get("type")
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {t for t in value if isinstance(t, str)}
    return set()


def _nullable(schema: dict[str, Any]) -> bool:
    return "null" in _types(schema) or schema.get("nullable") is True


def _fits(value: Any, schema: dict[str, Any]) -> bool:
    types = _types(schema)
    if not types:
        return True
    checks = {
        "null": value is None,
        "boolean": isinstance(value, bool),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "string": isinstance(value, str),
        "array": isinstance(value, list),
        "object": isinstance(value, dict),
    }
    return any(checks.get(t, False) for t in types)


def _string(value: str, schema: dict[str, Any], types: set[str]) -> Any:
    text = value.strip()
    if "string" not in types:
        if "boolean" in types and text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        if types & {"integer", "number"}:
            try:
                number = float(text)
            except ValueError:
                return value
            if "integer" in types and number.is_integer():
                return int(number)
            if "number" in types:
                return int(number) if number.is_integer() and "." not in text else number
        if "null" in types and text.lower() in ("", "null"):
            return None
        return value
    fmt = schema.get("format")
    if fmt in ("date-time", "date"):
        if text in _NULL_DATES and _nullable(schema):
            return None
        from dateutil import parser as dateparser  # deferred: only drifted dates pay its import time

        try:
            parsed: datetime = dateparser.parse(text)
        except (ValueError, OverflowError, TypeError):
            return value  # left as it came; the model (or the raw fallback) will cope
        return parsed.date().isoformat() if fmt == "date" else parsed.isoformat()
    return value


def coerce(value: Any, schema: Any, spec: Spec, depth: int = 0) -> Any:
    schema = spec.resolve(schema)
    if not isinstance(schema, dict) or depth > _MAX_DEPTH or value is None:
        return value
    for sub in schema.get("allOf") or ():
        value = coerce(value, sub, spec, depth + 1)
    alternatives = [spec.resolve(s) for s in (schema.get("oneOf") or schema.get("anyOf") or ())]
    if alternatives:
        for alt in alternatives:  # the first alternative the value fits once repaired
            repaired = coerce(value, alt, spec, depth + 1)
            if isinstance(alt, dict) and _fits(repaired, alt):
                return repaired
        return value
    types = _types(schema)
    if isinstance(value, dict) and (not types or "object" in types):
        return _object(value, schema, spec, depth)
    if isinstance(value, list) and (not types or "array" in types):
        items = schema.get("items")
        return [coerce(item, items, spec, depth + 1) for item in value] if isinstance(items, dict) else value
    if isinstance(value, str) and types:
        return _string(value, schema, types)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and "string" in types and types <= {"string", "null"}:
        return str(value)  # ids and codes sometimes arrive as numbers
    if isinstance(value, int) and "boolean" in types and not types & {"integer", "number"} and value in (0, 1):
        return bool(value)
    return value


def _object(value: dict[str, Any], schema: dict[str, Any], spec: Spec, depth: int) -> dict[str, Any]:
    props: dict[str, Any] = schema.get("properties") or {}
    extra = schema.get("additionalProperties")
    out: dict[str, Any] = {}
    for key, item in value.items():  # unknown keys are kept, untouched unless the schema types them
        sub = props.get(key, extra if isinstance(extra, dict) else None)
        out[key] = coerce(item, sub, spec, depth + 1) if sub is not None else item
    for key in schema.get("required") or ():
        sub = spec.resolve(props.get(key, {}))
        if key not in out and isinstance(sub, dict) and _nullable(sub):
            out[key] = None  # a missing nullable field is the same as null to the models
    return out
