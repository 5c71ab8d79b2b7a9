"""The one model of the bundled spec, read by the client, the local Qualtrics and the tests alike.

It answers every question about an operation that the spec settles: which operation a request path names
(one matcher), what a `$ref` points at (one resolver), how a list pages and which query parameter carries
its cursor (one `Paging`), whether a call is retry-safe or a job. Nothing here imports the generated
package, jsonschema or the mock, so the client can use it alone.

Cheap to build: the JSON is parsed once, operations are indexed by id on first use and each operation's
parameters, bodies and responses are worked out only when that operation is first asked about.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from ._spec_operation import Body, Operation, Paging, Parameter, Resolver
from ._spec_paths import PathTemplate, escape_pointer, normalise_path, template
from .errors import QualtricsError

__all__ = [
    "Body",
    "Operation",
    "Paging",
    "Parameter",
    "Resolver",
    "Route",
    "Spec",
    "escape_pointer",
    "get_path",
    "normalise",
    "normalise_path",
    "packaged_spec",
]

_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_MAX_REF_HOPS = 32


def normalise(name: str) -> str:
    """`listSurveys`, `list_surveys` and `ListSurveys` compare equal: module names are snake-cased ids."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def get_path(document: Any, dotted: str) -> Any:
    """`result.progressId` → document["result"]["progressId"]; None when any step is missing."""
    for part in dotted.split("."):
        if not isinstance(document, dict):
            return None
        document = document.get(part)
    return document


@dataclass(frozen=True)
class Route:
    """What a request path names: the operation, else the methods its path allows (a 405), else nothing."""

    operation: Operation | None
    allowed: tuple[str, ...] = ()
    params: dict[str, str] = field(default_factory=dict)


GENERATED_PACKAGE = "qualtrics_api.api"


