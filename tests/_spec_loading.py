"""Loading the bundled spec at collection time, for parametrizing tests over every operation, and the one
`$ref` resolver (the client's spec model, `qualtrics_client._spec`) the tests follow references with."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from qualtrics_client._spec import Spec


def load_shipped_spec() -> dict[str, Any]:
    text = resources.files("qualtrics_api").joinpath("openapi.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def resolve(document: dict[str, Any], node: Any) -> Any:
    """Follow a `$ref` of the bundle with the client's resolver; a dangling ref raises LookupError.
    (Building the model costs nothing: it indexes operations only when asked about them.)"""
    return Spec(document, package=None).resolve(node, strict=True)
