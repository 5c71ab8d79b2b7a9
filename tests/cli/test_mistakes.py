"""Every mistake is one line on stderr and a non-zero exit code, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from qualtrics_client.cli.settings import normalise_base_url, resolve
from qualtrics_mock.server import RunningServer

from .conftest import Run


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("qualtrics: error: ")
    return lines[0]


def test_bad_token(local: RunningServer, run: Run) -> None:
    code, out, err = run("--token", "0" * 40, "whoami")
    assert code == 1
    assert out == ""
    assert "401" in one_line(err)
    assert "--token" in err


def test_unknown_survey(local: RunningServer, run: Run, tmp_path: Path) -> None:
    code, _, err = run("export", "SV_000000000000000", "-o", str(tmp_path / "x.zip"), "--no-progress")
    assert code == 1
    assert "404" in one_line(err)
    assert not (tmp_path / "x.zip").exists()


def test_wrong_datacenter(clean_env: pytest.MonkeyPatch, run: Run) -> None:
    # A datacenter that does not exist fails at DNS; `.invalid` can never resolve (RFC 2606).
    code, _, err = run("--token", "t" * 40, "--base-url", "https://nowhere.invalid", "whoami")
    assert code == 1
    line = one_line(err)
    assert "--datacenter" in line


def test_unknown_operation(local: RunningServer, run: Run) -> None:
    code, out, err = run("call", "getSurveyy")
    assert code in (1, 2)
    assert "getSurveyy" in one_line(err)
    assert out == ""


@pytest.mark.parametrize(
    "argv",
    [
        ("export",),  # no survey id
        ("export", "SV_1", "--bogus"),
        ("export", "SV_1", "--option", "nonsense=1"),
        ("export", "SV_1", "--format", "parquet"),
        ("export", "SV_1", "--start-date", "last week"),
        ("call", "getSurvey", "surveyId"),
        ("call", "createSurvey", "--body", "{not json"),
        ("call", "createSurvey", "--body", "@/nonexistent/body.json"),
        ("nosuchcommand",),
    ],
)
def test_usage_mistakes(local: RunningServer, run: Run, argv: tuple[str, ...]) -> None:
    code, _, err = run(*argv)
    assert code != 0
    one_line(err)


def test_no_credentials(clean_env: pytest.MonkeyPatch, run: Run) -> None:
    code, _, err = run("whoami")
    assert code == 2
    assert "QUALTRICS_DATACENTER" in one_line(err)
    clean_env.setenv("QUALTRICS_DATACENTER", "iad1")
    code, _, err = run("whoami")
    assert "QUALTRICS_API_TOKEN" in one_line(err)


def test_the_other_clients_spellings_are_accepted() -> None:
    qualtrics_package = {"QUALTRICS_API_TOKEN": "t", "QUALTRICS_DATA_CENTER": "fra1"}
    assert resolve(None, None, None, qualtrics_package).datacenter == "fra1"
    r_package = {"QUALTRICS_API_KEY": "k", "QUALTRICS_BASE_URL": "ca1.qualtrics.com"}
    settings = resolve(None, None, None, r_package)
    assert (settings.token, settings.base_url) == ("k", "https://ca1.qualtrics.com")
    assert resolve("mine", "iad1", None, r_package).token == "mine"  # options win
    assert normalise_base_url("https://iad1.qualtrics.com/API/v3/") == "https://iad1.qualtrics.com"


def test_module_entry_point_and_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "qualtrics_client", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0
    for command in ("export", "surveys", "whoami", "call", "mock"):
        assert command in done.stdout
    failed = subprocess.run(
        [sys.executable, "-m", "qualtrics_client", "call", "nope"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "", "QUALTRICS_BASE_URL": "http://127.0.0.1:9", "QUALTRICS_API_TOKEN": "t" * 40},
    )
    assert failed.returncode != 0
    one_line(failed.stderr)
