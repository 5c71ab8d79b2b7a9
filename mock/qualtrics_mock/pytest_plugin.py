"""Pytest fixtures for users of the mock (registered through the `pytest11` entry point).

- `qualtrics_mock`: a `MockHandle` (state, ASGI app, token, `client()` for httpx over ASGITransport), reset
  before each test. Override `qualtrics_mock_options` to pass MockQualtrics arguments (spec_path, sizes...).
- `qualtrics_mock_server`: the same state served by uvicorn on a free loopback port for the session, reset
  before each test; yields a `RunningServer` (`base_url`, `token`, `mock`).

Pytest loads this module in every run of every project that has the package installed, with or without the
`mock` extra, so it imports nothing but pytest until a fixture is used: a missing extra is then a clear
failure of that test, never a crash of the whole run.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import httpx

    from .server import RunningServer
    from .state import MockQualtrics

EXTRA_HINT = "the qualtrics_mock fixtures need the mock extra: pip install 'qualtrics-client[mock]'"


def _require_extra() -> None:
    try:
        for name in ("starlette", "uvicorn", "jsonschema"):
            importlib.import_module(name)
    except ModuleNotFoundError as exc:
        pytest.fail(f"{EXTRA_HINT} ({exc.name} is not installed)", pytrace=False)


@dataclass
class MockHandle:
    mock: MockQualtrics
    app: Any  # the Starlette app
    token: str
    base_url: str = "https://iad1.qualtrics.com"

    def client(self, **kwargs: Any) -> httpx.Client:
        """A sync httpx client on the app in-process, authenticated with the default token."""
        from .inprocess import sync_client

        return sync_client(self.app, self.token, self.base_url, **kwargs)

    def async_client(self, **kwargs: Any) -> httpx.AsyncClient:
        from .inprocess import async_client

        return async_client(self.app, self.token, self.base_url, **kwargs)

    def reset(self) -> None:
        self.mock.reset()


@pytest.fixture(scope="session")
def qualtrics_mock_options() -> dict[str, Any]:
    """Keyword arguments for MockQualtrics; override in a conftest to change the spec, sizes or jobs."""
    return {}


@pytest.fixture(scope="session")
def _qualtrics_mock_session(qualtrics_mock_options: dict[str, Any]) -> MockHandle:
    _require_extra()
    from .app import create_app
    from .state import MockQualtrics

    mock = MockQualtrics(**qualtrics_mock_options)
    return MockHandle(mock, create_app(mock), mock.default_token)


@pytest.fixture
def qualtrics_mock(_qualtrics_mock_session: MockHandle) -> MockHandle:
    _qualtrics_mock_session.reset()
    return _qualtrics_mock_session


@pytest.fixture(scope="session")
def _qualtrics_mock_server_session(qualtrics_mock_options: dict[str, Any]) -> Iterator[RunningServer]:
    _require_extra()
    from .server import start_in_thread
    from .state import MockQualtrics

    running = start_in_thread(MockQualtrics(**qualtrics_mock_options))
    yield running
    running.stop()


@pytest.fixture
def qualtrics_mock_server(_qualtrics_mock_server_session: RunningServer) -> RunningServer:
    _qualtrics_mock_server_session.mock.reset()
    return _qualtrics_mock_server_session
