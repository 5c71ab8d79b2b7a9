"""One operation of the spec, worked out lazily: its parameters, bodies, success answer and paging.

An operation reads `$ref`s through the spec it belongs to (any `Resolver`), so this module needs neither the
spec class nor the document's layout beyond the operation's own JSON pointer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Protocol

from ._spec_paths import PARAM, escape_pointer, normalise_path, template

_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# The cursor a style uses when the operation names none; the only place this default is decided.
_DEFAULT_CURSOR = {"offset": "offset", "skipToken": "skipToken", "nextPage": "nextPage"}
_PAGE_SIZE_NAMES = ("pageSize", "limit")
_NEXT_PAGE = "result.nextPage"  # where most lists name their next page


class Resolver(Protocol):
    def deref(self, node: Any, pointer: str = "", *, strict: bool = False) -> tuple[Any, str]: ...

    def resolve(self, schema: Any, *, strict: bool = False) -> Any: ...


class _Inline:
    """The resolver of an operation built without a spec: nothing to follow."""

    def deref(self, node: Any, pointer: str = "", *, strict: bool = False) -> tuple[Any, str]:
        return node, pointer

    def resolve(self, schema: Any, *, strict: bool = False) -> Any:
        return schema


@dataclass(frozen=True)
class Paging:
    """How a list operation pages, from its `x-pagination`."""

    style: str  # offset | skipToken | nextPage
    cursor: str  # the query parameter a bare cursor is sent in
    page_size: str | None  # the page-size query parameter the operation declares, if any
    # Where a page names the next one. `result.nextPage` (the default) may hold a URL or a bare cursor; any
    # other path (`cursorPath`) holds only a bare cursor, sent with the same request (method and body) again.
    cursor_path: str = _NEXT_PAGE

    @classmethod
    def of_style(
        cls, style: str, cursor: str | None = None, page_size: str | None = None, cursor_path: str | None = None
    ) -> Paging:
        """A style's paging, its cursor defaulted when the operation names none."""
        return cls(style, cursor or _DEFAULT_CURSOR.get(style, "offset"), page_size, cursor_path or _NEXT_PAGE)

    @property
    def bare_cursor(self) -> bool:
        """Whether the next page is always the same request with the cursor set (never a URL to follow)."""
        return self.cursor_path != _NEXT_PAGE

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
    spec: Resolver | None = field(default=None, repr=False, compare=False)
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
        cursor_path = info.get("cursorPath")
        return Paging.of_style(
            str(info.get("style") or "nextPage"),
            declared if isinstance(declared, str) else None,
            size,
            cursor_path if isinstance(cursor_path, str) else None,
        )

    @property
    def job(self) -> dict[str, Any] | None:
        value = self.raw.get("x-job")
        return value if isinstance(value, dict) else None

    # --- parameters --------------------------------------------------------------------------------------
    @property
    def path_params(self) -> list[str]:
        return PARAM.findall(self.path)

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
        return template(self.path).match(normalise_path(path))

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

    def success_examples(self, spec: Resolver | None = None) -> list[Any]:
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

    def _spec(self) -> Resolver:
        return self.spec if self.spec is not None else _Inline()
