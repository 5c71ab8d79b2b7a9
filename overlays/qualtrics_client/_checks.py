"""Mistakes caught before a request is built: wrong keywords, missing ones, bodies and path values that do not fit.

Everything is judged from the generated `_get_kwargs` signature and the spec, so no operation is listed here.
Path values are refused rather than escaped: `..` or `%2E%2E` in a path segment is removed or decoded by URL
joining and by servers, so `removeMailingListContact(mailing_list_id="..")` would otherwise delete a contact
from the whole directory.
"""

from __future__ import annotations

import enum
import functools
import inspect
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any
from urllib.parse import unquote

from ._spec import Operation, Spec
from .mistakes import (
    InvalidArguments,
    InvalidBody,
    MissingParameter,
    NotAJob,
    NotPaginated,
    UnknownBodyField,
    UnknownParameter,
    UnsafePathValue,
    UsageError,
    closest,
)

_MAX_DEPTH = 32
_MAX_PROBLEMS = 10
_FORBIDDEN = {"/": "contains '/'", "\\": "contains '\\'", "?": "contains '?'", "#": "contains '#'"}


@dataclass(frozen=True)
class Signature:
    """What `_get_kwargs` accepts: every name, the required ones, and the path parameters (its positional ones)."""

    names: frozenset[str]
    required: frozenset[str]
    path: tuple[str, ...]
    enums: dict[str, type[enum.Enum]]  # parameters typed by a generated enum, which a plain string may name


def _enum_of(hint: Any) -> type[enum.Enum] | None:
    for member in typing.get_args(hint) or (hint,):
        if isinstance(member, type) and issubclass(member, enum.Enum):
            return member
    return None


@functools.lru_cache(maxsize=512)
def signature(module: ModuleType) -> Signature:
    function = module._get_kwargs
    params = inspect.signature(function).parameters.values()
    try:
        hints = typing.get_type_hints(function)
    except Exception:  # annotations that do not evaluate only cost the enum conversion
        hints = {}
    enums = {name: found for name, hint in hints.items() if (found := _enum_of(hint)) is not None}
    return Signature(
        names=frozenset(p.name for p in params),
        required=frozenset(p.name for p in params if p.default is inspect.Parameter.empty),
        path=tuple(p.name for p in params if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD),
        enums=enums,
    )


def enum_arguments(operation_id: str, accepted: Signature, kwargs: dict[str, Any]) -> dict[str, Any]:
    """`kwargs` with plain strings turned into the generated enum members their parameters are typed by."""
    converted: dict[str, Any] | None = None
    for name, kind in accepted.enums.items():
        value = kwargs.get(name)
        if isinstance(value, str) and not isinstance(value, kind):
            try:
                member = kind(value)
            except ValueError:
                allowed = ", ".join(repr(m.value) for m in kind)
                raise InvalidArguments(
                    f"{operation_id}: {name}={value!r} is not one of {allowed}", operation_id=operation_id
                ) from None
            converted = converted if converted is not None else dict(kwargs)
            converted[name] = member
    return kwargs if converted is None else converted


def check_arguments(operation_id: str, accepted: Signature, given: Iterable[str]) -> None:
    names = set(given)
    for name in sorted(names - accepted.names):
        raise UnknownParameter(operation_id, name, accepted.names)
    missing = accepted.required - names
    if missing:
        raise MissingParameter(operation_id, missing)


def path_value_problem(value: Any) -> str | None:
    """Why `value` cannot stand as one path segment, or None when it can."""
    if value is None or type(value).__name__ == "Unset":
        return "has no value"
    text = str(value)
    if not text.strip():
        return "is empty"
    forms = [text]
    for _ in range(3):  # %252E%252E decodes twice to ..: servers and proxies decode more than once
        decoded = unquote(forms[-1])
        if decoded == forms[-1]:
            break
        forms.append(decoded)
    for form in forms:
        if form in (".", ".."):
            return "is a dot segment" + ("" if form == text else f" once decoded ({form!r})")
        for char, reason in _FORBIDDEN.items():
            if char in form:
                return reason + ("" if form == text else " once decoded")
        if any(ord(c) < 0x20 or ord(c) == 0x7F for c in form):
            return "contains a control character"
    return None


