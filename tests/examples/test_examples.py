"""Every example runs against the local Qualtrics and does what it says: the DataFrame export (labels, types,
question texts, an incremental pull), contacts, distributions, and the demo."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from qualtrics_client import Qualtrics
from qualtrics_client.frames import column_info, questions
from qualtrics_mock.server import RunningServer

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(name: str) -> ModuleType:
    if str(EXAMPLES) not in sys.path:
        sys.path.insert(0, str(EXAMPLES))
    return importlib.import_module(name)


@pytest.fixture
def qualtrics(qualtrics_mock_server: RunningServer) -> Iterator[Qualtrics]:
    with Qualtrics(qualtrics_mock_server.token, base_url=qualtrics_mock_server.base_url) as client:
        yield client


def test_export_to_a_dataframe(qualtrics: Qualtrics, qualtrics_mock_server: RunningServer) -> None:
    outcome = example("export_dataframe").main_job(qualtrics)
    frame = outcome["frame"]
    assert isinstance(frame, pd.DataFrame)
    survey = qualtrics_mock_server.mock.brands["mockbrand"].surveys[outcome["survey_id"]]
    stored = qualtrics_mock_server.mock.brands["mockbrand"].responses[outcome["survey_id"]]
    assert len(frame) == len(stored)
    assert str(frame["StartDate"].dtype).startswith("datetime64")
    assert str(frame["Duration (in seconds)"].dtype) == "Int64"
    q1 = survey["questions"]["QID1"]
    labels = [q1["Choices"][code]["Display"] for code in q1["ChoiceOrder"]]
    assert list(frame["Q1"].cat.categories)[: len(labels)] == labels  # ordered categories, the survey's labels
    assert frame["Q1"].cat.ordered
    assert set(frame["Q1"].dropna()) <= set(labels)
    assert questions(frame)["Q1"] == q1["QuestionText"]
    assert column_info(frame, "Q1").question_id == "QID1"
    newer = outcome["newer"]
    assert isinstance(newer, pd.DataFrame)
    assert len(newer) == 0  # nothing recorded since the first export
    assert list(newer.columns) == list(frame.columns)


def test_contacts(qualtrics: Qualtrics) -> None:
    outcome = example("contacts").main_job(qualtrics, count=12)
    assert outcome["imported"] == 12
    assert outcome["left"] == 11
    assert outcome["emails"] == sorted(f"ada{n}@example.com" for n in range(12))


def test_distributions(qualtrics: Qualtrics) -> None:
    outcome = example("distributions").main_job(qualtrics)
    assert outcome["links"]
    assert all(str(link["link"]).startswith("https://") for link in outcome["links"])
    assert outcome["distribution_id"] in outcome["listed"]


@pytest.mark.parametrize("name", ["export_dataframe", "contacts", "distributions", "demo"])
def test_each_example_runs_from_its_command_line(
    name: str, qualtrics_mock_server: RunningServer, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--base-url", qualtrics_mock_server.base_url, "--token", qualtrics_mock_server.token]
    assert example(name).main(argv) == 0
    out = capsys.readouterr().out
    assert out.strip()
    assert "Traceback" not in out


def test_the_demo_draws_with_the_clients_progress_display(
    qualtrics_mock_server: RunningServer, capsys: pytest.CaptureFixture[str]
) -> None:
    example("demo").main(["--base-url", qualtrics_mock_server.base_url, "--token", qualtrics_mock_server.token])
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("responseExport complete 100%") for line in lines)  # PlainProgress off a terminal
    assert any(line.startswith("download ") for line in lines)
