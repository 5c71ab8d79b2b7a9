"""A stateful local Qualtrics (v3 REST API) for tests and benchmarks, in the manner of moto.

Routes and validation come from the bundled OpenAPI spec; data lives in memory per brand.

    from qualtrics_mock import MockQualtrics, create_app, DEFAULT_TOKEN
    mock = MockQualtrics()
    app = create_app(mock)          # an ASGI app: httpx.ASGITransport(app) or uvicorn
    mock.reset()                    # back to the seeded state

The names below load on first use: pytest imports this package for its plugin in every environment that has
it installed, with or without the `mock` extra (Starlette, uvicorn, jsonschema), and must not pay for it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .faults import DroppedConnection, Fault
    from .jobs import JobSettings
    from .limits import LimitSettings
    from .spec import Spec
    from .state import (
        DEFAULT_CLIENT_ID,
        DEFAULT_CLIENT_SECRET,
        DEFAULT_TOKEN,
        OTHER_BRAND_TOKEN,
        MockQualtrics,
        SeedSizes,
    )

_WHERE = {
    "create_app": "app",
    "DroppedConnection": "faults",
    "Fault": "faults",
    "JobSettings": "jobs",
    "LimitSettings": "limits",
    "Spec": "spec",
    "DEFAULT_CLIENT_ID": "state",
    "DEFAULT_CLIENT_SECRET": "state",
    "DEFAULT_TOKEN": "state",
    "OTHER_BRAND_TOKEN": "state",
    "MockQualtrics": "state",
    "SeedSizes": "state",
}

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_TOKEN",
    "OTHER_BRAND_TOKEN",
    "DroppedConnection",
    "Fault",
    "JobSettings",
    "LimitSettings",
    "MockQualtrics",
    "SeedSizes",
    "Spec",
    "create_app",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'qualtrics_mock' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
