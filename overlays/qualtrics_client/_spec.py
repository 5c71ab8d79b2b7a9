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
from typing import Any

from .errors import QualtricsError

_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# The cursor a style uses when the operation names none; the only place this default is decided.
_DEFAULT_CURSOR = {"offset": "offset", "skipToken": "skipToken", "nextPage": "nextPage"}
_PAGE_SIZE_NAMES = ("pageSize", "limit")
_MAX_REF_HOPS = 32
_PARAM = re.compile(r"{([^}]+)}")
_SLASHES = re.compile(r"/{2,}")


def normalise(name: str) -> str:
    """`listSurveys`, `list_surveys` and `ListSurveys` compare equal: module names are snake-cased ids."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def normalise_path(path: str) -> str:
    """The path Qualtrics answers a request path as: runs of slashes count as one (`/API/v3//surveys`), and
    one trailing slash is dropped (`/export-responses/`); clients written against the live API send both."""
    collapsed = _SLASHES.sub("/", path)
    return collapsed[:-1] if len(collapsed) > 1 and collapsed.endswith("/") else collapsed


def escape_pointer(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def get_path(document: Any, dotted: str) -> Any:
    """`result.progressId` → document["result"]["progressId"]; None when any step is missing."""
    for part in dotted.split("."):
        if not isinstance(document, dict):
            return None
        document = document.get(part)
    return document


@dataclass(frozen=True)
class Paging:
    """How a list operation pages, from its `x-pagination`."""

    style: str  # offset | skipToken | nextPage
    cursor: str  # the query parameter a bare cursor is sent in
    page_size: str | None  # the page-size query parameter the operation declares, if any

    @classmethod
    def of_style(cls, style: str, cursor: str | None = None, page_size: str | None = None) -> Paging:
        """A style's paging, its cursor defaulted when the operation names none."""
        return cls(style, cursor or _DEFAULT_CURSOR.get(style, "offset"), page_size)

    @property
    def opaque(self) -> bool:
        """Whether the cursor is an opaque token (anything but a numeric offset)."""
        return self.style != "offset"


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    required: bool
    schema: dict[str, Any]  # `$ref`s followed
    schema_pointer: str | None  # JSON pointer of the declared schema, for validators that resolve refs
    raw: dict[str, Any] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Body:
    media: str
    schema: dict[str, Any]
    schema_pointer: str


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    tags: tuple[str, ...]
    raw: dict[str, Any] = field(repr=False, compare=False)
    pointer: str = field(default="", repr=False, compare=False)
    spec: Spec | None = field(default=None, repr=False, compare=False)
    path_item: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    path_item_pointer: str = field(default="", repr=False, compare=False)

    # --- what the spec says of the call -----------------------------------------------------------------
    @property
    def template(self) -> str:
        return self.path

    def ext(self, name: str) -> Any:
        return self.raw.get(name)

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

    @functools.cached_property
    def paging(self) -> Paging | None:
        info = self.pagination
        if info is None:
            return None
        declared = info.get("cursorParam")
        query = {p.name for p in self.params if p.location == "query"}
        size = next((name for name in _PAGE_SIZE_NAMES if name in query), None)
        return Paging.of_style(
            str(info.get("style") or "nextPage"), declared if isinstance(declared, str) else None, size
        )

    @property
    def job(self) -> dict[str, Any] | None:
        value = self.raw.get("x-job")
        return value if isinstance(value, dict) else None

    # --- parameters --------------------------------------------------------------------------------------
    @property
    def path_params(self) -> list[str]:
        return _PARAM.findall(self.path)

    @property
    def path_param_names(self) -> list[str]:
        return self.path_params

    @functools.cached_property
    def params(self) -> tuple[Parameter, ...]:
        """Path-item and operation parameters, `$ref`s resolved; an operation's own win over the item's."""
        spec = self._spec()
        found: dict[tuple[str, str], Parameter] = {}
        declared = [
            (self.path_item.get("parameters") or [], f"{self.path_item_pointer}/parameters"),
            (self.raw.get("parameters") or [], f"{self.pointer}/parameters"),
        ]
        for nodes, base in declared:
            for index, node in enumerate(nodes):
                param, pointer = spec.deref(node, f"{base}/{index}")
                if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                    continue
                location = str(param.get("in") or "query")
                schema = spec.resolve(param.get("schema") or {})
                found[(param["name"], location)] = Parameter(
                    name=param["name"],
                    location=location,
                    required=bool(param.get("required")) or location == "path",
                    schema=schema if isinstance(schema, dict) else {},
                    schema_pointer=f"{pointer}/schema" if "schema" in param else None,
                    raw=param,
                )
        return tuple(found.values())

    @property
    def parameters(self) -> tuple[dict[str, Any], ...]:
        """The parameter objects as the spec writes them (resolved): the client builds requests from these."""
        return tuple(p.raw for p in self.params)

    def query_params(self) -> dict[str, Parameter]:
        return {p.name: p for p in self.params if p.location == "query"}

    def match_path(self, path: str) -> dict[str, str] | None:
        """Path parameter values of a concrete path, e.g. the surveyId of a started export."""
        return _template(self.path).match(normalise_path(path))

    # --- bodies and responses ----------------------------------------------------------------------------
    @functools.cached_property
    def _request_body(self) -> tuple[dict[str, Any], str]:
        node, pointer = self._spec().deref(self.raw.get("requestBody") or {}, f"{self.pointer}/requestBody")
        return (node if isinstance(node, dict) else {}), pointer

    @property
    def body_required(self) -> bool:
        return bool(self._request_body[0].get("required"))

    @functools.cached_property
    def bodies(self) -> dict[str, Body]:
        """Declared request bodies by media type."""
        spec = self._spec()
        body, pointer = self._request_body
        found: dict[str, Body] = {}
        for media, content in (body.get("content") or {}).items():
            if not isinstance(content, dict):
                continue
            schema = spec.resolve(content.get("schema") or {})
            found[media] = Body(
                media, schema if isinstance(schema, dict) else {}, f"{pointer}/content/{escape_pointer(media)}/schema"
            )
        return found

    @functools.cached_property
    def _success(self) -> tuple[int, str | None, str | None, dict[str, Any]]:
        """(status, media, schema pointer, media object) of the first documented 2xx answer."""
        responses = self.raw.get("responses") or {}
        for code in sorted(responses):
            if not str(code).startswith("2") or not str(code).isdigit():
                continue
            response, pointer = self._spec().deref(responses[code], f"{self.pointer}/responses/{code}")
            content = (response.get("content") or {}) if isinstance(response, dict) else {}
            for media, value in content.items():
                schema_pointer = f"{pointer}/content/{escape_pointer(media)}/schema" if "schema" in value else None
                return int(code), media, schema_pointer, value if isinstance(value, dict) else {}
            return int(code), None, None, {}
        return 200, None, None, {}

    @property
    def success_status(self) -> int:
        return self._success[0]

    @property
    def success_media(self) -> str | None:
        return self._success[1]

    @property
    def success_schema_pointer(self) -> str | None:
        return self._success[2]

    def success_examples(self, spec: Spec | None = None) -> list[Any]:
        """Every example body of the success response (`example` and `examples`)."""
        resolver = spec or self._spec()
        media = self._success[3]
        found: list[Any] = []
        if "example" in media:
            found.append(media["example"])
        for example in (media.get("examples") or {}).values():
            example = resolver.resolve(example)
            if isinstance(example, dict) and "value" in example:
                found.append(example["value"])
        return found

    def documents(self, status: int) -> bool:
        """Whether the operation lists this status among its responses."""
        return str(status) in (self.raw.get("responses") or {})

    def response_schema(self, status: int) -> dict[str, Any] | None:
        responses: dict[str, Any] = self.raw.get("responses") or {}
        entry = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
        if self.spec is not None:
            entry = self.spec.resolve(entry)
        if not isinstance(entry, dict):
            return None
        for media in (entry.get("content") or {}).values():
            if isinstance(media, dict) and isinstance(media.get("schema"), dict):
                schema: dict[str, Any] = media["schema"]
                return schema
        return None

    def _spec(self) -> Spec:
        return self.spec if self.spec is not None else Spec({"paths": {}}, package=None)


