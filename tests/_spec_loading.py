"""Loading the bundled spec at collection time, for parametrizing tests over every operation."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def load_shipped_spec() -> dict[str, Any]:
    text = resources.files("qualtrics_api").joinpath("openapi.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document
