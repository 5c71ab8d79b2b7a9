"""Answers that conform to an operation's response schema when no handler knows better: the spec's own
example when there is one, else a minimal value built from the schema."""

from __future__ import annotations

import copy
from typing import Any

from .spec import Operation, Spec


def example_body(spec: Spec, op: Operation) -> Any:
    examples = op.success_examples(spec)
    return copy.deepcopy(examples[0]) if examples else None


def example_result(spec: Spec, op: Operation) -> Any:
    """`result` of the first success example, or a value synthesized from the result schema."""
    body = example_body(spec, op)
    if isinstance(body, dict) and "result" in body:
        return body["result"]
    schema = result_schema(spec, op)
    return synthesize(spec, schema) if schema is not None else None


def result_schema(spec: Spec, op: Operation) -> dict[str, Any] | None:
    if op.success_schema_pointer is None:
        return None
    schema, pointer = spec.deref({"$ref": "#" + op.success_schema_pointer})
    props = schema.get("properties") if isinstance(schema, dict) else None
    if isinstance(props, dict) and "result" in props:
        result, _ = spec.deref(props["result"], f"{pointer}/properties/result")
        return result if isinstance(result, dict) else None
    return None


def synthesize(spec: Spec, schema: Any, depth: int = 0) -> Any:
    """The smallest value a schema accepts: required properties only, first of enums, examples first."""
    schema, _ = spec.deref(schema, "")
    if not isinstance(schema, dict) or depth > 8:
        return None
    if schema.get("examples"):
        return copy.deepcopy(schema["examples"][0])
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for combinator in ("oneOf", "anyOf", "allOf"):
        if schema.get(combinator):
            return synthesize(spec, schema[combinator][0], depth + 1)
    kinds = schema.get("type")
    kind = next((k for k in kinds if k != "null"), "null") if isinstance(kinds, list) else kinds
    if kind == "object" or (kind is None and "properties" in schema):
        props = schema.get("properties") or {}
        return {name: synthesize(spec, props.get(name, {}), depth + 1) for name in schema.get("required") or []}
    if kind == "array":
        return []
    if kind == "string":
        return "x" * int(schema.get("minLength", 1))
    if kind == "integer":
        return int(schema.get("minimum", 0))
    if kind == "number":
        return float(schema.get("minimum", 0))
    if kind == "boolean":
        return False
    return None
