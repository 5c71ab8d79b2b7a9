"""Loading the bundled OpenAPI document and compiling its operations into routes.

The mock keeps no route table of its own: every route, parameter and schema comes from the spec, so a
change there reaches the mock on the next load.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
SPEC_URI = "urn:qualtrics-mock:spec"


def load_document(path: str | Path | None = None) -> dict[str, Any]:
    """The bundled spec: an explicit path, else generated/qualtrics_api/openapi.json from the package."""
    if path is not None:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = resources.files("qualtrics_api").joinpath("openapi.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@dataclass
class Parameter:
    name: str
    location: str
    required: bool
    schema_pointer: str | None
    schema: dict[str, Any]


@dataclass
class Operation:
    method: str
    template: str
    operation_id: str
    raw: dict[str, Any]
    pointer: str
    parameters: list[Parameter]
    body_required: bool
    # content type -> (schema pointer, schema)
    bodies: dict[str, tuple[str, dict[str, Any]]]
    success_status: int
    success_schema_pointer: str | None
    success_media: str | None
    regex: re.Pattern[str] = field(repr=False, default=re.compile(""))

    def ext(self, name: str) -> Any:
        return self.raw.get(name)

    @property
    def path_param_names(self) -> list[str]:
        return re.findall(r"{([^}]+)}", self.template)

    def query_params(self) -> dict[str, Parameter]:
        return {p.name: p for p in self.parameters if p.location == "query"}

    def success_examples(self, spec: Spec) -> list[Any]:
        """Every example body of the success response (`example` and `examples`)."""
        response = self.raw.get("responses", {}).get(str(self.success_status), {})
        response, _ = spec.deref(response, "")
        media = response.get("content", {}).get(self.success_media or "", {})
        found: list[Any] = []
        if "example" in media:
            found.append(media["example"])
        for example in (media.get("examples") or {}).values():
            example, _ = spec.deref(example, "")
            if isinstance(example, dict) and "value" in example:
                found.append(example["value"])
        return found


class Spec:
    """The compiled document: operations by path template, a matcher and jsonschema resolution."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.registry: Registry[Any] = Registry().with_resource(
            SPEC_URI, Resource.from_contents(document, default_specification=DRAFT202012)
        )
        self.operations: list[Operation] = []
        self.by_template: dict[str, dict[str, Operation]] = {}
        self.by_id: dict[str, Operation] = {}
        self._compile()

    @classmethod
    def load(cls, path: str | Path | None = None) -> Spec:
        return cls(load_document(path))

    def deref(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Follow local `$ref`s; returns the node and its JSON pointer (for schema resolution)."""
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
            pointer = node["$ref"][1:]
            node = self.resolve_pointer(pointer)
            seen += 1
            if seen > 32:
                raise ValueError(f"$ref loop at {pointer}")
        return node, pointer

    def resolve_pointer(self, pointer: str) -> Any:
        node: Any = self.document
        for token in pointer.lstrip("/").split("/"):
            if not token:
                continue
            token = token.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def schema_ref(self, pointer: str) -> dict[str, Any]:
        """A schema that points into the document, so its inner `#/components/...` refs resolve."""
        return {"$ref": f"{SPEC_URI}#{pointer}"}

    def _compile(self) -> None:
        for template, item in (self.document.get("paths") or {}).items():
            base = f"/paths/{_escape(template)}"
            item, base = self.deref(item, base)
            if not isinstance(item, dict):
                continue
            shared = item.get("parameters") or []
            for method in HTTP_METHODS:
                raw = item.get(method)
                if not isinstance(raw, dict):
                    continue
                op = self._operation(template, method, raw, f"{base}/{method}", shared, base)
                self.operations.append(op)
                self.by_template.setdefault(template, {})[method.upper()] = op
                self.by_id[op.operation_id] = op
        # Literal segments beat parameters (/distributions/link before /distributions/{id}).
        self.operations.sort(key=lambda o: [(seg.startswith("{"), seg) for seg in o.template.split("/")])

    def _parameters(self, raw: list[Any], base: str) -> dict[tuple[str, str], Parameter]:
        found: dict[tuple[str, str], Parameter] = {}
        for index, node in enumerate(raw):
            node, pointer = self.deref(node, f"{base}/{index}")
            schema, schema_pointer = self.deref(node.get("schema") or {}, f"{pointer}/schema")
            found[(node["name"], node["in"])] = Parameter(
                name=node["name"],
                location=node["in"],
                required=bool(node.get("required")) or node["in"] == "path",
                schema_pointer=f"{pointer}/schema" if "schema" in node else None,
                schema=schema if isinstance(schema, dict) else {},
            )
            del schema_pointer
        return found

    def _operation(
        self, template: str, method: str, raw: dict[str, Any], pointer: str, shared: list[Any], base: str
    ) -> Operation:
        params = self._parameters(shared, f"{base}/parameters")
        params.update(self._parameters(raw.get("parameters") or [], f"{pointer}/parameters"))
        body, body_pointer = self.deref(raw.get("requestBody") or {}, f"{pointer}/requestBody")
        bodies: dict[str, tuple[str, dict[str, Any]]] = {}
        for media, content in (body.get("content") or {}).items():
            schema_pointer = f"{body_pointer}/content/{_escape(media)}/schema"
            schema, _ = self.deref(content.get("schema") or {}, schema_pointer)
            bodies[media] = (schema_pointer, schema if isinstance(schema, dict) else {})
        status, schema_ptr, success_media = 200, None, None
        for code in sorted(raw.get("responses") or {}):
            if code.startswith("2"):
                status = int(code)
                response, response_pointer = self.deref(raw["responses"][code], f"{pointer}/responses/{code}")
                for media in response.get("content") or {}:
                    success_media = media
                    if "schema" in response["content"][media]:
                        schema_ptr = f"{response_pointer}/content/{_escape(media)}/schema"
                    break
                break
        regex = re.compile(re.sub(r"\\{[^}]+\\}", "([^/]+)", re.escape(template)))
        return Operation(
            method=method.upper(),
            template=template,
            operation_id=str(raw.get("operationId") or f"{method}{template}"),
            raw=raw,
            pointer=pointer,
            parameters=list(params.values()),
            body_required=bool(body.get("required")),
            bodies=bodies,
            success_status=status,
            success_schema_pointer=schema_ptr,
            success_media=success_media,
            regex=regex,
        )

    def match(self, method: str, path: str) -> tuple[Operation | None, list[str], dict[str, str]]:
        """(operation, allowed methods, path params); no operation and no methods means an unknown route.

        A path that matches nothing as sent is tried once more without one trailing slash: Qualtrics answers
        `/export-responses/` as `/export-responses`, and clients written against it (QualtricsAPI) send that.
        """
        found = self._match_exact(method, path)
        if found[0] is None and not found[1] and path.endswith("/") and path != "/":
            return self._match_exact(method, path[:-1])
        return found

    def _match_exact(self, method: str, path: str) -> tuple[Operation | None, list[str], dict[str, str]]:
        """(operation, allowed methods, path params) for the path exactly as given.

        The first template that matches wins (literal segments sort first, as OpenAPI says concrete paths match
        before templated ones); a method it lacks is a 405 listing exactly that template's methods.
        """
        for op in self.operations:
            found = op.regex.fullmatch(path)
            if not found:
                continue
            methods = self.by_template[op.template]
            chosen = methods.get(method) or (methods.get("GET") if method == "HEAD" else None)
            if chosen is None:
                return None, sorted(methods), {}
            return chosen, [], dict(zip(chosen.path_param_names, found.groups(), strict=True))
        return None, [], {}
