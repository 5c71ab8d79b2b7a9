"""Asynchronous jobs (exports, imports, bulk deletes/updates, contact imports) as a small state machine.

A job finishes immediately, after N progress polls, or after some seconds on the mock's clock; the mode is a
switch on the state object so tests can exercise clients' polling without sleeping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

JobMode = Literal["immediate", "polls", "timed", "fail"]


@dataclass
class JobSettings:
    mode: JobMode = "polls"
    polls: int = 2  # progress polls answered "inProgress" before "complete" (mode "polls")
    seconds: float = 1.0  # mode "timed"


@dataclass
class Job:
    job_id: str
    kind: str
    survey_id: str | None
    settings: JobSettings
    started: float
    payload: dict[str, Any] = field(default_factory=dict)
    polls: int = 0
    file_id: str | None = None
    result: Any = None
    # Fields the complete progress carries besides status, percent and file (an export's continuationToken).
    finished_fields: dict[str, Any] = field(default_factory=dict)
    on_complete: Callable[[Job], None] | None = None
    _completed: bool = False

    def percent(self, now: float) -> float:
        mode = self.settings.mode
        if mode == "immediate":
            return 100.0
        if mode == "timed":
            if self.settings.seconds <= 0:
                return 100.0
            return min(100.0, round(100.0 * (now - self.started) / self.settings.seconds, 1))
        if mode == "fail":
            return 0.0
        total = max(self.settings.polls, 0) + 1
        return min(100.0, round(100.0 * self.polls / total, 1))

    def poll(self, now: float) -> dict[str, Any]:
        """Advance by one poll and answer the progress; running progress carries no `fileId` key at all."""
        self.polls += 1
        if self.settings.mode == "fail":
            return {"percentComplete": 0.0, "status": "failed", "failureReason": "Mock job configured to fail."}
        percent = self.percent(now)
        if percent < 100.0:
            return {"percentComplete": percent, "status": "inProgress"}
        if not self._completed:
            self._completed = True
            if self.on_complete is not None:
                self.on_complete(self)
        progress: dict[str, Any] = {"percentComplete": 100.0, "status": "complete"}
        if self.file_id is not None:
            progress["fileId"] = self.file_id
        progress.update(self.finished_fields)
        return progress

    @property
    def complete(self) -> bool:
        return self._completed
