"""`run_job(progress=...)` and `download(progress=...)`: a display gets one task per job and per download."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from qualtrics_client import PlainProgress, Spec
from qualtrics_client._progress import terminal_progress

from ._httpx import httpx
from .conftest import Sleeps, envelope, make_async_client, make_client

EXPORT = "/API/v3/surveys/SV_1/export-responses"


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("Survey.csv", "ResponseId,Q1\n" + "".join(f"R_{i},{i}\n" for i in range(5000)))
    return buffer.getvalue()


def server(file: bytes) -> Any:
    statuses = [
        {"status": "inProgress", "percentComplete": 0.0},
        {"status": "inProgress", "percentComplete": 50.0},
        {"status": "complete", "percentComplete": 100.0, "fileId": "F-1"},
    ]

    def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(200, json=envelope({"progressId": "ES_9"}))
        if request.url.path == f"{EXPORT}/ES_9":
            return httpx.Response(200, json=envelope(statuses.pop(0)))
        return httpx.Response(200, content=file, headers={"content-type": "application/zip"})

    return handle


class Recorder:
    """A display with rich's `add_task`/`update` signature that remembers every call."""

    def __init__(self) -> None:
        self.tasks: dict[int, dict[str, Any]] = {}
        self.updates: list[tuple[int, dict[str, Any]]] = []

    def add_task(self, description: str, *, total: float | None = 100.0, **fields: Any) -> int:
        self.tasks[len(self.tasks)] = {"description": description, "total": total, "completed": 0.0}
        return len(self.tasks) - 1

    def update(self, task_id: Any, **changes: Any) -> None:
        self.updates.append((task_id, changes))
        task = self.tasks[task_id]
        for key in ("total", "completed", "description"):
            if changes.get(key) is not None:
                task[key] = changes[key]
        if changes.get("advance") is not None:
            task["completed"] += changes["advance"]


def test_job_and_download_tasks(spec: Spec, sleeps: Sleeps, tmp_path: Path) -> None:
    file = _zip()
    display = Recorder()
    with make_client(server(file), sleeps, spec) as client:
        outcome = client.run_job("exportResponses", survey_id="SV_1", body={"format": "csv"}, progress=display)
        saved = client.download(outcome, tmp_path / "x.zip", progress=display, chunk_size=4096)
    assert saved.read_bytes() == file
    job, download = display.tasks[0], display.tasks[1]
    assert job == {"description": "responseExport complete", "total": 100.0, "completed": 100.0}
    assert [u.get("completed") for task, u in display.updates if task == 0] == [0.0, 50.0, 100.0]
    assert download["description"] == "download x.zip"
    assert download["total"] == download["completed"] == len(file)
    assert sum(1 for task, u in display.updates if task == 1 and u.get("advance")) > 1


def test_async_client_takes_the_same_display(spec: Spec, sleeps: Sleeps, tmp_path: Path) -> None:
    import asyncio

    file = _zip()
    display = Recorder()

    async def run() -> Path:
        async with make_async_client(server(file), sleeps, spec) as client:
            outcome = await client.run_job(
                "exportResponses", survey_id="SV_1", body={"format": "csv"}, progress=display
            )
            return await client.download(outcome, tmp_path / "y.zip", progress=display)

    assert asyncio.run(run()).read_bytes() == file
    assert display.tasks[0]["completed"] == 100.0
    assert display.tasks[1]["completed"] == len(file)


def test_plain_progress_writes_a_line_per_change_not_per_chunk() -> None:
    out = io.StringIO()
    display = PlainProgress(out)
    job = display.add_task("responseExport starting", total=100.0)
    for percent in (0.0, 5.0, 33.0, 34.0, 100.0):
        display.update(job, completed=percent, description="responseExport inProgress")
    load = display.add_task("download x.zip", total=2_000_000.0)
    for _ in range(200):
        display.update(load, advance=10_000.0)
    lines = out.getvalue().splitlines()
    assert lines[:4] == [
        "responseExport starting 0%",
        "responseExport inProgress 0%",
        "responseExport inProgress 33%",
        "responseExport inProgress 100%",
    ]
    downloads = [line for line in lines if line.startswith("download")]
    assert downloads[0] == "download x.zip 0 B of 2.0 MB"
    assert downloads[-1] == "download x.zip 2.0 MB of 2.0 MB"
    assert len(downloads) == 11  # the start, then each tenth: not one line per chunk


@pytest.mark.parametrize("tty", [False, True])
def test_terminal_progress_is_rich_only_on_a_terminal(tty: bool) -> None:
    class Stream(io.StringIO):
        def isatty(self) -> bool:
            return tty

    with terminal_progress(Stream()) as display:
        kind = type(display).__name__
    assert kind == ("Progress" if tty else "PlainProgress")
