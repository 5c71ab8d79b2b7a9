"""Finding a generated operation and building its request with the generated `_get_kwargs`.

Callers name an operation by its generated module, one of its functions, or its operationId; the spec
entry and the module are looked up from one another, so nothing is hand-listed.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any
from urllib.parse import quote

from . import _checks
from ._spec import Operation, Spec, normalise
from .errors import QualtricsError
from .mistakes import InvalidBody, MissingParameter, UnknownOperation, UnknownParameter

OperationRef = str | ModuleType | Callable[..., Any]


def snake(name: str) -> str:
    """openapi-python-client's module naming: `listSurveys` → `list_surveys`, `users-groups` → `users_groups`."""
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"[^a-zA-Z0-9]+", "_", name).strip("_").lower()


@dataclass(frozen=True)
class Bound:
    operation: Operation
    module: ModuleType | None


def _import(op: Operation, package: str | None) -> ModuleType | None:
    if package is None:
        return None
    for tag in op.tags or ("default",):
        try:
            return importlib.import_module(f"{package}.{snake(tag)}.{snake(op.operation_id)}")
        except ImportError:
            continue
    return None


def _operation(spec: Spec, name: str) -> Operation:
    try:
        return spec.operation(name)
    except QualtricsError:
        ids = [op.operation_id for op in spec.operations]
        raise UnknownOperation(name, [*ids, *(snake(i) for i in ids)]) from None


def resolve(ref: OperationRef, spec: Spec) -> Bound:
    if isinstance(ref, str):
        op = _operation(spec, ref)
        return Bound(op, _import(op, spec.package))
    module = ref if isinstance(ref, ModuleType) else sys.modules.get(getattr(ref, "__module__", "") or "")
    if module is None or not hasattr(module, "_get_kwargs"):
        raise QualtricsError(f"{ref!r} is not a generated operation module or function")
    return Bound(_operation(spec, normalise(module.__name__.rsplit(".", 1)[-1])), module)


class _DictBody:
    """Lets callers pass a plain dict where the generated code expects a model with `to_dict()`."""

    def __init__(self, payload: Mapping[str, Any]) -> None:
        self._payload = dict(payload)

    def to_dict(self) -> dict[str, Any]:
        return self._payload


@dataclass
class RequestParts:
    method: str
    url: str
    params: dict[str, Any] | None = None
    json: Any = None
    data: dict[str, Any] | None = None
    files: Any = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


def multipart_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Replace the generator's fixed `boundary=+++` with a random one (a fixed boundary can occur in a file)."""
    import secrets  # deferred: it imports hmac, which only uploads need

    kept = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    kept["Content-Type"] = f"multipart/form-data; boundary={secrets.token_hex(16)}"
    return kept


def build_from_spec(op: Operation, kwargs: dict[str, Any]) -> RequestParts:
    """Fallback while the generated package lags the spec: parameters by spec or snake name, `body` as JSON."""
    by_name = {snake(k): v for k, v in kwargs.items() if k != "body"}
    path = op.path
    missing = [name for name in op.path_params if snake(name) not in by_name]
    if missing:
        raise MissingParameter(op.operation_id, missing)
    _checks.check_path_values(op.operation_id, {name: by_name[snake(name)] for name in op.path_params})
    for name in op.path_params:
        path = path.replace("{" + name + "}", quote(str(by_name.pop(snake(name))), safe=""))
    declared = [p.get("name") for p in op.parameters if p.get("in") == "query"]
    query = {str(n): by_name.pop(snake(str(n))) for n in declared if n and snake(str(n)) in by_name}
    for name in sorted(by_name):
        raise UnknownParameter(op.operation_id, name, [snake(str(n)) for n in declared if n] + ["body"])
    query = {k: v for k, v in query.items() if v is not None}
    return RequestParts(method=op.method, url=path, params=query or None, json=kwargs.get("body"))


def _plain_json(body: Any) -> Any:
    """A dict or list body as JSON data (copied), or None for a generated model, a file or no body."""
    if isinstance(body, Mapping):
        return dict(body)
    if isinstance(body, list | tuple):
        return list(body)
    return None


def _generated_kwargs(operation_id: str, module: ModuleType, kwargs: dict[str, Any], plain: Any) -> dict[str, Any]:
    """The generated `_get_kwargs` of the call; plain data stands in as what the generated code expects.

    A body typed as a union (one model or a list of them) takes a dict through its list branch, so a dict is
    also tried as a one-item list; the JSON sent is the caller's data in either case.
    """
    if plain is None:
        built: dict[str, Any] = module._get_kwargs(**kwargs)
        return built
    if isinstance(plain, dict):
        stand_ins: list[Any] = [_DictBody(plain), [_DictBody(plain)]]
    else:
        stand_ins = [[_DictBody(item) if isinstance(item, Mapping) else item for item in plain]]
    failure: Exception | None = None
    for stand_in in stand_ins:
        try:
            built = module._get_kwargs(**{**kwargs, "body": stand_in})
        except (TypeError, AttributeError) as exc:  # the generated code expected another shape
            failure = exc
            continue
        return built
    raise InvalidBody(f"{operation_id}: the body does not fit the operation", operation_id=operation_id) from failure


def build(bound: Bound, kwargs: dict[str, Any], spec: Spec | None = None, *, check_body: bool = True) -> RequestParts:
    """The request of one call, after the checks of `_checks` (nothing is sent when one fails).

    `spec` is where the body's schema is read; without it a body is not checked.
    """
    op = bound.operation
    if spec is not None and "body" in kwargs:
        _checks.check_body(op, spec, kwargs["body"], check_keys=check_body)
    if bound.module is None:
        return build_from_spec(op, kwargs)
    accepted = _checks.signature(bound.module)
    _checks.check_arguments(op.operation_id, accepted, kwargs)
    _checks.check_path_values(op.operation_id, {name: kwargs[name] for name in accepted.path})
    kwargs = _checks.enum_arguments(op.operation_id, accepted, kwargs)
    plain_body = _plain_json(kwargs.get("body"))
    built = _generated_kwargs(op.operation_id, bound.module, kwargs, plain_body)
    headers = {str(k): str(v) for k, v in (built.get("headers") or {}).items()}
    if plain_body is not None and (
        "json" in built or all(built.get(k) is None for k in ("json", "files", "data", "content"))
    ):
        # Plain data is sent as given (the spec check has read it): the generated code only lends the
        # method, URL and headers. An operation taking JSON or multipart picks by the model's class, so a dict
        # matched neither: plain data means JSON.
        built["json"] = plain_body
        headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
        headers["Content-Type"] = "application/json"
    if built.get("files") is not None:
        headers = multipart_headers(headers)
    return RequestParts(
        method=str(built["method"]).upper(),
        url=str(built["url"]),
        params=built.get("params") or None,
        json=built.get("json"),
        data=built.get("data"),
        files=built.get("files"),
        content=built.get("content"),
        headers=headers,
    )
