"""Contract: schemathesis drives every operation of the spec against the local Qualtrics, in-process.

Positive phase: schema-valid requests for each operation, each answer checked against the spec (status code
declared, content type, response schema, headers). Stateful phase: sequences walking the spec's links
(create -> get, job start -> progress -> file). A fixed seed keeps runs reproducible; the mock is reset between
the phases so deletes do not drain the seed data.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from qualtrics_mock.app import create_app
from qualtrics_mock.jobs import JobSettings
from qualtrics_mock.limits import LimitSettings
from qualtrics_mock.state import MockQualtrics

from .._spec_loading import load_shipped_spec

# Rate limits off: schemathesis's bursts would (rightly) be throttled, which is not what is under test here.
MOCK = MockQualtrics(jobs=JobSettings("immediate"), limits=LimitSettings(enabled=False))
APP = create_app(MOCK)
AUTH = {"X-API-TOKEN": MOCK.default_token}

# The repository's schemathesis.toml (shared with `make contract`) holds the narrow per-operation exceptions.
SHARED = tomllib.loads((Path(__file__).resolve().parents[2] / "schemathesis.toml").read_text(encoding="utf-8"))
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20261123,
        "headers": AUTH,
        "generation": {"max-examples": 8, "mode": "positive"},
        "operations": SHARED["operations"],
    }
)
# A raw CSV body (importResponses) is bytes on the wire; schemathesis has no text/csv serializer of its own and
# would send no body at all. tools/contract_hooks.py says the same for `make contract`.
schemathesis.serializer.alias("text/csv", "application/octet-stream")
SCHEMA = schemathesis.openapi.from_dict(load_shipped_spec(), config=CONFIG)
SCHEMA.app = APP


@SCHEMA.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_as_the_spec_says(case: Any) -> None:
    case.call_and_validate(headers=AUTH)


def test_stateful_walks_of_the_links() -> None:
    MOCK.reset()
    state_machine = SCHEMA.as_state_machine()
    state_machine.run(settings=settings(max_examples=25, stateful_step_count=6, deadline=None, derandomize=True))
    MOCK.reset()
