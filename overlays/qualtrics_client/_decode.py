"""Tolerant decoding: bend drifted JSON towards the schema before the generated models see it.

The generated `from_dict` raises on many real payloads and, worse, takes the string "false" as truthy.
So the JSON is first walked against the operation's response schema from the bundled spec and repaired
only where the schema is explicit (a boolean field, a number field, a date-time field); anything unknown
is kept as it came. Then the generated model is tried; if it still refuses, the caller gets the JSON.

Each schema is compiled once into a coercer (cached per spec), so a 10,000-element page does not resolve
`$ref`s and rebuild type sets per element: the compiled form knows which properties can change anything
and skips the rest, and copies a dict or list only when something in it changes.
"""

from __future__ import annotations

import operator
import threading
import weakref
from collections.abc import Callable
from datetime import datetime
from types import ModuleType
from typing import Any

from . import _http
from ._spec import Spec
from .errors import QualtricsDecodeWarning

_MAX_DEPTH = 64
_TRUE, _FALSE = frozenset({"true"}), frozenset({"false"})
_BOOLEANS = _TRUE | _FALSE
# MySQL's "no date" and friends mean null, not year zero.
_NULL_DATES = frozenset({"0000-00-00 00:00:00", "0000-00-00", ""})
# Compiled schemas kept per spec; past this (only schemas from outside the spec can get there) the cache
# starts afresh, which costs recompiling and nothing else.
_MAX_COMPILED = 50_000

# (value, depth) -> repaired value; the same object when nothing needed repair.
Coercer = Callable[[Any, int], Any]


def _types(schema: dict[str, Any]) -> set[str]:
    value = schema.get("type")
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {t for t in value if isinstance(t, str)}
    return set()


def _nullable(schema: dict[str, Any]) -> bool:
    return "null" in _types(schema) or schema.get("nullable") is True


def _fits(value: Any, types: set[str]) -> bool:
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
        if "boolean" in types and text.lower() in _BOOLEANS:
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
        repaired = _iso_date(text, date_only=fmt == "date")
        # An unparseable date is left as it came (the model, or the raw fallback, will cope); an equal
        # string is handed back as the same object so that its parent need not be copied.
        return value if repaired is None or repaired == value else repaired
    return value


def _iso_date(text: str, *, date_only: bool) -> str | None:
    """`text` as the ISO 8601 the generated models parse, or None when it is no date at all."""
    try:
        # Most dates already are ISO 8601, which the standard parser reads about a hundred times faster
        # than dateutil's guessing one (and reads the same way: ISO leaves nothing to guess).
        parsed = datetime.fromisoformat(text)
    except ValueError:
        from dateutil import parser as dateparser  # deferred: only drifted dates pay its import time

        try:
            parsed = dateparser.parse(text)
        except (ValueError, OverflowError, TypeError):
            return None
    return parsed.date().isoformat() if date_only else parsed.isoformat()


def _string_can_change(schema: dict[str, Any], types: set[str]) -> bool:
    """Whether `_string` can return anything but its input for this schema."""
    if "string" not in types:
        return bool(types & {"boolean", "integer", "number", "null"})
    return schema.get("format") in ("date-time", "date")


def _same(value: Any, depth: int) -> Any:
    return value


def _through(slot: list[Coercer]) -> Coercer:
    # A schema that contains itself: go through its slot, filled once its compilation is done. Counted
    # as "can change" (not known yet), which only costs the pruning at this point.
    def recursive(value: Any, depth: int) -> Any:
        return slot[0](value, depth)

    return recursive


