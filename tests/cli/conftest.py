"""The command line against the local Qualtrics over real HTTP, credentials from the environment."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from qualtrics_client.cli import main
from qualtrics_mock.server import RunningServer

Run = Callable[..., tuple[int, str, str]]

CREDENTIAL_VARIABLES = (
    "QUALTRICS_API_TOKEN",
    "QUALTRICS_API_KEY",
    "QUALTRICS_TOKEN",
    "QUALTRICS_DATACENTER",
    "QUALTRICS_DATA_CENTER",
    "QUALTRICS_DATACENTER_ID",
    "QUALTRICS_BASE_URL",
    "QUALTRICS_CLIENT_ID",
    "QUALTRICS_CLIENT_SECRET",
)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def local(qualtrics_mock_server: RunningServer, clean_env: pytest.MonkeyPatch) -> RunningServer:
    clean_env.setenv("QUALTRICS_BASE_URL", qualtrics_mock_server.base_url)
    clean_env.setenv("QUALTRICS_API_TOKEN", qualtrics_mock_server.token)
    return qualtrics_mock_server


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def invoke(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke
