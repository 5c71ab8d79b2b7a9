"""The bundled spec, read at runtime: the overlay's only source for paging, jobs, retry safety and schemas.

Loaded lazily (first use, not import) because the JSON is large and most scripts need a fraction of it.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from os import PathLike
from typing import Any

from .errors import QualtricsError

_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


def normalise(name: str) -> str:
    """`listSurveys`, `list_surveys` and `ListSurveys` compare equal: module names are snake-cased ids."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    tags: tuple[str, ...]
    raw: dict[str, Any] = field(repr=False, compare=False)
    # Path-item and operation parameters, `$ref`s resolved.
    parameters: tuple[dict[str, Any], ...] = field(default=(), repr=False, compare=False)

    @property
    def retry_safe(self) -> bool:
        value = self.raw.get("x-retry-safe")
        return bool(value) if isinstance(value, bool) else self.method in _IDEMPOTENT

    @property
    def is_async(self) -> bool:
        return self.raw.get("x-qualtrics-async") is True

    @property
    def pagination(self) -> dict[str, Any] | None:
        value = self.raw.get("x-pagination")
        return value if isinstance(value, dict) else None

    @property
    def job(self) -> dict[str, Any] | None:
        value = self.raw.get("x-job")
        return value if isinstance(value, dict) else None

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{([^}]+)}", self.path)

    def match_path(self, path: str) -> dict[str, str] | None:
        """Path parameter values of a concrete path, e.g. the surveyId of a started export."""
        pattern = "^" + re.sub(r"\\{([^}]+)\\}", r"(?P<\1>[^/]+)", re.escape(self.path)) + "$"
        try:
            found = re.match(pattern, path)
        except re.error:  # parameter names that are not identifiers
            return None
        return found.groupdict() if found else None

    def response_schema(self, status: int) -> dict[str, Any] | None:
        responses: dict[str, Any] = self.raw.get("responses") or {}
        entry = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
        if not isinstance(entry, dict):
            return None
        for media in (entry.get("content") or {}).values():
            if isinstance(media, dict) and isinstance(media.get("schema"), dict):
                schema: dict[str, Any] = media["schema"]
                return schema
        return None


GENERATED_PACKAGE = "qualtrics_api.api"


class Spec:
    """Operations and schemas of one bundled document.

    `package` names where the generated operation modules live; None means spec-only (requests are built
    from the spec and results are not turned into models), for a spec that no generated code matches.
    """

    def __init__(self, document: dict[str, Any], *, package: str | None = GENERATED_PACKAGE) -> None:
        self.document = document
        self.package = package
        self._by_id: dict[str, Operation] = {}
        self._by_name: dict[str, Operation] = {}
        for path, item in (document.get("paths") or {}).items():
            if not isinstance(item, dict):
                continue
            for method in _METHODS:
                raw = item.get(method)
                if isinstance(raw, dict) and isinstance(raw.get("operationId"), str):
                    declared = [*(item.get("parameters") or ()), *(raw.get("parameters") or ())]
                    params = [self.resolve(p) for p in declared]
                    op = Operation(
                        raw["operationId"],
                        method.upper(),
                        path,
                        tuple(raw.get("tags") or ()),
                        raw,
                        tuple(p for p in params if isinstance(p, dict)),
                    )
                    self._by_id[op.operation_id] = op
                    self._by_name[normalise(op.operation_id)] = op

    @classmethod
    def from_path(cls, path: str | PathLike[str], *, package: str | None = GENERATED_PACKAGE) -> Spec:
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle), package=package)

    @classmethod
    def from_package(cls) -> Spec:
        from importlib import resources  # deferred with the spec itself

        try:
            text = resources.files("qualtrics_api").joinpath("openapi.json").read_text(encoding="utf-8")
        except (FileNotFoundError, ModuleNotFoundError) as exc:
            raise QualtricsError("qualtrics_api/openapi.json not found: run `make generate`") from exc
        return cls(json.loads(text))

    @property
    def operations(self) -> list[Operation]:
        return list(self._by_id.values())

    def operation(self, name: str) -> Operation:
        op = self._by_id.get(name) or self._by_name.get(normalise(name))
        if op is None:
            raise QualtricsError(f"unknown operation {name!r}")
        return op

    def match(self, method: str, path: str) -> Operation | None:
        """The operation a concrete request path belongs to; literal segments win over parameters."""
        candidates = [
            op for op in self._by_id.values() if op.method == method.upper() and op.match_path(path) is not None
        ]
        candidates.sort(key=lambda op: len(op.path_params))
        return candidates[0] if candidates else None

    def resolve(self, schema: Any) -> Any:
        """Follow local `$ref`s (the bundle has only local ones)."""
        seen = 0
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and seen < 32:
            ref: str = schema["$ref"]
            if not ref.startswith("#/"):
                return {}
            target: Any = self.document
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                target = target.get(part) if isinstance(target, dict) else None
            schema = target if isinstance(target, dict) else {}
            seen += 1
        return schema


@functools.cache
def packaged_spec() -> Spec:
    return Spec.from_package()


def get_path(document: Any, dotted: str) -> Any:
    """`result.progressId` → document["result"]["progressId"]; None when any step is missing."""
    for part in dotted.split("."):
        if not isinstance(document, dict):
            return None
        document = document.get(part)
    return document