def check_path_values(operation_id: str, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        reason = path_value_problem(value)
        if reason is not None:
            raise UnsafePathValue(operation_id, name, value, reason)


def _body_media(operation: Operation, spec: Spec) -> dict[str, Any]:
    body = spec.resolve(operation.raw.get("requestBody") or {})
    content = body.get("content") if isinstance(body, dict) else None
    return content if isinstance(content, dict) else {}


def _json_body_schema(operation: Operation, spec: Spec) -> Any:
    content = _body_media(operation, spec)
    media = content.get("application/json")
    if not isinstance(media, dict):
        media = next((m for k, m in content.items() if "json" in str(k) and isinstance(m, dict)), None)
    return spec.resolve(media.get("schema")) if isinstance(media, dict) else None


def _admits(schema: Any, spec: Spec, kind: str, *, unknown: bool = False, depth: int = 0) -> bool:
    """Whether a JSON value of `kind` can match the schema, itself or one of its `oneOf`/`anyOf` alternatives
    (`unknown` is the answer for a schema that names no type)."""
    schema = spec.resolve(schema)
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return unknown
    alternatives = [*(schema.get("oneOf") or ()), *(schema.get("anyOf") or ())]
    if alternatives:
        return any(_admits(alt, spec, kind, unknown=unknown, depth=depth + 1) for alt in alternatives)
    declared = schema.get("type")
    if declared is None:
        return unknown or (kind == "object" and "properties" in schema) or (kind == "array" and "items" in schema)
    return kind in ([declared] if isinstance(declared, str) else declared)


def check_body(operation: Operation, spec: Spec, body: Any, *, check_keys: bool) -> None:
    """A body must be an object (a dict or a generated model); a dict's keys must be the schema's."""
    if type(body).__name__ == "Unset" or body is None:
        declared = spec.resolve(operation.raw.get("requestBody") or {})
        if isinstance(declared, dict) and declared.get("required") is True:
            raise MissingParameter(operation.operation_id, ["body"])
        return
    if hasattr(body, "to_dict") or hasattr(body, "to_multipart"):
        return  # a generated model: its keys are right by construction
    media = _body_media(operation, spec)
    if not media:
        return  # the spec declares no body: the generated signature alone decides
    schema = _json_body_schema(operation, spec)
    wants_array = _admits(schema, spec, "array")
    json_only = all("json" in str(m) for m in media)
    if isinstance(body, list | tuple):
        acceptable = wants_array
    elif json_only:
        acceptable = isinstance(body, Mapping) and _admits(schema, spec, "object", unknown=True)
    else:  # a file or bytes may be what a multipart or binary body is built from: refuse only JSON scalars
        acceptable = not isinstance(body, str | int | float | bool)
    if not acceptable:
        raise InvalidBody(
            f"{operation.operation_id}: the body must be {'a list' if wants_array else 'an object'} "
            f"(a dict or the generated model), not {type(body).__name__}",
            operation_id=operation.operation_id,
        )
    if check_keys and schema is not None and isinstance(body, Mapping | list | tuple):
        problems: list[tuple[str, str | None]] = []
        _walk(body, schema, spec, "body", problems, 0, {})
        if problems:
            raise UnknownBodyField(operation.operation_id, problems)


def _declared(schema: dict[str, Any], spec: Spec, depth: int = 0) -> tuple[dict[str, Any] | None, bool]:
    """(declared properties or None for a free-form object, whether other keys are explicitly welcome)."""
    if depth > _MAX_DEPTH:
        return None, True
    props: dict[str, Any] = {}
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and extra:
        return None, True  # a map of typed values: any key goes
    welcome = extra is True
    declared = schema.get("properties")
    if isinstance(declared, dict):
        props.update(declared)
    for key in ("allOf", "oneOf", "anyOf"):
        for member in schema.get(key) or ():
            member = spec.resolve(member)
            if not isinstance(member, dict):
                continue
            inner, inner_welcome = _declared(member, spec, depth + 1)
            if inner is None:
                if key != "allOf":
                    return None, True  # one free-form alternative accepts anything
                continue
            props.update(inner)
            welcome = welcome or inner_welcome
    return (props or None), welcome


Declared = tuple[dict[str, Any] | None, bool]
_SCALARS = (str, int, float, bool, type(None))


def _container(value: Any) -> bool:
    # Plain types first: an ABC check costs a microsecond, and a long list pays it for every scalar.
    return isinstance(value, dict | list | tuple) or (not isinstance(value, _SCALARS) and isinstance(value, Mapping))


def _walk(
    value: Any,
    schema: Any,
    spec: Spec,
    where: str,
    problems: list[tuple[str, str | None]],
    depth: int,
    memo: dict[int, tuple[Any, Declared]],
) -> None:
    # `memo` keeps each schema's resolution for one body: the elements of a long list share theirs.
    known = memo.get(id(schema))
    if known is None:
        resolved = spec.resolve(schema)
        known = memo[id(schema)] = (resolved, _declared(resolved, spec) if isinstance(resolved, dict) else (None, True))
    schema, (props, welcome) = known
    if depth > _MAX_DEPTH or len(problems) >= _MAX_PROBLEMS or not isinstance(schema, dict):
        return
    if isinstance(value, dict) or (not isinstance(value, list | tuple) and isinstance(value, Mapping)):
        if props is None:
            return
        for key, item in value.items():
            if not isinstance(key, str):
                continue
            if key in props:
                if _container(item):  # a scalar has no keys to check
                    _walk(item, props[key], spec, f"{where}.{key}", problems, depth + 1, memo)
                continue
            suggestion = closest(key, props)
            folded = suggestion is not None and suggestion.lower() == key.lower()
            if not welcome or folded:  # where extra keys are welcome, only a wrong case is a mistake
                problems.append((f"{where}.{key}", suggestion))
    elif isinstance(value, list | tuple):
        items = schema.get("items")
        for index, item in enumerate(value):
            if _container(item):
                _walk(item, items, spec, f"{where}[{index}]", problems, depth + 1, memo)


def require_paging(operation: Operation) -> None:
    if operation.pagination is None:
        raise NotPaginated(
            f"{operation.operation_id} does not page (the spec gives it no x-pagination); call it instead",
            operation_id=operation.operation_id,
        )


def require_job_start(operation: Operation) -> None:
    job = operation.job
    if job is None or job.get("role") != "start" or not isinstance(job.get("progress"), str):
        raise NotAJob(
            f"{operation.operation_id} does not start a job (no x-job with role start); call it instead",
            operation_id=operation.operation_id,
        )


def misuse(operation_id: str, method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> UsageError:
    """The error for arguments that do not bind to a typed method (called only once binding has failed)."""
    params = inspect.signature(method).parameters
    accepted = [name for name in params if name != "self"]
    for name in kwargs:
        if name not in params:
            return UnknownParameter(operation_id, name, accepted)
    positional = [p for p in params.values() if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD][1:]
    bound = {p.name for p in positional[: len(args)]} | set(kwargs)
    required = [p.name for p in params.values() if p.name != "self" and p.default is inspect.Parameter.empty]
    missing = [name for name in required if name not in bound]
    if missing:
        return MissingParameter(operation_id, missing)
    return InvalidArguments(
        f"{operation_id}: arguments do not fit {method.__name__}{inspect.signature(method)}", operation_id=operation_id
    )