class _Compiler:
    """Compiles schemas of one spec into coercers; None stands for "changes nothing"."""

    def __init__(self, spec: Spec, done: dict[int, tuple[Any, Coercer | None]]) -> None:
        self.spec = spec
        self.done = done  # id(schema) -> (schema, coercer); the schema is held so its id stays its own
        self.pending: dict[int, list[Coercer]] = {}

    def compile(self, schema: Any) -> Coercer | None:
        key = id(schema)
        entry = self.done.get(key)
        if entry is not None and entry[0] is schema:
            return entry[1]
        waiting = self.pending.get(key)
        if waiting is not None:
            return _through(waiting)
        slot: list[Coercer] = [_same]
        self.pending[key] = slot
        resolved = self.spec.resolve(schema)
        if resolved is not schema:
            coercer = self.compile(resolved)
        elif isinstance(schema, dict):
            coercer = self._schema(schema)
        else:
            coercer = None
        slot[0] = coercer or _same
        del self.pending[key]
        self.done[key] = (schema, coercer)
        return coercer

    def _schema(self, schema: dict[str, Any]) -> Coercer | None:
        all_of = [c for c in (self.compile(sub) for sub in schema.get("allOf") or ()) if c is not None]
        alternatives = schema.get("oneOf") or schema.get("anyOf") or ()
        if alternatives:
            return self._alternatives(all_of, alternatives)
        types = _types(schema)
        obj = self._object(schema) if not types or "object" in types else None
        arr = self._array(schema.get("items")) if not types or "array" in types else None
        string = _string_coercer(schema, types) if types and _string_can_change(schema, types) else None
        # ids and codes sometimes arrive as numbers
        to_str = "string" in types and types <= {"string", "null"}
        to_bool = "boolean" in types and not types & {"integer", "number"}
        if not (all_of or obj or arr or string or to_str or to_bool):
            return None
        scalar = _scalar_coercer(string, to_str, to_bool)
        if not (all_of or obj or arr):
            return scalar

        def coerce_typed(value: Any, depth: int) -> Any:
            if value is None or depth > _MAX_DEPTH:
                return value
            for sub in all_of:
                value = sub(value, depth + 1)
            if isinstance(value, dict):
                return obj(value, depth) if obj is not None else value
            if isinstance(value, list):
                return arr(value, depth) if arr is not None else value
            return scalar(value, depth)

        return coerce_typed

    def _alternatives(self, all_of: list[Coercer], alternatives: Any) -> Coercer | None:
        # The first alternative the value fits once repaired; a non-dict alternative never matches.
        alts: list[tuple[Coercer | None, set[str] | None]] = []
        for alt in alternatives:
            resolved = self.spec.resolve(alt)
            alts.append((self.compile(resolved), _types(resolved) if isinstance(resolved, dict) else None))
        if not all_of and all(c is None for c, _ in alts):
            return None  # every candidate returns the value itself, fitting or not

        def coerce_alternatives(value: Any, depth: int) -> Any:
            if value is None or depth > _MAX_DEPTH:
                return value
            for sub in all_of:
                value = sub(value, depth + 1)
            for coercer, types in alts:
                repaired = value if coercer is None else coercer(value, depth + 1)
                if types is not None and _fits(repaired, types):
                    return repaired
            return value

        return coerce_alternatives

    def _object(self, schema: dict[str, Any]) -> Coercer | None:
        props = schema.get("properties") or {}
        extra_schema = schema.get("additionalProperties")
        # Only the properties whose subtree can change something; unknown keys are kept untouched
        # unless additionalProperties types them.
        plan: dict[str, Coercer] = {}
        for key, sub in props.items():
            coercer = self.compile(sub) if sub is not None else None
            if coercer is not None:
                plan[key] = coercer
        extra = self.compile(extra_schema) if isinstance(extra_schema, dict) else None
        nullable_required: list[str] = []
        for key in schema.get("required") or ():
            sub = self.spec.resolve(props.get(key, {}))
            if isinstance(sub, dict) and _nullable(sub):
                nullable_required.append(key)  # a missing nullable field is the same as null to the models
        if not plan and extra is None and not nullable_required:
            return None
        planned = tuple(plan.items())
        missing = tuple(nullable_required)

        def coerce_object(value: dict[str, Any], depth: int) -> dict[str, Any]:
            out: dict[str, Any] | None = None
            if extra is None:
                for key, coercer in planned:
                    if key in value:
                        item = value[key]
                        new = coercer(item, depth + 1)
                        if new is not item:
                            if out is None:
                                out = dict(value)
                            out[key] = new
            else:
                for key, item in value.items():
                    chosen = plan.get(key) if key in props else extra
                    if chosen is not None:
                        new = chosen(item, depth + 1)
                        if new is not item:
                            if out is None:
                                out = dict(value)
                            out[key] = new
            for key in missing:
                if key not in value:
                    if out is None:
                        out = dict(value)
                    out[key] = None
            return value if out is None else out

        return coerce_object

    def _array(self, items: Any) -> Coercer | None:
        item = self.compile(items) if isinstance(items, dict) else None
        if item is None:
            return None  # an item schema that changes nothing: the list is returned as it came

        def coerce_array(value: list[Any], depth: int) -> list[Any]:
            out = [item(element, depth + 1) for element in value]
            # All the same objects: hand back the list as it came, so its parent need not copy either.
            return value if all(map(operator.is_, out, value)) else out

        return coerce_array


