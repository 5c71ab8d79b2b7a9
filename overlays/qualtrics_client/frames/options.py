"""Response-export options: the caller's names mapped onto the body fields the spec lists, and nothing else.

The spec's `ResponseExportRequest` is the only table of options (`startDate`, `useLabels`, `continuationToken`,
...): a name is accepted in the spec's spelling or in snake_case (`start_date`), its value is checked and
encoded by the field's schema (dates as ISO 8601 with an offset, lists for id lists), and an option left at
None is not sent, so Qualtrics's own defaults apply to everything the caller did not set.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from .._spec import Spec, normalise
from ..errors import ConfigurationError
from ..jobs import JobOutcome

EXPORT_OPERATION = "exportResponses"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def export_fields(spec: Spec) -> dict[str, dict[str, Any]]:
    """The export body's fields and their (resolved) schemas, as the bundled spec gives them."""
    operation = spec.operation(EXPORT_OPERATION)
    content = ((operation.raw.get("requestBody") or {}).get("content") or {}).get("application/json") or {}
    schema = spec.resolve(content.get("schema") or {})
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(properties, dict):
        raise ConfigurationError(f"the spec gives {EXPORT_OPERATION} no body fields")
    return {name: spec.resolve(field) for name, field in properties.items() if isinstance(field, dict)}


def export_body(spec: Spec, options: Mapping[str, Any]) -> dict[str, Any]:
    """The request body for these options; ConfigurationError names an unknown option or a bad value."""
    fields = export_fields(spec)
    by_key = {normalise(name): name for name in fields}
    body: dict[str, Any] = {}
    for key, value in options.items():
        if value is None:
            continue
        name = by_key.get(normalise(key))
        if name is None:
            near = difflib.get_close_matches(key, list(fields), n=3)
            hint = f" (did you mean {', '.join(near)}?)" if near else f"; known: {', '.join(sorted(fields))}"
            raise ConfigurationError(f"unknown export option {key!r}{hint}")
        body[name] = encode(name, value, fields[name])
    return body


def encode(name: str, value: Any, schema: Mapping[str, Any]) -> Any:
    kind = schema.get("type")
    kinds = set(kind) if isinstance(kind, list) else {kind}
    if schema.get("format") == "date-time":
        return iso_instant(name, value)
    if "array" in kinds:
        items = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple | set) else None
        if items is None or not all(isinstance(item, str) for item in items):
            raise ConfigurationError(f"export option {name}: a list of strings, not {value!r}")
        return items
    if "boolean" in kinds:
        if not isinstance(value, bool):
            raise ConfigurationError(f"export option {name}: true or false, not {value!r}")
        return value
    if "integer" in kinds:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigurationError(f"export option {name}: an integer, not {value!r}")
        minimum = schema.get("minimum")
        if isinstance(minimum, int) and value < minimum:
            raise ConfigurationError(f"export option {name}: at least {minimum}, not {value}")
        return value
    if not isinstance(value, str):
        raise ConfigurationError(f"export option {name}: a string, not {value!r}")
    allowed = schema.get("enum")
    if isinstance(allowed, list) and value not in allowed:
        raise ConfigurationError(f"export option {name}: one of {', '.join(map(str, allowed))}, not {value!r}")
    return value


def iso_instant(name: str, value: Any) -> str:
    """ISO 8601 with an offset, as Qualtrics wants it: a day is its midnight UTC, a naive time is UTC."""
    if isinstance(value, str):
        text = value.strip()
        if _DAY.match(text):
            return f"{text}T00:00:00Z"
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ConfigurationError(f"export option {name}: not an ISO 8601 date or time: {text!r}") from None
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return moment.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return f"{value.isoformat()}T00:00:00Z"
    raise ConfigurationError(f"export option {name}: a date, datetime or ISO 8601 string, not {value!r}")


def presentation_fields(spec: Spec) -> frozenset[str]:
    """The options the spec forbids with json and ndjson (its `if format in [json, ndjson] then not` rule)."""
    operation = spec.operation(EXPORT_OPERATION)
    content = ((operation.raw.get("requestBody") or {}).get("content") or {}).get("application/json") or {}
    schema = spec.resolve(content.get("schema") or {})
    then = schema.get("then") if isinstance(schema, dict) else None
    properties = then.get("properties") if isinstance(then, dict) else None
    return frozenset(properties) if isinstance(properties, dict) else frozenset()


def continuation_of(outcome: JobOutcome) -> str | None:
    """The next incremental export's token, from the progress result or, failing that, the start result."""
    for result in (outcome.progress.result, outcome.start.result):
        token = result.get("continuationToken") if isinstance(result, dict) else None
        if isinstance(token, str) and token:
            return token
    return None
