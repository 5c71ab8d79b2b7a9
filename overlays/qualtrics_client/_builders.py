"""One-pass model builders: the schema-guided repair and the generated model's construction, compiled together.

The slow way to a typed result is two walks: `_decode.coerce` copies the JSON where it repairs it, then the
generated `from_dict` copies it again into attrs objects through a nested function per field. A builder does
both in one walk, as straight-line code compiled once per (schema, model class): pop each field, repair it
only when its value is of a type the repair could change, construct it exactly as the generated `from_dict`
would (the generator's templates for models, enums, dates and lists), and fill the slots.

A builder exists only where it can be exact: every property of the schema maps to one field of the class
by name, every field's annotation is a kind it knows, the class has no hooks. Anything else has no builder
and takes the slow way, and so does any payload a builder refuses (it raises; the caller falls back to
repair + `from_dict`, which then decides, and warns, as it always did). So a builder only ever has to agree
with the slow way on payloads it accepts; the tests hold it to that on every operation's examples.
"""

from __future__ import annotations

import datetime
import enum
import importlib
import re
from collections.abc import Callable
from types import ModuleType
from typing import Any

from ._decode import compiled
from ._spec import Spec

Builder = Callable[[Any, int], Any]

# Deeper than this, a builder refuses (the slow way, whose repair stops at depth 64, takes over), so both
# never disagree about where the repair stops.
_MAX_DEPTH = 32
_PASSTHROUGH = re.compile(r"(?:str|int|float|bool|Any|None|list|dict|\[|\]|,| )+")
_UNION_ERRORS = (TypeError, ValueError, AttributeError, KeyError)  # what the generated unions catch


class _Refused(Exception):
    """The payload is not one the builder is sure about: the slow way decides."""


class _Unsupported(Exception):
    """The schema or class is not one a builder can be exact for."""


