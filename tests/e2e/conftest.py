"""End-to-end: the overlay client against the local Qualtrics served by uvicorn over real HTTP on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from qualtrics_client import Qualtrics
from qualtrics_mock.jobs import JobSettings
from qualtrics_mock.server import RunningServer, start_in_thread
from qualtrics_mock.state import MockQualtrics, SeedSizes


@pytest.fixture(scope="module")
def local_qualtrics() -> Iterator[RunningServer]:
    # A server of this package's own, not the plugin's session-wide one: other test folders size theirs
    # differently. Enough contacts for many pages; jobs that need a few polls, so progress is really observed.
    mock = MockQualtrics(
        sizes=SeedSizes(n_surveys=4, n_responses=120, n_contacts=730), jobs=JobSettings("polls", 3, 0.0)
    )
    server = start_in_thread(mock)
    yield server
    server.stop()


@pytest.fixture
def qualtrics(local_qualtrics: RunningServer) -> Iterator[Qualtrics]:
    local_qualtrics.mock.reset()
    # No sleeping between polls or retries: the local server answers at once.
    with Qualtrics(local_qualtrics.token, base_url=local_qualtrics.base_url, sleep=lambda _: None) as client:
        yield client
