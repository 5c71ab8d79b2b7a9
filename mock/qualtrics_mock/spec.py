"""The spec as the mock reads it: the client's one model of the spec (`qualtrics_client._spec`) plus what
jsonschema needs to resolve the document's own `$ref`s.

The mock keeps no route table of its own: every route, parameter and schema comes from the spec, so a
change there reaches the mock on the next load, and the client and the mock can never disagree about which
operation a path names.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from qualtrics_client._spec import Body, Operation, Paging, Parameter, Route, normalise_path
from qualtrics_client._spec import Spec as SharedSpec

SPEC_URI = "urn:qualtrics-mock:spec"

__all__ = ["SPEC_URI", "Body", "Operation", "Paging", "Parameter", "Route", "Spec", "load_document", "normalise_path"]


def load_document(path: str | Path | None = None) -> dict[str, Any]:
    """The bundled spec: an explicit path, else generated/qualtrics_api/openapi.json from the package."""
    if path is not None:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = resources.files("qualtrics_api").joinpath("openapi.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


class Spec(SharedSpec):
    """The shared model, spec-only (the mock never imports generated operation modules)."""

    def __init__(self, document: dict[str, Any]) -> None:
        super().__init__(document, package=None)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Spec:
        return cls(load_document(path))

    @functools.cached_property
    def registry(self) -> Registry[Any]:
        resource: Resource[Any] = Resource.from_contents(self.document, default_specification=DRAFT202012)
        registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
        return registry

    def schema_ref(self, pointer: str) -> dict[str, Any]:
        """A schema that points into the document, so its inner `#/components/...` refs resolve."""
        return {"$ref": f"{SPEC_URI}#{pointer}"}

    @property
    def by_id(self) -> dict[str, Operation]:
        return {op.operation_id: op for op in self.operations}
