"""What the typed-surface templates need that openapi-python-client's parser does not hand them.

The stock templates see each endpoint's parsed parameters, bodies and responses, but not the vendor
extensions (`x-pagination`, `x-job`) nor the parameters' descriptions, which the parser drops. `Surface`
reads both from the bundled document, keyed by the endpoint's Python name (the snake-cased operationId),
and derives from the parsed types what the per-tag method groups are typed by: the 2xx model, a pager's
element model, a job's progress model, and the exact imports each tag's `__init__` needs (ruff never drops
an unused import from an `__init__.py`, so none may be emitted).

Everything here returns data; the templates in `generator/templates/` write the code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from openapi_python_client.parser.openapi import Endpoint, EndpointCollection, GeneratorData
from openapi_python_client.parser.properties import ModelProperty, Property
from openapi_python_client.parser.properties.list_property import ListProperty
from openapi_python_client.parser.properties.protocol import PropertyProtocol
from openapi_python_client.strings import PythonIdentifier

_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
# Keyword options the typed methods add beside the spec's parameters; a parameter of the same name would clash.
CALL_OPTIONS = ("max_retries", "deadline")
PAGER_OPTIONS = ("max_pages",)
JOB_OPTIONS = ("on_progress", "timeout", "poll_interval", "max_poll_interval")
# Names the method groups use for themselves.
RESERVED = ("self", "module")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class SurfaceError(Exception):
    """The spec says something the typed surface cannot express; generation stops."""


@dataclass(frozen=True)
class Argument:
    location: str  # path, query, header or cookie
    python_name: str
    type_string: str  # Python code from the parser
    description: str  # spec text: escape with `safe_for_docstring` before placing it in a docstring
    required: bool


@dataclass(frozen=True)
class Method:
    operation_id: str
    name: str
    summary: str
    description: str
    arguments: tuple[Argument, ...]
    body_type: str | None  # the generated body type(s) or a plain mapping, `| Unset` when optional
    body_required: bool
    result_type: str
    error_statuses: tuple[str, ...]
    paginated: bool
    item_type: str | None
    job_kind: str | None
    progress_type: str | None
    job_file: bool

    @property
    def path_arguments(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.location == "path")

    @property
    def keyword_arguments(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.location != "path")

    @property
    def pager_name(self) -> str:
        return f"paginate_{self.name}"

    @property
    def runner_name(self) -> str:
        return f"run_{self.name}"


@dataclass
class Group:
    """One tag: its class names and the imports its `__init__` needs."""

    tag: str
    class_name: str
    async_class_name: str
    description: str
    methods: list[Method]
    runtime_imports: list[str] = field(default_factory=list)
    type_imports: list[str] = field(default_factory=list)


def _code(value: Any) -> str:
    return str(value.as_unembedded_code())


def _two_xx(endpoint: Endpoint) -> list[Any]:
    return [r for r in endpoint.responses.patterns if r.status_code.range and 200 <= r.status_code.range[0] < 300]


def _union(types: Iterable[str]) -> str:
    unique = sorted(set(types))
    if not unique:
        return "None"
    return " | ".join(unique)


def _property(model: Property, name: str) -> Property | None:
    if not isinstance(model, ModelProperty):
        return None
    for prop in [*(model.required_properties or []), *(model.optional_properties or [])]:
        if prop.name.get_untrusted_value() == name:
            return prop
    return None


class Surface:
    """Per-endpoint and per-tag data for the templates, built once from the parsed spec and its bundle."""

    def __init__(self, data: GeneratorData, document: dict[str, Any], field_prefix: str) -> None:
        self._prefix = field_prefix
        self._raw: dict[str, tuple[str, dict[str, Any], list[dict[str, Any]]]] = {}
        self._document = document
        for path, item in (document.get("paths") or {}).items():
            if not isinstance(item, dict):
                continue
            shared = [self._resolve(p) for p in item.get("parameters") or ()]
            for method in _METHODS:
                raw = item.get(method)
                if isinstance(raw, dict) and isinstance(raw.get("operationId"), str):
                    params = shared + [self._resolve(p) for p in raw.get("parameters") or ()]
                    self._raw[PythonIdentifier(raw["operationId"], field_prefix)] = (raw["operationId"], raw, params)
        self._endpoints = {
            str(endpoint.name): endpoint
            for collection in data.endpoint_collections_by_tag.values()
            for endpoint in collection.endpoints
        }
        self._tag_descriptions = {
            str(PythonIdentifier(str(t.get("name", "")), field_prefix)): str(t.get("description") or "")
            for t in document.get("tags") or ()
            if isinstance(t, dict)
        }
        self._methods: dict[str, Method] = {}
        self.groups: dict[str, Group] = {
            str(tag): self._group(str(tag), collection) for tag, collection in data.endpoint_collections_by_tag.items()
        }

    def _resolve(self, node: Any) -> dict[str, Any]:
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 32:
            target: Any = self._document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(target, dict) else None
            node = target
            seen += 1
        return node if isinstance(node, dict) else {}

    # Templates call these two.
    def group(self, collection: EndpointCollection) -> Group:
        return self.groups[str(collection.tag)]

    def method(self, endpoint: Endpoint) -> Method:
        return self._methods[str(endpoint.name)]

    def _group(self, tag: str, collection: EndpointCollection) -> Group:
        stem = "".join(part.capitalize() for part in tag.split("_") if part)
        group = Group(
            tag=tag,
            class_name=f"{stem}Operations",
            async_class_name=f"Async{stem}Operations",
            description=self._tag_descriptions.get(tag, ""),
            methods=[],
        )
        candidates: set[str] = set()
        needs: set[str] = {"Result"}
        for endpoint in collection.endpoints:
            method = self._method(endpoint)
            self._methods[method.name] = method
            group.methods.append(method)
            for prop in endpoint.list_all_parameters():
                candidates |= prop.get_imports(prefix="...") | prop.get_lazy_imports(prefix="...")
            for response in _two_xx(endpoint):
                candidates |= response.prop.get_imports(prefix="...") | response.prop.get_lazy_imports(prefix="...")
            if method.paginated:
                needs |= {"Pager", "AsyncPager"}
                item = self._element(endpoint)
                if item is not None:
                    candidates |= item.get_imports(prefix="...") | item.get_lazy_imports(prefix="...")
            if method.job_kind is not None:
                needs |= {"JobOutcome", "JobProgress"}
                progress = self._progress_endpoint(endpoint)
                if progress is not None:
                    for response in _two_xx(progress):
                        candidates |= response.prop.get_imports(prefix="...")
                        candidates |= response.prop.get_lazy_imports(prefix="...")
        names = self._names_used(group.methods)
        type_imports = _exact_imports(candidates, names)
        if any(m.body_type and "Mapping[" in m.body_type for m in group.methods):
            type_imports.append("from collections.abc import Mapping")
        if any(m.job_kind for m in group.methods):
            type_imports.append("from collections.abc import Callable")
        if "Any" in names:
            type_imports.append("from typing import Any")
        type_imports.append(f"from .. import {', '.join(sorted(needs))}")
        runtime: list[str] = []
        if any(not a.required for m in group.methods for a in m.arguments) or any(
            m.body_type and not m.body_required for m in group.methods
        ):
            runtime.append("from ...types import UNSET")
        group.runtime_imports = runtime
        group.type_imports = sorted(set(type_imports))
        return group

    @staticmethod
    def _names_used(methods: list[Method]) -> set[str]:
        names: set[str] = set()
        for method in methods:
            texts = [a.type_string for a in method.arguments] + [method.result_type]
            texts += [t for t in (method.body_type, method.item_type, method.progress_type) if t]
            for text in texts:
                names |= set(_IDENTIFIER.findall(text))
        return names

    def _element(self, endpoint: Endpoint) -> PropertyProtocol | None:
        for response in _two_xx(endpoint):
            elements = _property(_property(response.prop, "result") or response.prop, "elements")
            if isinstance(elements, ListProperty):
                return elements.inner_property
        return None

    def _progress_endpoint(self, endpoint: Endpoint) -> Endpoint | None:
        _, raw, _ = self._raw[str(endpoint.name)]
        job = raw.get("x-job")
        progress = job.get("progress") if isinstance(job, dict) else None
        if not isinstance(progress, str):
            return None
        return self._endpoints.get(str(PythonIdentifier(progress, self._prefix)))

    def _method(self, endpoint: Endpoint) -> Method:
        name = str(endpoint.name)
        if name not in self._raw:
            raise SurfaceError(f"{name}: no operation in the bundle has this operationId")
        operation_id, raw, spec_params = self._raw[name]
        described = {
            (str(p.get("in")), str(p.get("name"))): str(p.get("description") or "")
            for p in spec_params
            if p.get("name")
        }
        arguments: list[Argument] = []
        for location, params in (
            ("path", endpoint.path_parameters),
            ("query", endpoint.query_parameters),
            ("header", endpoint.header_parameters),
            ("cookie", endpoint.cookie_parameters),
        ):
            for prop in params:
                arguments.append(
                    Argument(
                        location=location,
                        python_name=prop.python_name,
                        type_string=_code(prop.get_type_string()),
                        description=described.get((location, prop.name.get_untrusted_value()), ""),
                        required=bool(prop.required),
                    )
                )
        body_type, body_required = self._body(endpoint)
        pagination = raw.get("x-pagination")
        job = raw.get("x-job")
        starts_job = isinstance(job, dict) and job.get("role") == "start" and isinstance(job.get("progress"), str)
        item_type: str | None = None
        if isinstance(pagination, dict):
            element = self._element(endpoint)
            if element is None:
                raise SurfaceError(f"{operation_id}: x-pagination, but the 2xx response has no result.elements list")
            item_type = _code(element.get_type_string(no_optional=True))
        progress_type: str | None = None
        if starts_job:
            progress = self._progress_endpoint(endpoint)
            if progress is None:
                raise SurfaceError(f"{operation_id}: x-job's progress operation is not in the spec")
            progress_type = _union(_code(r.prop.get_type_string()) for r in _two_xx(progress))
        method = Method(
            operation_id=operation_id,
            name=name,
            summary=endpoint.summary.get_untrusted_value(),
            description=endpoint.description.get_untrusted_value(),
            arguments=tuple(arguments),
            body_type=body_type,
            body_required=body_required,
            result_type=_union(_code(r.prop.get_type_string()) for r in _two_xx(endpoint)),
            error_statuses=tuple(
                r.status_code.pattern for r in endpoint.responses.patterns if r.status_code.pattern[0] in "45"
            ),
            paginated=isinstance(pagination, dict),
            item_type=item_type,
            job_kind=str(job.get("kind", "job")) if starts_job and isinstance(job, dict) else None,
            progress_type=progress_type,
            job_file=starts_job and isinstance(job, dict) and isinstance(job.get("file"), str),
        )
        self._check_names(method)
        return method

    @staticmethod
    def _body(endpoint: Endpoint) -> tuple[str | None, bool]:
        if not endpoint.bodies:
            return None, True
        types = [_code(b.prop.get_type_string(no_optional=True)) for b in endpoint.bodies]
        if any(isinstance(b.prop, ModelProperty) for b in endpoint.bodies):
            types.append("Mapping[str, Any]")  # a plain dict is sent as JSON, checked against the schema
        required = all(b.prop.required for b in endpoint.bodies)
        text = " | ".join(dict.fromkeys(types))
        return (text if required else f"{text} | Unset"), required

    @staticmethod
    def _check_names(method: Method) -> None:
        taken = {a.python_name for a in method.arguments} | ({"body"} if method.body_type else set())
        options = set(CALL_OPTIONS) | set(RESERVED)
        if method.paginated:
            options |= set(PAGER_OPTIONS)
        if method.job_kind:
            options |= set(JOB_OPTIONS)
        clash = sorted(taken & options)
        if clash:
            raise SurfaceError(f"{method.operation_id}: parameters {clash} clash with the typed methods' options")

    def check_collisions(self) -> None:
        """Method names must be unique within a group once the pager and runner names are added."""
        for group in self.groups.values():
            seen: dict[str, str] = {}
            for method in group.methods:
                names = [method.name]
                names += [method.pager_name] if method.paginated else []
                names += [method.runner_name] if method.job_kind else []
                for name in names:
                    if name in seen:
                        raise SurfaceError(f"{group.tag}: {name} is both {seen[name]} and {method.operation_id}")
                    seen[name] = method.operation_id


def _exact_imports(candidates: set[str], names: set[str]) -> list[str]:
    """The import lines, narrowed to the names the emitted annotations use."""
    by_module: dict[str, set[str]] = {}
    plain: set[str] = set()
    for line in candidates:
        found = re.fullmatch(r"from (\S+) import (.+)", line.strip())
        if found:
            wanted = {n.strip() for n in found.group(2).split(",")} & names
            if wanted:
                by_module.setdefault(found.group(1), set()).update(wanted)
            continue
        found = re.fullmatch(r"import (\S+)", line.strip())
        if found and found.group(1) in names:
            plain.add(f"import {found.group(1)}")
    lines = sorted(plain)
    lines += [f"from {module} import {', '.join(sorted(wanted))}" for module, wanted in sorted(by_module.items())]
    return lines
