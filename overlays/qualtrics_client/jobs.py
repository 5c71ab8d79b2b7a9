"""One runner for every asynchronous job family, driven by the spec's `x-job` extension.

start (x-job role start: names its progress and file operations and where the progress id is)
→ poll the progress operation with growing intervals, reporting progress
→ complete: the outcome carries the file id (exports) for `download` / `iter_file`.
Path parameters of the follow-up calls come from the start request's own URL, matched against the
start operation's path template, so no per-family code is needed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic
from urllib.parse import quote

from ._checks import check_path_values, require_job_start
from ._operations import RequestParts
from ._spec import Operation, Spec, get_path
from .errors import JobFailed, JobTimeout, QualtricsError
from .result import Result

if TYPE_CHECKING:  # type checkers see the defaults (PEP 696); the runtime TypeVars need none
    from typing_extensions import TypeVar

    StartT = TypeVar("StartT", default=Any)
    ProgressT = TypeVar("ProgressT", default=Any)
else:
    from typing import TypeVar

    StartT = TypeVar("StartT")
    ProgressT = TypeVar("ProgressT")


_DONE = frozenset({"complete", "completed", "done", "success", "succeeded", "finished"})
_FAILED = frozenset({"failed", "failure", "error", "cancelled", "canceled", "aborted", "expired"})


@dataclass(frozen=True)
class JobProgress(Generic[ProgressT]):
    kind: str
    progress_id: str
    status: str
    percent: float | None
    result: Result[ProgressT] = field(repr=False)


@dataclass(frozen=True)
class JobOutcome(Generic[StartT, ProgressT]):
    kind: str
    progress_id: str
    status: str
    file_id: str | None
    start: Result[StartT] = field(repr=False)
    progress: Result[ProgressT] = field(repr=False)
    file_operation: Operation | None = field(repr=False)
    path_values: dict[str, str] = field(repr=False)


def _words(value: Any) -> frozenset[str] | None:
    if not isinstance(value, list) or not value:
        return None
    return frozenset(str(word).strip().lower() for word in value)


def state(status: str, done: frozenset[str] | None = None, failed: frozenset[str] | None = None) -> str:
    """'done', 'failed' or 'running'. The words are the progress operation's `doneStatuses` and
    `failedStatuses`; for an operation that names none, every spelling seen ("complete", "Completed", ...)."""
    word = status.strip().lower()
    if done is not None or failed is not None:
        return "done" if word in (done or ()) else "failed" if word in (failed or ()) else "running"
    if word in _DONE:
        return "done"
    return "failed" if word in _FAILED else "running"


def fill(operation: Operation, values: dict[str, str], new_id: str | None) -> tuple[str, dict[str, str]]:
    """The operation's path with known values, and the one unknown parameter set to `new_id`."""
    unknown = [p for p in operation.path_params if p not in values]
    if len(unknown) > 1 or (unknown and new_id is None):
        raise QualtricsError(f"cannot fill {operation.path}: unknown parameters {unknown}")
    filled = dict(values)
    if unknown and new_id is not None:
        filled[unknown[0]] = new_id
    # Ids come from the server's answers here: one that is `..` or holds `/` must not redirect the next call.
    check_path_values(operation.operation_id, {name: filled[name] for name in operation.path_params})
    path = operation.path
    for name in operation.path_params:
        path = path.replace("{" + name + "}", quote(filled[name], safe=""))
    return path, filled


@dataclass
class JobPlan:
    kind: str
    progress_op: Operation
    file_op: Operation | None
    id_path: str
    status_path: str
    percent_path: str
    file_id_path: str
    values: dict[str, str]
    done_words: frozenset[str] | None = None
    failed_words: frozenset[str] | None = None
    failure_path: str = "result.failureReason"


def plan(spec: Spec, start_op: Operation, start_path: str) -> JobPlan:
    require_job_start(start_op)
    job = start_op.job or {}
    progress_op = spec.operation(job["progress"])
    pjob = progress_op.job or {}
    file_op = spec.operation(job["file"]) if isinstance(job.get("file"), str) else None
    values = start_op.match_path(start_path) or {}
    return JobPlan(
        kind=str(job.get("kind", "job")),
        progress_op=progress_op,
        file_op=file_op,
        id_path=str(job.get("progressIdPath", "result.progressId")),
        status_path=str(pjob.get("statusPath", "result.status")),
        percent_path=str(pjob.get("percentPath", "result.percentComplete")),
        file_id_path=str(pjob.get("fileIdPath", "result.fileId")),
        values=values,
        done_words=_words(pjob.get("doneStatuses")),
        failed_words=_words(pjob.get("failedStatuses")),
        failure_path=str(pjob.get("failurePath", "result.failureReason")),
    )


