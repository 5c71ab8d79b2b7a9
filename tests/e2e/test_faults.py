"""The client against the local Qualtrics over real HTTP while one request in five fails: 429s, 5xx, dropped
connections and 200s whose body is an HTML page. Listings and exports lose and repeat nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qualtrics_client import AsyncQualtrics, Qualtrics, iter_rows
from qualtrics_mock import Fault
from qualtrics_mock.jobs import JobSettings
from qualtrics_mock.server import RunningServer, start_in_thread
from qualtrics_mock.state import MockQualtrics, SeedSizes

CONTACTS = 10_000
RESPONSES = 300


@pytest.fixture(scope="module")
def faulty_qualtrics() -> Iterator[RunningServer]:
    mock = MockQualtrics(
        sizes=SeedSizes(n_surveys=1, n_responses=RESPONSES, n_contacts=CONTACTS), jobs=JobSettings("polls", 2, 0.0)
    )
    server = start_in_thread(mock)
    yield server
    server.stop()


def _twenty_percent_faults(server: RunningServer, seed: int) -> None:
    server.mock.reset()
    faults = server.mock.faults
    faults.seed = seed
    faults.clear()
    faults.add(Fault("status", probability=0.05, status=429))
    faults.add(Fault("status", probability=0.05, status=503))
    faults.add(Fault("drop", probability=0.05))
    faults.add(Fault("non_json", probability=0.05, status=200))


def _client(server: RunningServer) -> Qualtrics:
    # Ten retries: at one failure in five, five failures in a row on one of ~150 requests is likely enough.
    return Qualtrics(server.token, base_url=server.base_url, sleep=lambda _: None, max_retries=10)


def _raw(pages: Iterator[Any]) -> list[dict[str, Any]]:
    """The elements as sent: the pager yields models, the test counts what came over the wire."""
    return [element for page in pages for element in page.raw["result"]["elements"]]


def _directory(client: Qualtrics) -> str:
    directory = client.call("listDirectories").raw["result"]["elements"][0]
    return str(directory.get("directoryId") or directory["id"])


def test_ten_thousand_contacts_through_faults(faulty_qualtrics: RunningServer) -> None:
    with _client(faulty_qualtrics) as client:
        directory_id = _directory(client)
        _twenty_percent_faults(faulty_qualtrics, seed=3)
        pager = client.paginate("listDirectoryContacts", directory_id=directory_id, page_size=100)
        ids = [contact["contactId"] for contact in _raw(pager.pages())]
    assert len(ids) == len(set(ids)) == CONTACTS
    assert faulty_qualtrics.mock.faults.injected > 10


def test_async_ten_thousand_contacts_through_faults(faulty_qualtrics: RunningServer) -> None:
    with _client(faulty_qualtrics) as client:
        directory_id = _directory(client)
    _twenty_percent_faults(faulty_qualtrics, seed=4)

    async def walk() -> list[str]:
        async with AsyncQualtrics(
            faulty_qualtrics.token, base_url=faulty_qualtrics.base_url, async_sleep=_no_wait, max_retries=10
        ) as client:
            pager = client.paginate("listDirectoryContacts", directory_id=directory_id, page_size=100)
            return [c["contactId"] async for page in pager.pages() for c in page.raw["result"]["elements"]]

    ids = asyncio.run(walk())
    assert len(ids) == len(set(ids)) == CONTACTS


async def _no_wait(_: float) -> None:
    return None


@pytest.mark.parametrize(("fmt", "seed"), [("csv", 5), ("ndjson", 6), ("json", 7)])
def test_export_through_faults(faulty_qualtrics: RunningServer, tmp_path: Path, fmt: str, seed: int) -> None:
    with _client(faulty_qualtrics) as client:
        survey_id = _raw(client.paginate("listSurveys").pages())[0]["id"]
        _twenty_percent_faults(faulty_qualtrics, seed=seed)
        outcome = client.run_job("exportResponses", survey_id=survey_id, body={"format": fmt})
        saved = client.download(outcome, tmp_path / f"export.{fmt}.zip")
        streamed = b"".join(client.iter_file(outcome))
    assert saved.read_bytes() == streamed  # the same file, however many times each was fetched again
    rows = list(iter_rows(saved))
    ids = [row["ResponseId"] if "ResponseId" in row else row["responseId"] for row in rows]
    assert len(ids) == len(set(ids)) == RESPONSES
    assert not list(tmp_path.glob("*.part"))


def test_download_survives_dropped_connections(faulty_qualtrics: RunningServer, tmp_path: Path) -> None:
    with _client(faulty_qualtrics) as client:
        survey_id = _raw(client.paginate("listSurveys").pages())[0]["id"]
        faulty_qualtrics.mock.reset()
        outcome = client.run_job("exportResponses", survey_id=survey_id, body={"format": "ndjson"})
        faults = faulty_qualtrics.mock.faults
        faults.seed = 1
        faults.clear()
        faults.add(Fault("drop", probability=0.6, paths=("/API/v3/surveys/",)))  # most file requests drop
        saved = client.download(outcome, tmp_path / "export.zip")
        assert faults.injected >= 1
    assert len(list(iter_rows(saved))) == RESPONSES