@dataclass(frozen=True)
class Route:
    """What a request path names: the operation, else the methods its path allows (a 405), else nothing."""

    operation: Operation | None
    allowed: tuple[str, ...] = ()
    params: dict[str, str] = field(default_factory=dict)


class _Template:
    """One path template as a matcher; literal segments must be equal, `{name}` takes one non-empty segment."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.names = _PARAM.findall(template)
        pattern = re.sub(r"\\{([^}]+)\\}", "([^/]+)", re.escape(template))
        self._regex = re.compile(pattern)
        # Literal segments sort before parameters, as OpenAPI matches concrete paths before templated ones.
        self.order = [(segment.startswith("{"), segment) for segment in template.split("/")]

    def match(self, path: str) -> dict[str, str] | None:
        found = self._regex.fullmatch(path)
        return dict(zip(self.names, found.groups(), strict=True)) if found else None


@functools.lru_cache(maxsize=1024)
def _template(template: str) -> _Template:
    return _Template(template)


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
        self._routes: dict[int, list[_Template]] | None = None

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
        for template in self._templates().get(concrete.count("/"), []):
            values = template.match(concrete)
            if values is not None:
                return template.template, values
        return None

    def match(self, method: str, path: str) -> Operation | None:
        """The operation a concrete request path belongs to; literal segments win over parameters."""
        return self.route(method, path).operation

    def _templates(self) -> dict[int, list[_Template]]:
        if self._routes is None:
            self._indexed()
            buckets: dict[int, list[_Template]] = {}
            for path in self._methods:
                buckets.setdefault(path.count("/"), []).append(_template(path))
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


@functools.cache
def packaged_spec() -> Spec:
    return Spec.from_package()