def _text(value: Any) -> str | None:
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) and str(value) else None


@dataclass
class Poller:
    """The polling state machine shared by the sync and async runners."""

    plan: JobPlan
    start: Result
    clock: Callable[[], float]
    timeout: float
    interval: float
    max_interval: float
    progress_id: str = ""
    path: str = ""
    values: dict[str, str] = field(default_factory=dict)
    started: float = 0.0
    # Applied to what the server says in a failure (its reason may echo a secret the request carried).
    redact: Callable[[str], str] = str

    def begin(self) -> RequestParts:
        progress_id = _text(get_path(self.start.data, self.plan.id_path))
        if progress_id is None:
            raise QualtricsError(f"{self.plan.kind}: no progress id at {self.plan.id_path} in the start response")
        self.progress_id = progress_id
        self.path, self.values = fill(self.plan.progress_op, self.plan.values, progress_id)
        self.started = self.clock()
        return RequestParts(method=self.plan.progress_op.method, url=self.path)

    def observe(self, page: Result) -> tuple[JobProgress, JobOutcome | None, float]:
        """Progress report, the outcome when finished, and seconds to wait before the next poll."""
        status = _text(get_path(page.data, self.plan.status_path)) or "unknown"
        percent_raw = get_path(page.data, self.plan.percent_path)
        percent = (
            float(percent_raw) if isinstance(percent_raw, int | float) and not isinstance(percent_raw, bool) else None
        )
        report = JobProgress(self.plan.kind, self.progress_id, status, percent, page)
        verdict = state(status, self.plan.done_words, self.plan.failed_words)
        if verdict == "failed":
            reason = _text(get_path(page.data, self.plan.failure_path)) or status
            raise JobFailed(
                self.redact(f"{self.plan.kind} job {self.progress_id} failed: {reason}"),
                kind=self.plan.kind,
                progress_id=self.progress_id,
                status=self.redact(status),
            )
        if verdict == "done":
            file_id = _text(get_path(page.data, self.plan.file_id_path))
            outcome = JobOutcome(
                self.plan.kind, self.progress_id, status, file_id, self.start, page, self.plan.file_op, self.values
            )
            return report, outcome, 0.0
        wait = self.interval
        if self.clock() - self.started + wait > self.timeout:
            raise JobTimeout(
                self.redact(f"{self.plan.kind} job {self.progress_id} still {status!r} after {self.timeout}s"),
                kind=self.plan.kind,
                progress_id=self.progress_id,
                status=self.redact(status),
            )
        self.interval = min(self.max_interval, self.interval * 1.5)
        return report, None, wait


if TYPE_CHECKING:
    from qualtrics_api import api

    # What `download` and `iter_file` take: an outcome of `run_job`, or of a typed `run_<operation>`
    # (which type checkers know by the generated package's protocol).
    Finished = JobOutcome[Any, Any] | api.JobOutcome[Any, Any]


def file_call(outcome: Finished) -> tuple[RequestParts, Operation | None]:
    """The request for a finished job's file, and the file operation it calls."""
    if not isinstance(outcome, JobOutcome):
        raise QualtricsError(f"{type(outcome).__name__} is not the outcome of a job this client ran")
    return file_request(outcome), outcome.file_operation


def file_request(outcome: JobOutcome) -> RequestParts:
    if outcome.file_operation is None:
        raise QualtricsError(f"{outcome.kind} jobs produce no file")
    if outcome.file_id is None:
        raise QualtricsError(f"{outcome.kind} job {outcome.progress_id} completed without a file id")
    path, _ = fill(outcome.file_operation, outcome.path_values, outcome.file_id)
    return RequestParts(method=outcome.file_operation.method, url=path)


# What a callback returns is ignored (awaited first, for the async runner, when it is awaitable).
ProgressCallback = Callable[[JobProgress], object]
AsyncProgressCallback = Callable[[JobProgress], object]
