"""Validating a request against its operation: query parameters, path parameters and the body.

Qualtrics answers 400 "Invalid request. Missing or invalid parameter X." for unknown, wrongly cased,
missing or ill-typed parameters (seed 003), so the mock does the same, driven only by the spec.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]

from .envelope import ApiError, invalid_parameter
from .limits import LimitSettings, body_limit
from .spec import Operation, Parameter, Spec

_FORMATS = FormatChecker()


def _is_uri(value: object) -> bool:
    """jsonschema checks `uri` only with rfc3987 installed; an absolute URI needs a scheme (and a host for http)."""
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    if not parts.scheme or any(c.isspace() for c in value):
        return False
    return bool(parts.netloc) if parts.scheme in ("http", "https") else True


_FORMATS.checks("uri")(_is_uri)


@dataclass
class Upload:
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class ParsedBody:
    media: str | None = None
    json: Any = None
    form: dict[str, str] = field(default_factory=dict)
    repeated: dict[str, list[str]] = field(default_factory=dict)  # form fields sent more than once
    files: dict[str, Upload] = field(default_factory=dict)


class Validators:
    """Compiled jsonschema validators, cached by schema pointer."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self._cache: dict[str, Draft202012Validator] = {}

    def get(self, pointer: str) -> Draft202012Validator:
        if pointer not in self._cache:
            self._cache[pointer] = Draft202012Validator(
                self.spec.schema_ref(pointer), registry=self.spec.registry, format_checker=_FORMATS
            )
        return self._cache[pointer]

    def first_error(self, pointer: str, value: Any) -> ValidationError | None:
        try:
            return next(iter(self.get(pointer).iter_errors(value)), None)
        except RecursionError as exc:  # a value nested past what the validator can walk
            raise ApiError(400, "Invalid request. The body is nested too deeply.") from exc


def _types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type")
    if isinstance(kind, list):
        return [str(k) for k in kind]
    return [str(kind)] if kind else []


def coerce(raw: str, schema: dict[str, Any]) -> Any:
    """A query string value as the schema's type, or the raw string if it does not parse."""
    kinds = _types(schema)
    if "integer" in kinds:
        try:
            return int(raw)
        except ValueError:
            pass
    if "number" in kinds:
        try:
            return float(raw)
        except ValueError:
            pass
    if "boolean" in kinds and raw.lower() in ("true", "false"):
        # `True` is what Python clients send for a bool parameter; Qualtrics's Java stack reads booleans without
        # regard to case (inferred: no recording shows either spelling refused), so case refuses nothing here.
        return raw.lower() == "true"
    if "array" in kinds:
        return raw.split(",")
    return raw


def validate_query(op: Operation, items: list[tuple[str, str]], validators: Validators) -> dict[str, Any]:
    declared = op.query_params()
    lower = {name.lower(): name for name in declared}
    values: dict[str, Any] = {}
    for name, raw in items:
        if name not in declared:
            # Case matters in Qualtrics: `Format` is refused, and the message names the right spelling.
            raise invalid_parameter(lower.get(name.lower(), name))
        values[name] = coerce(raw, declared[name].schema)
    for name, param in declared.items():
        if name not in values:
            if param.required:
                raise invalid_parameter(name)
            continue
        _check_param(param, values[name], validators)
    return values


def validate_headers(op: Operation, headers: Any, validators: Validators) -> None:
    """Declared header parameters (e.g. Idempotency-Key) are checked when sent, and required when declared so."""
    for param in op.params:
        if param.location != "header" or param.name.lower() in ("x-api-token", "authorization", "content-type"):
            continue
        value = headers.get(param.name)
        if value is None:
            if param.required:
                raise invalid_parameter(param.name)
            continue
        _check_param(param, coerce(value, param.schema), validators)


def validate_path(op: Operation, params: dict[str, str], validators: Validators) -> None:
    for param in op.params:
        if param.location == "path" and param.name in params:
            _check_param(param, coerce(params[param.name], param.schema), validators)


def _check_param(param: Parameter, value: Any, validators: Validators) -> None:
    if param.schema_pointer and validators.first_error(param.schema_pointer, value) is not None:
        raise invalid_parameter(param.name)


