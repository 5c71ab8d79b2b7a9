"""Fixtures shared by every layer's tests."""

from __future__ import annotations

from typing import Any

import pytest

from ._spec_loading import load_shipped_spec


@pytest.fixture(scope="session")
def bundled_spec() -> dict[str, Any]:
    """The bundled spec as the package ships it (generated/qualtrics_api/openapi.json)."""
    return load_shipped_spec()