def _members(annotation: str) -> list[str]:
    """`A | list[B | C] | None` -> ["A", "list[B | C]", "None"] (split at top-level bars only)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(annotation):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(annotation[start:index].strip())
            start = index + 1
    parts.append(annotation[start:].strip())
    return parts


def _normal(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def _types(schema: dict[str, Any]) -> set[str]:
    value = schema.get("type")
    if isinstance(value, str):
        return {value}
    return {t for t in value if isinstance(t, str)} if isinstance(value, list) else set()


class _Compiler:
    def __init__(self, spec: Spec, models: ModuleType, done: dict[tuple[int, type], Builder | None]) -> None:
        self.spec, self.models, self.done = spec, models, done
        self.pending: dict[tuple[int, type], list[Builder]] = {}
        self.keep: list[Any] = []  # schemas whose ids key `done`, held so the ids stay theirs

    # --- schemas ---------------------------------------------------------------------------------------
    def _object_schema(self, schema: Any, depth: int) -> tuple[dict[str, Any], int]:
        """The object schema a model property's value is repaired against, and the depth its fields are at
        relative to the property's, as `_decode`'s coercers count it (each oneOf/anyOf layer adds one)."""
        node = self.spec.resolve(schema)
        while isinstance(node, dict) and not node.get("properties") and (node.get("oneOf") or node.get("anyOf")):
            if node.get("allOf") or node.get("properties"):
                raise _Unsupported("composed schema")
            alternatives = [self.spec.resolve(a) for a in node.get("oneOf") or node.get("anyOf") or ()]
            real = [a for a in alternatives if not (isinstance(a, dict) and _types(a) == {"null"})]
            # Only a null alternative after the object may be dropped: an earlier one never fits a dict anyway.
            if len(real) != 1 or not isinstance(real[0], dict):
                raise _Unsupported("several alternatives")
            node, depth = real[0], depth + 1
        if not isinstance(node, dict) or node.get("allOf") or node.get("oneOf") or node.get("anyOf"):
            raise _Unsupported("composed schema")
        types = _types(node)
        if types and "object" not in types:
            raise _Unsupported("not an object")
        return node, depth

    def _items_schema(self, schema: Any) -> tuple[Any, int]:
        """An array property's item schema, and the depth the array is at relative to the property's."""
        node, depth = self.spec.resolve(schema), 0
        if isinstance(node, dict) and (node.get("oneOf") or node.get("anyOf")):
            alternatives = [self.spec.resolve(a) for a in node.get("oneOf") or node.get("anyOf") or ()]
            real = [a for a in alternatives if not (isinstance(a, dict) and _types(a) == {"null"})]
            if len(real) != 1:
                raise _Unsupported("several alternatives")
            node, depth = real[0], 1
        if not isinstance(node, dict) or node.get("allOf") or node.get("oneOf") or "items" not in node:
            raise _Unsupported("not a plain array")
        return node["items"], depth

    def _skip(self, schema: Any) -> tuple[type, ...] | None:
        """The value types `_decode`'s repair returns unchanged for a plain scalar schema (None: not plain)."""
        node = self.spec.resolve(schema)
        if not isinstance(node, dict) or node.get("allOf") or node.get("oneOf") or node.get("anyOf"):
            return None
        types = _types(node)
        if not types or types & {"object", "array"}:
            return None
        skip: list[type] = [type(None), bool]
        if "string" in types:
            if node.get("format") not in ("date-time", "date"):
                skip.append(str)
        elif not types & {"boolean", "integer", "number", "null"}:
            skip.append(str)
        to_str = types <= {"string", "null"}
        to_bool = "boolean" in types and not types & {"integer", "number"}
        if not to_str:
            skip.append(float)
            if not to_bool:
                skip.append(int)
        return tuple(skip)

    # --- classes ---------------------------------------------------------------------------------------
    def model_class(self, name: str) -> type | None:
        if not re.fullmatch(r"[A-Z][A-Za-z0-9_]*", name):
            return None
        found = getattr(self.models, name, None)
        return found if isinstance(found, type) else None

    def build(self, schema: dict[str, Any], cls: type) -> Builder:
        key = (id(schema), cls)
        if key in self.done:
            ready = self.done[key]
            if ready is None:
                raise _Unsupported("known unsupported")
            return ready
        waiting = self.pending.get(key)
        if waiting is not None:  # a schema that contains itself: call through the slot once it is filled
            return lambda value, depth: waiting[0](value, depth)
        slot: list[Builder] = []
        self.pending[key] = slot
        self.keep.append(schema)
        try:
            built = self._class(schema, cls)
        except _Unsupported:
            self.done[key] = None
            raise
        finally:
            del self.pending[key]
        slot.append(built)
        self.done[key] = built
        return built

    def _class(self, schema: dict[str, Any], cls: type) -> Builder:
        import attrs  # the generated models are attrs classes; attrs is their dependency

        if not attrs.has(cls) or cls.__setattr__ is not object.__setattr__:
            raise _Unsupported("not a plain attrs class")
        if any(hasattr(cls, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__", "__attrs_init__")):
            raise _Unsupported("hooks")
        fields = {f.name: f for f in attrs.fields(cls)}
        extra = fields.pop("additional_properties", None)
        if any(not f.init for f in fields.values()) or (extra is not None and extra.init):
            raise _Unsupported("unexpected fields")
        props: dict[str, Any] = schema.get("properties") or {}
        by_name: dict[str, str] = {}
        for attribute in fields:
            matches = [key for key in props if _normal(key) == _normal(attribute)]
            if len(matches) != 1:
                raise _Unsupported(f"field {attribute} maps to {matches}")
            by_name[matches[0]] = attribute
        if len(by_name) != len(props):
            raise _Unsupported("a property has no field")
        required = set(schema.get("required") or ())
        namespace: dict[str, Any] = {"cls": cls, "UNSET": _unset(), "new": object.__new__, "Refused": _Refused}
        lines = [
            "def build(value, depth):",
            "    if value.__class__ is not dict or depth > MAX:",
            "        raise Refused",
            "    d = dict(value)",
            "    pop = d.pop",
            "    inner = depth + 1",
        ]
        namespace["MAX"] = _MAX_DEPTH
        sets = []
        for index, (key, attribute) in enumerate(by_name.items()):
            lines += self._field(index, key, props[key], fields[attribute].type, key in required, namespace)
            sets.append(f"    obj.{attribute} = v{index}")
        lines.append("    obj = new(cls)")
        lines += sets
        if extra is not None:
            lines += self._extra(schema, str(extra.type), namespace)
        lines.append("    return obj")
        exec("\n".join(lines), namespace)  # noqa: S102 - code built here from identifiers and reprs only
        built: Builder = namespace["build"]
        return built

    def _extra(self, schema: dict[str, Any], annotation: str, namespace: dict[str, Any]) -> list[str]:
        inner = annotation[len("dict[str, ") : -1] if annotation.startswith("dict[str, ") else ""
        if not _PASSTHROUGH.fullmatch(inner):
            raise _Unsupported("typed additional properties")
        extra_schema = schema.get("additionalProperties")
        fix = compiled(extra_schema, self.spec) if isinstance(extra_schema, dict) else None
        if fix is None:
            return ["    obj.additional_properties = d"]
        namespace["fix_extra"], namespace["skip_extra"] = fix, self._skip(extra_schema) or ()
        return [
            "    for k, v in d.items():",
            "        if v.__class__ not in skip_extra:",
            "            d[k] = fix_extra(v, inner)",
            "    obj.additional_properties = d",
        ]

    def _field(
        self, index: int, key: str, schema: Any, annotation: Any, required: bool, namespace: dict[str, Any]
    ) -> list[str]:
        if not isinstance(annotation, str):
            raise _Unsupported("annotation not a string")
        members = _members(annotation)
        if ("Unset" in members) == required:
            raise _Unsupported("required-ness differs")
        kinds = [m for m in members if m not in ("None", "Unset")]
        union = len([m for m in members if m != "Unset"]) > 1
        name = f"v{index}"
        resolved = self.spec.resolve(schema)
        nullable = isinstance(resolved, dict) and _nullable(resolved, self.spec)
        fix = compiled(schema, self.spec)
        namespace[f"fix{index}"] = fix
        lines = [f"    {name} = pop({key!r}, UNSET)"]
        if required:
            # A missing nullable required field is null to the repair (as `_decode` makes it); else a KeyError,
            # as the generated `d.pop(key)` raises.
            lines += [
                f"    if {name} is UNSET:",
                f"        {name} = None" if nullable else f"        raise KeyError({key!r})",
            ]
        constructive = [k for k in kinds if not _PASSTHROUGH.fullmatch(k)]
        if not constructive:
            if fix is not None:
                skip = self._skip(schema)
                guard = f"{name}.__class__ not in skip{index}" if skip is not None else f"{name} is not UNSET"
                namespace[f"skip{index}"] = skip
                if skip is not None and not required:
                    guard = f"{name} is not UNSET and " + guard
                lines += [f"    if {guard}:", f"        {name} = fix{index}({name}, inner)"]
            return lines
        if len(constructive) != 1:
            raise _Unsupported("several constructed kinds")
        fast, slow, check = self._maker(constructive[0], schema)
        namespace[f"fast{index}"], namespace[f"slow{index}"] = fast, slow
        if union:
            namespace[f"union{index}"] = _union(fix, slow, check, "None" in members)
            namespace[f"check{index}"] = check
            lines += [f"    if {name} is not UNSET:"]
            if check is dict or check is list:  # the common case inline: a container, built in the one pass
                lines += [
                    f"        if {name}.__class__ is check{index}:",
                    "            try:",
                    f"                {name} = fast{index}({name}, inner)",
                    "            except Exception:",  # any refusal: the generated code's way decides
                    f"                {name} = union{index}({name}, inner)",
                    f"        elif {name} is not None:" if "None" in members else "        else:",
                    f"            {name} = union{index}({name}, inner)",
                ]
            else:
                lines += [f"        {name} = union{index}({name}, inner)"]
        else:
            # Not a union: the generated code constructs whatever it finds; a refusal means the slow way.
            lines += [f"    if {name} is not UNSET:", f"        {name} = fast{index}({name}, inner)"]
        return lines

    def _maker(self, kind: str, schema: Any) -> tuple[Builder, Callable[[Any], Any], type]:
        """(fast: raw value -> constructed, repairing as it goes; slow: repaired value -> constructed, as the
        generated code does; the type the generated union checks before constructing)."""
        spec = self.spec
        if kind.startswith("list[") and kind.endswith("]"):
            inner = kind[5:-1]
            item_cls = self.model_class(inner)
            if item_cls is None or not _is_model(item_cls):
                raise _Unsupported("list of something else")
            items, array_depth = self._items_schema(schema)
            item_schema, item_depth = self._object_schema(items, array_depth)
            item_build = self.build(item_schema, item_cls)
            from_dict = item_cls.from_dict  # type: ignore[attr-defined]

            def fast_list(value: Any, depth: int) -> Any:
                if value.__class__ is not list:
                    raise _Refused
                deeper = depth + 1 + item_depth
                return [item_build(item, deeper) for item in value]

            def slow_list(value: Any) -> Any:
                return [from_dict(item) for item in value]

            return fast_list, slow_list, list
        if kind in ("datetime.datetime", "datetime.date"):
            parse = datetime.datetime.fromisoformat if kind == "datetime.datetime" else datetime.date.fromisoformat
            fix = compiled(schema, spec)

            def fast_date(value: Any, depth: int) -> Any:
                return parse(fix(value, depth) if fix is not None else value)

            return fast_date, parse, str
        cls = self.model_class(kind)
        if cls is None:
            raise _Unsupported(f"unknown kind {kind}")
        if isinstance(cls, enum.EnumMeta):
            fix = compiled(schema, spec)
            value_type = type(next(iter(cls)).value) if len(cls) else str

            def fast_enum(value: Any, depth: int) -> Any:
                return cls(fix(value, depth) if fix is not None else value)

            return fast_enum, cls, value_type
        if not _is_model(cls):
            raise _Unsupported(f"unknown kind {kind}")
        child_schema, extra_depth = self._object_schema(schema, 0)
        child = self.build(child_schema, cls)
        from_dict = cls.from_dict  # type: ignore[attr-defined]

        if extra_depth:

            def fast_model(value: Any, depth: int) -> Any:
                return child(value, depth + extra_depth)

            return fast_model, from_dict, dict
        return child, from_dict, dict


def _union(fix: Builder | None, slow: Callable[[Any], Any], check: type, has_none: bool) -> Builder:
    """A generated union field with one constructed member, the generated way: the repaired value, None stays
    None, a value of the checked type is constructed, and one that fails to construct stays as it was."""

    def union(value: Any, depth: int) -> Any:
        repaired = fix(value, depth) if fix is not None else value
        if repaired is None and has_none:
            return None
        try:
            if not isinstance(repaired, check):
                raise TypeError
            return slow(repaired)
        except _UNION_ERRORS:
            return repaired

    return union


def _nullable(schema: dict[str, Any], spec: Spec) -> bool:
    # as `_decode._nullable`, which decides whether a missing required field becomes None
    return "null" in _types(schema) or schema.get("nullable") is True


def _is_model(cls: type) -> bool:
    return hasattr(cls, "from_dict") and hasattr(cls, "__attrs_attrs__")


def _unset() -> Any:
    from qualtrics_api.types import UNSET

    return UNSET


def compile_answer(
    spec: Spec, schema: Any, cls: type, done: dict[tuple[int, type], Builder | None]
) -> tuple[Builder | None, list[Any]]:
    """The builder of `cls` from JSON of `schema` (None: no exact builder), and the schemas whose ids key
    `done` (the caller keeps them alive). `done` is the per-spec cache of (schema id, class) -> builder."""
    models = importlib.import_module(cls.__module__.rsplit(".", 1)[0])
    compiler = _Compiler(spec, models, done)
    try:
        top, depth = compiler._object_schema(schema, 0)
        built = compiler.build(top, cls)
    except _Unsupported:
        return None, compiler.keep
    if not depth:
        return built, compiler.keep

    def deeper(value: Any, at: int) -> Any:
        return built(value, at + depth)

    return deeper, compiler.keep
