"""Server mode (uvicorn on a loopback port) and the pytest plugin's fixtures."""

from __future__ import annotations

from importlib import resources

import httpx
import pytest

from qualtrics_mock import DEFAULT_TOKEN, Fault
from qualtrics_mock.pytest_plugin import MockHandle
from qualtrics_mock.server import RunningServer


def test_server_fixture_serves_the_mock_over_http(qualtrics_mock_server: RunningServer) -> None:
    headers = {"X-API-TOKEN": qualtrics_mock_server.token}
    with httpx.Client(base_url=qualtrics_mock_server.base_url, headers=headers) as http:
        me = http.get("/API/v3/whoami")
        assert me.status_code == 200
        assert me.json()["result"]["brandId"] == "mockbrand"
        page = http.get("/API/v3/surveys", params={"pageSize": 1}).json()["result"]
        assert page["nextPage"].startswith(qualtrics_mock_server.base_url + "/API/v3/surveys?")
        assert http.get("/API/v3/whoami", headers={"X-API-TOKEN": "wrong"}).status_code == 401


def test_server_drops_connections_on_demand(qualtrics_mock_server: RunningServer) -> None:
    qualtrics_mock_server.mock.faults.add(Fault("drop", every=1))
    headers = {"X-API-TOKEN": qualtrics_mock_server.token}
    with (
        httpx.Client(base_url=qualtrics_mock_server.base_url, headers=headers) as http,
        pytest.raises(httpx.TransportError),
    ):
        http.get("/API/v3/whoami")


def test_server_fixture_resets_between_tests(qualtrics_mock_server: RunningServer) -> None:
    assert qualtrics_mock_server.mock.faults.faults == []


def test_in_process_fixture(qualtrics_mock: MockHandle) -> None:
    with qualtrics_mock.client() as http:
        survey_id = http.get("/API/v3/surveys").json()["result"]["elements"][0]["id"]
        assert http.delete(f"/API/v3/surveys/{survey_id}").status_code == 200
        assert http.get(f"/API/v3/surveys/{survey_id}").status_code == 404
        qualtrics_mock.reset()
        assert http.get(f"/API/v3/surveys/{survey_id}").status_code == 200


def test_main_parses_arguments_and_prints_the_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    from qualtrics_mock import __main__ as entry

    started: list[uvicorn.Config] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: started.append(self.config))
    bundle = str(resources.files("qualtrics_api").joinpath("openapi.json"))
    entry.main(["--port", "9123", "--surveys", "1", "--responses", "3", "--spec", bundle])
    out = capsys.readouterr().out
    assert "http://127.0.0.1:9123" in out
    assert DEFAULT_TOKEN in out
    assert started[0].port == 9123