def _multipart(body: bytes, content_type: str) -> ParsedBody:
    malformed = ApiError(400, "Invalid request. Malformed multipart body.")
    try:
        header = b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n"
        message = BytesParser(policy=HTTP).parsebytes(header + body)
        parts = list(message.iter_parts()) if message.is_multipart() else []
    except (UnicodeError, ValueError, TypeError, LookupError) as exc:
        raise malformed from exc
    parsed = ParsedBody(media="multipart/form-data")
    if not parts:
        raise malformed
    for part in parts:
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            parsed.files[name] = Upload(filename, part.get_content_type(), data)
        else:
            text = data.decode("utf-8", "replace")
            if name in parsed.form:
                parsed.repeated.setdefault(name, [parsed.form[name]]).append(text)
            parsed.form[name] = text
    return parsed


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    """`1e999` parses as infinity, which no JSON answer can carry back: refused like NaN."""
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} is out of range")
    return value


def _depth(value: Any, limit: int) -> bool:
    """Whether a parsed JSON value nests deeper than `limit` (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            if level > limit:
                return True
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return False


def parse_json(body: bytes, max_depth: int) -> Any:
    """A JSON body, or a 400: malformed, not UTF-8, NaN or Infinity, or nested past `max_depth` (which
    Python's parser would otherwise answer with a RecursionError, long after a real server gave up)."""
    try:
        value = json.loads(body, parse_constant=_refuse_constant, parse_float=_finite)
    except RecursionError as exc:
        raise ApiError(400, "Invalid request. The body is nested too deeply.") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, "Invalid request. Malformed JSON body.") from exc
    if _depth(value, max_depth):
        raise ApiError(400, "Invalid request. The body is nested too deeply.")
    return value


def check_size(op: Operation, media: str, size: int, settings: LimitSettings) -> None:
    """413 where the operation documents it, else the 400 every operation documents."""
    if size <= body_limit(settings, media, op.ext("x-max-body-bytes")):
        return
    if op.documents(413):
        raise ApiError(413, "File too large.")
    raise ApiError(400, "Invalid request. The body is too large.")


def parse_body(
    op: Operation,
    content_type: str,
    body: bytes,
    validators: Validators,
    settings: LimitSettings | None = None,
) -> ParsedBody:
    """Parse and validate the body for the operation's declared media types (415 for an undeclared one)."""
    if not op.bodies:
        return ParsedBody()
    if not body:
        if op.body_required:
            raise ApiError(400, "Invalid request. Missing or invalid parameter body.")
        return ParsedBody()
    settings = settings or LimitSettings()
    media = content_type.split(";")[0].strip().lower() or "application/json"
    if media not in op.bodies:
        raise ApiError(415, f"Unsupported media type {media}.")
    check_size(op, media, len(body), settings)
    pointer = op.bodies[media].schema_pointer
    if media.endswith("json"):
        value = parse_json(body, settings.max_json_depth)
        parsed = ParsedBody(media=media, json=value)
        instance: Any = value
    elif media == "multipart/form-data":
        parsed = _multipart(body, content_type)
        # Form fields arrive as strings: coerce them to the property's type before validating; files count as
        # strings (format binary is not checked).
        props = op.bodies[media].schema.get("properties") or {}
        fields: dict[str, Any] = {k: coerce(v, _resolved(validators, props.get(k))) for k, v in parsed.form.items()}
        fields.update(parsed.repeated)  # a field sent twice is an array, which a scalar property refuses
        fields.update({k: v.data.decode("latin-1") for k, v in parsed.files.items()})
        instance = fields
    elif media == "application/x-www-form-urlencoded":
        parsed = ParsedBody(media=media, form=dict(parse_qsl(body.decode("utf-8", "replace"))))
        instance = parsed.form
    else:
        return ParsedBody(media=media, json=None, files={"file": Upload(None, media, body)})
    problem = validators.first_error(pointer, instance)
    if problem is not None:
        name = ".".join(str(p) for p in problem.absolute_path) or _missing_name(problem) or "body"
        raise invalid_parameter(name)
    return parsed


def _resolved(validators: Validators, schema: Any) -> dict[str, Any]:
    node = validators.spec.resolve(schema)
    return node if isinstance(node, dict) else {}


def _missing_name(problem: ValidationError) -> str | None:
    if problem.validator == "required" and isinstance(problem.message, str):
        return problem.message.split("'")[1] if "'" in problem.message else None
    return None
