"""`qualtrics export | surveys list | whoami | call` against the local Qualtrics."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

import pytest

from qualtrics_client import iter_rows, read_header
from qualtrics_mock.server import RunningServer

from .conftest import Run


def first_survey(run: Run) -> str:
    code, out, _ = run("surveys", "list")
    assert code == 0
    return out.splitlines()[0].split("\t")[0]


def test_surveys_list_is_tab_separated(local: RunningServer, run: Run) -> None:
    code, out, err = run("surveys", "list", "--page-size", "2")
    assert code == 0
    assert err == ""
    lines = [line.split("\t") for line in out.splitlines()]
    names = {s["name"] for s in local.mock.brands["mockbrand"].surveys.values()}
    assert len(lines) == len(names)
    assert {line[1] for line in lines} == names
    assert all(line[0].startswith("SV_") and len(line) == 4 for line in lines)
    code, out, _ = run("surveys", "list", "--json")
    assert {json.loads(line)["name"] for line in out.splitlines()} == names


def test_whoami_prints_json(local: RunningServer, run: Run) -> None:
    code, out, _ = run("whoami")
    assert code == 0
    assert json.loads(out)["brandId"] == "mockbrand"


def test_export_writes_the_zip_with_plain_progress_off_a_terminal(
    local: RunningServer, run: Run, tmp_path: Path
) -> None:
    survey = first_survey(run)
    target = tmp_path / "out.zip"
    code, out, err = run(
        "export", survey, "--format", "csv", "--output", str(target), "--labels", "--poll-interval", "0.01"
    )
    assert code == 0
    assert out == f"{target}\n"
    rows = list(iter_rows(target))
    assert len(rows) == len(local.mock.brands["mockbrand"].responses[survey])
    assert read_header(target).texts is not None  # Qualtrics's three header rows
    labels = {"Very satisfied", "Satisfied", "Neutral", "Dissatisfied", "Very dissatisfied"}
    assert {row["Q1"] for row in rows} <= labels  # --labels: choice texts, not codes
    lines = err.splitlines()
    assert lines[0].startswith("responseExport")
    assert lines[-1].startswith("download out.zip")
    assert "\r" not in err
    assert any("complete 100%" in line for line in lines)


def test_export_shows_rich_bars_on_a_terminal(
    local: RunningServer, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code, _, _ = run("export", first_survey(run), "-o", str(tmp_path / "t.zip"), "--poll-interval", "0.01")
    assert code == 0
    drawn = terminal.getvalue()
    assert "━" in drawn  # rich's bar
    assert "100%" in drawn
    assert "download t.zip" in drawn


def test_no_progress_and_any_format(local: RunningServer, run: Run, tmp_path: Path) -> None:
    code, out, err = run(
        "export", first_survey(run), "-f", "ndjson", "-o", str(tmp_path), "--no-progress", "--poll-interval", "0.01"
    )
    assert code == 0
    assert err == ""
    saved = Path(out.strip())
    assert saved.parent == tmp_path  # a directory: the server's file name
    with zipfile.ZipFile(saved) as archive:
        assert archive.namelist()[0].endswith(".ndjson")


def test_dates_and_continuation(local: RunningServer, run: Run, tmp_path: Path) -> None:
    survey = first_survey(run)
    code, _, err = run(
        "export",
        survey,
        "-o",
        str(tmp_path / "a.zip"),
        "--allow-continuation",
        "--no-progress",
        "--start-date",
        "2025-01-01",
        "--end-date",
        "2100-01-01",
        "--poll-interval",
        "0.01",
    )
    assert code == 0
    token = err.strip().removeprefix("continuation token: ")
    assert token
    assert token != err.strip()
    code, _out, _ = run(
        "export",
        survey,
        "-o",
        str(tmp_path / "b.zip"),
        "--continuation-token",
        token,
        "--no-progress",
        "--poll-interval",
        "0.01",
    )
    assert code == 0
    assert list(iter_rows(tmp_path / "b.zip")) == []  # nothing new since the first export


def test_call_any_operation(local: RunningServer, run: Run, tmp_path: Path) -> None:
    survey = first_survey(run)
    code, out, _ = run("call", "getSurvey", f"surveyId={survey}")
    assert code == 0
    assert json.loads(out)["result"]["id"] == survey
    code, out, _ = run("call", "list_surveys", "page_size=1")
    assert code == 0
    assert len(json.loads(out)["result"]["elements"]) == 1
    body = tmp_path / "body.json"
    body.write_text(json.dumps({"name": "From the command line"}))
    code, out, err = run("call", "createSurvey", "--body", f"@{body}")
    assert code == 0, err
    created = json.loads(out)["result"]["id"]
    assert any(s["name"] == "From the command line" for s in local.mock.brands["mockbrand"].surveys.values())
    assert created in local.mock.brands["mockbrand"].surveys


def test_mock_command_serves_the_local_qualtrics(tmp_path: Path) -> None:
    import subprocess
    import time

    import httpx

    from qualtrics_mock.server import free_port

    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and package
        [sys.executable, "-m", "qualtrics_client", "mock", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        banner = [server.stdout.readline() for _ in range(2)]
        assert f"127.0.0.1:{port}" in banner[0]
        token = banner[1].split(":", 1)[1].strip()
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/API/v3/whoami", headers={"X-API-TOKEN": token})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the mock did not start"
                time.sleep(0.1)
        assert answer.status_code == 200
        assert answer.json()["result"]["brandId"] == "mockbrand"
    finally:
        server.terminate()
        server.wait(timeout=10)
