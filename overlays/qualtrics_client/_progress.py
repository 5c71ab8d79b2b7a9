"""Progress displays for jobs and downloads: a ready-made rich `Progress`, or plain lines for logs.

The client never imports rich itself: `run_job(progress=...)` and `download(progress=...)` accept anything with
rich's `add_task` / `update` methods (a `rich.progress.Progress`, or `PlainProgress` here), so the package keeps
no hard dependency on it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any, Protocol

from .jobs import JobProgress


class ProgressDisplay(Protocol):
    """What the client needs of a display: rich's `Progress.add_task` and `Progress.update`."""

    def add_task(self, description: str, *, total: float | None = ..., **fields: Any) -> Any: ...

    def update(
        self,
        task_id: Any,
        *,
        total: float | None = ...,
        completed: float | None = ...,
        advance: float | None = ...,
        description: str | None = ...,
        **fields: Any,
    ) -> None: ...


class JobTask:
    """One job's line on a display, fed by the runner's progress reports."""

    def __init__(self, display: ProgressDisplay, kind: str) -> None:
        self._display = display
        self._kind = kind
        self._task = display.add_task(f"{kind} starting", total=100.0)

    def __call__(self, report: JobProgress) -> None:
        self._display.update(self._task, completed=report.percent, description=f"{self._kind} {report.status}")


class DownloadTask:
    """One download's line: bytes written against the announced length (unknown lengths show a spinner)."""

    def __init__(self, display: ProgressDisplay, name: str, total: int | None) -> None:
        self._display = display
        self._task = display.add_task(f"download {name}", total=float(total) if total else None)

    def advance(self, written: int) -> None:
        self._display.update(self._task, advance=float(written))

    def finish(self, written: int) -> None:
        self._display.update(self._task, total=float(written), completed=float(written))


def download_task(display: ProgressDisplay | None, name: str, headers: Any) -> DownloadTask | None:
    """A download's task on `display` (none without one), sized by the response's content-length if any."""
    if display is None:
        return None
    length = headers.get("content-length")
    return DownloadTask(display, name, int(length) if isinstance(length, str) and length.isdigit() else None)


class PlainProgress:
    """A display for logs and pipes: one line per change of status and per tenth of the way, no redrawing."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._tasks: dict[int, dict[str, Any]] = {}

    def add_task(self, description: str, *, total: float | None = 100.0, **fields: Any) -> int:
        task_id = len(self._tasks)
        self._tasks[task_id] = {"description": description, "total": total, "completed": 0.0, "step": -1}
        self._line(task_id)
        return task_id

    def update(
        self,
        task_id: Any,
        *,
        total: float | None = None,
        completed: float | None = None,
        advance: float | None = None,
        description: str | None = None,
        **fields: Any,
    ) -> None:
        task = self._tasks[task_id]
        changed = description is not None and description != task["description"]
        if description is not None:
            task["description"] = description
        if total is not None:
            task["total"] = total
        if completed is not None:
            task["completed"] = completed
        if advance is not None:
            task["completed"] += advance
        step = self._step(task)
        if changed or step > task["step"]:
            self._line(task_id)

    @staticmethod
    def _step(task: dict[str, Any]) -> int:
        total = task["total"]
        return int(10 * min(1.0, task["completed"] / total)) if total else -1

    def _line(self, task_id: int) -> None:
        task = self._tasks[task_id]
        task["step"] = self._step(task)
        total = task["total"]
        if total and task["description"].startswith("download"):
            amount = f"{size(task['completed'])} of {size(total)}"
        elif total:
            amount = f"{100 * task['completed'] / total:.0f}%"
        else:
            amount = size(task["completed"]) if task["completed"] else ""
        self._stream.write(f"{task['description']} {amount}".rstrip() + "\n")
        self._stream.flush()


def size(count: float) -> str:
    for unit in ("B", "KB", "MB"):
        if count < 1000:
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1000
    return f"{count:.1f} GB"


@contextmanager
def terminal_progress(stream: IO[str] | None = None) -> Iterator[ProgressDisplay]:
    """rich's live bars when `stream` is a terminal and rich is installed, plain lines otherwise."""
    out = stream if stream is not None else sys.stderr
    if out.isatty():
        try:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn
        except ImportError:
            pass
        else:
            columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn())
            with Progress(*columns, console=Console(file=out)) as bars:
                yield bars
            return
    yield PlainProgress(out)