class Spec:
    """Operations and schemas of one bundled document.

    `package` names where the generated operation modules live; None means spec-only (requests are built
    from the spec and results are not turned into models), for a spec that no generated code matches.
    """

    def __init__(self, document: dict[str, Any], *, package: str | None = GENERATED_PACKAGE) -> None:
        self.document = document
        self.package = package
        self._compiled: dict[str, Operation] = {}
        self._index: dict[str, tuple[str, str]] | None = None  # operationId -> (path, method)
        self._by_name: dict[str, str] = {}  # normalised id -> operationId
        self._methods: dict[str, dict[str, str]] = {}  # path -> METHOD -> operationId
        self._routes: dict[int, list[PathTemplate]] | None = None

    @classmethod
    def from_path(cls, path: str | PathLike[str], *, package: str | None = GENERATED_PACKAGE) -> Spec:
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle), package=package)

    @classmethod
    def from_package(cls) -> Spec:
        try:
            text = _bundled_text()
        except (FileNotFoundError, ModuleNotFoundError) as exc:
            raise QualtricsError("qualtrics_api/openapi.json not found: run `make generate`") from exc
        return cls(json.loads(text))

    # --- operations --------------------------------------------------------------------------------------
    def _indexed(self) -> dict[str, tuple[str, str]]:
        # Built whole, then published in one assignment: threads sharing a client may ask at once, and none
        # may see a half-built index.
        if self._index is None:
            index: dict[str, tuple[str, str]] = {}
            by_name: dict[str, str] = {}
            methods: dict[str, dict[str, str]] = {}
            for path, item in self._path_items():
                for method in _METHODS:
                    raw = item.get(method)
                    if isinstance(raw, dict) and isinstance(raw.get("operationId"), str):
                        index[raw["operationId"]] = (path, method)
                        by_name[normalise(raw["operationId"])] = raw["operationId"]
                        methods.setdefault(path, {})[method.upper()] = raw["operationId"]
            self._by_name, self._methods = by_name, methods
            self._index = index
        return self._index

    def _path_items(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for path, item in (self.document.get("paths") or {}).items():
            item = self.resolve(item)
            if isinstance(item, dict):
                yield path, item

    def _compile(self, operation_id: str) -> Operation:
        op = self._compiled.get(operation_id)
        if op is None:
            path, method = self._indexed()[operation_id]
            item_pointer = f"/paths/{escape_pointer(path)}"
            item_node = (self.document.get("paths") or {}).get(path)
            item, item_pointer = self.deref(item_node, item_pointer)
            raw = item[method]
            op = Operation(
                operation_id,
                method.upper(),
                path,
                tuple(raw.get("tags") or ()),
                raw,
                pointer=f"{item_pointer}/{method}",
                spec=self,
                path_item=item,
                path_item_pointer=item_pointer,
            )
            self._compiled[operation_id] = op
        return op

    @property
    def operation_ids(self) -> list[str]:
        return list(self._indexed())

    @property
    def operations(self) -> list[Operation]:
        return [self._compile(operation_id) for operation_id in self._indexed()]

    def has(self, operation_id: str) -> bool:
        return operation_id in self._indexed()

    def operation(self, name: str) -> Operation:
        index = self._indexed()
        operation_id = name if name in index else self._by_name.get(normalise(name))
        if operation_id is None:
            raise QualtricsError(f"unknown operation {name!r}")
        return self._compile(operation_id)

    def methods_at(self, path: str) -> dict[str, Operation]:
        """The operations of one path template, by method."""
        self._indexed()
        return {method: self._compile(op_id) for method, op_id in self._methods.get(path, {}).items()}

    @property
    def paths(self) -> list[str]:
        self._indexed()
        return list(self._methods)

    # --- matching request paths --------------------------------------------------------------------------
    def route(self, method: str, path: str) -> Route:
        """What `method path` names, the path read as Qualtrics reads it (`normalise_path`).

        The first template that matches wins (literal segments sort first); a method it lacks gives the
        methods it has (a 405), with HEAD answered as GET.
        """
        found = self._find(normalise_path(path))
        if found is None:
            return Route(None)
        template, values = found
        methods = self._methods[template]
        chosen = methods.get(method.upper()) or (methods.get("GET") if method.upper() == "HEAD" else None)
        if chosen is None:
            return Route(None, tuple(sorted(methods)))
        return Route(self._compile(chosen), (), values)

    def template_of(self, path: str) -> str | None:
        """The path template a concrete path falls under, whatever the method."""
        found = self._find(normalise_path(path))
        return found[0] if found is not None else None

    def _find(self, concrete: str) -> tuple[str, dict[str, str]] | None:
        for candidate in self._templates().get(concrete.count("/"), []):
            values = candidate.match(concrete)
            if values is not None:
                return candidate.template, values
        return None

    def match(self, method: str, path: str) -> Operation | None:
        """The operation a concrete request path belongs to; literal segments win over parameters."""
        return self.route(method, path).operation

    def _templates(self) -> dict[int, list[PathTemplate]]:
        if self._routes is None:
            self._indexed()
            buckets: dict[int, list[PathTemplate]] = {}
            for path in self._methods:
                buckets.setdefault(path.count("/"), []).append(template(path))
            for templates in buckets.values():
                templates.sort(key=lambda t: t.order)
            self._routes = buckets
        return self._routes

    # --- `$ref`s -----------------------------------------------------------------------------------------
    def deref(self, node: Any, pointer: str = "", *, strict: bool = False) -> tuple[Any, str]:
        """Follow local `$ref`s: the node they end at and its JSON pointer. A ref that leaves the document,
        names nothing or loops ends at `{}`, or raises LookupError when `strict` (tests want to know)."""
        hops = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref: str = node["$ref"]
            if not ref.startswith("#/") or hops >= _MAX_REF_HOPS:
                if strict:
                    raise LookupError(f"$ref {ref!r} leaves the document or loops")
                return {}, pointer
            pointer = ref[1:]
            node = self.resolve_pointer(pointer, strict=strict)
            hops += 1
        return node, pointer

    def resolve(self, schema: Any, *, strict: bool = False) -> Any:
        """Follow local `$ref`s (the bundle has only local ones)."""
        return self.deref(schema, strict=strict)[0]

    def resolve_pointer(self, pointer: str, *, strict: bool = False) -> Any:
        """The node at a JSON pointer (`/components/schemas/Survey`); `{}` when it names nothing."""
        node: Any = self.document
        for token in pointer.lstrip("/").split("/"):
            if not token:
                continue
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            elif isinstance(node, dict) and token in node:
                node = node[token]
            elif strict:
                raise LookupError(f"JSON pointer {pointer!r} names nothing")
            else:
                return {}
        return node


def _bundled_text() -> str:
    """The generated package's bundled spec, read beside its `__init__` when it is a plain directory (an
    install or a checkout); importlib.resources, which also reads zips, only otherwise (it costs a few ms of
    imports, zipfile among them, which a one-shot script would pay)."""
    import qualtrics_api

    beside = Path(qualtrics_api.__file__ or "").parent / "openapi.json"
    if beside.is_file():
        return beside.read_text(encoding="utf-8")
    from importlib import resources

    return resources.files("qualtrics_api").joinpath("openapi.json").read_text(encoding="utf-8")


@functools.cache
def packaged_spec() -> Spec:
    return Spec.from_package()
