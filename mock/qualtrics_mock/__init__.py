"""A stateful local Qualtrics (v3 REST API) for tests and benchmarks, in the manner of moto.

Routes and validation come from the bundled OpenAPI spec; data lives in memory per brand.

    from qualtrics_mock import MockQualtrics, create_app, DEFAULT_TOKEN
    mock = MockQualtrics()
    app = create_app(mock)          # an ASGI app: httpx.ASGITransport(app) or uvicorn
    mock.reset()                    # back to the seeded state
"""

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