def _scalar_coercer(string: Callable[[str], Any] | None, to_str: bool, to_bool: bool) -> Coercer:
    # The leaf decisions, also the end of `coerce_typed`: most fields are nullable strings that might arrive
    # as numbers, so this is kept to the checks that can matter.
    def coerce_scalar(value: Any, depth: int) -> Any:
        if isinstance(value, str):
            return string(value) if string is not None and depth <= _MAX_DEPTH else value
        if value is None or isinstance(value, bool) or depth > _MAX_DEPTH:
            return value
        if to_str and isinstance(value, int | float):
            return str(value)
        if to_bool and isinstance(value, int) and value in (0, 1):
            return bool(value)
        return value

    return coerce_scalar


def _string_coercer(schema: dict[str, Any], types: set[str]) -> Callable[[str], Any]:
    def coerce_string(value: str) -> Any:
        return _string(value, schema, types)

    return coerce_string


class _Compiled:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done: dict[int, tuple[Any, Coercer | None]] = {}


_compiled: weakref.WeakKeyDictionary[Spec, _Compiled] = weakref.WeakKeyDictionary()
_compiled_lock = threading.Lock()


def compiled(schema: Any, spec: Spec) -> Coercer | None:
    """The coercer of `schema` (None: it changes nothing), compiled on first use."""
    cache = _compiled.get(spec)
    if cache is None:
        with _compiled_lock:
            cache = _compiled.setdefault(spec, _Compiled())
    entry = cache.done.get(id(schema))
    if entry is not None and entry[0] is schema:
        return entry[1]
    # Compiling publishes entries that point at not-yet-filled slots, so one compilation at a time.
    with cache.lock:
        if len(cache.done) > _MAX_COMPILED:
            cache.done.clear()
        try:
            return _Compiler(spec, cache.done).compile(schema)
        except BaseException:
            cache.done.clear()  # never leave entries whose recursive slots were not filled
            raise


def coerce(value: Any, schema: Any, spec: Spec, depth: int = 0) -> Any:
    coercer = compiled(schema, spec)
    return value if coercer is None else coercer(value, depth)


class _NoRaise:
    # `_parse_response` consults only this attribute of its client argument.
    raise_on_unexpected_status = False


class _Decoded:
    """The response `_parse_response` reads (status and JSON), handing over the decoded JSON as it is
    instead of re-encoding it into a synthetic `httpx.Response` and decoding it again."""

    def __init__(self, status_code: int, data: Any) -> None:
        self.status_code = status_code
        self._data = data

    def json(self) -> Any:
        return self._data

    def __getattr__(self, name: str) -> Any:
        # Anything else the generated code might read: a real response, built only then.
        return getattr(_http.json_response(self.status_code, self._data), name)


def to_model(module: ModuleType | None, status: int, data: Any, operation_id: str) -> Any:
    """The generated model for `data`, or None with a QualtricsDecodeWarning when it does not fit."""
    if module is None or not hasattr(module, "_parse_response"):
        return None
    try:
        return module._parse_response(client=_NoRaise(), response=_Decoded(status, data))
    except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
        from .result import warn_user  # result imports this module; deferred to avoid a cycle

        warn_user(
            f"{operation_id}: payload does not fit the generated model ({type(exc).__name__}: {exc}); "
            "returning raw JSON",
            QualtricsDecodeWarning,
        )
        return None
