"""The decisions of one logical call, shared by the sync and async engines: after each attempt, accept the
answer, follow a redirect, re-authenticate, retry after a wait, or give up with a typed error.

Decisions are tagged values, so the engines' loops read as a `match` and no number means two things.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import _http, _retry
from ._body import NOT_PARSED, Expect, accept, head_problem
from ._operations import RequestParts
from ._origin import Origin, require_trusted
from .errors import (
    ConnectionError,
    MalformedResponse,
    QualtricsError,
    Secrets,
    Timeout,
    UnsafeURL,
    error_from_response,
    parse_error_body,
    redact,
    redact_bytes,
    redact_optional,
)
from .result import warn_notice

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Log lines name method, host and path only: never headers, never the query.
log = logging.getLogger("qualtrics_client")


@dataclass(frozen=True)
class Accept:
    """The answer is good: `payload` is its parsed JSON (NOT_PARSED for a file)."""

    payload: Any


@dataclass(frozen=True)
class Redirect:
    """Send again, at once, to the new target (already checked to be parseable; trust is checked on send)."""


@dataclass(frozen=True)
class Reauthenticate:
    """The bearer was refused: replace exactly that token, then send again at once."""

    rejected: str


@dataclass(frozen=True)
class Retry:
    wait: float


@dataclass(frozen=True)
class GiveUp:
    error: QualtricsError


Decision = Accept | Redirect | Reauthenticate | Retry | GiveUp


@dataclass
class Call:
    parts: RequestParts
    retry_safe: bool = True
    is_async: bool = False
    authenticate: bool = True
    max_retries: int | None = None
    deadline: float | None = None  # seconds; None: the policy's
    expect: Expect = Expect.SNIFF
    # Set by the engine on success: the body's JSON as parsed while checking it, so it is parsed once.
    payload: Any = NOT_PARSED


def _rewind(files: Any, content: Any) -> None:
    """Seek uploaded file objects back to the start, so a retried multipart request sends the whole file."""
    payloads = [content]
    for entry in files or ():
        if isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], tuple) and len(entry[1]) >= 2:
            payloads.append(entry[1][1])
    for payload in payloads:
        seek = getattr(payload, "seek", None)
        if callable(seek):
            seek(0)


class Attempts:
    def __init__(
        self,
        *,
        call: Call,
        base_url: str,
        base_origin: Origin,
        policy: _retry.RetryPolicy,
        timeout: _http.Timeout,
        clock: Any,
        rand: Any,
        secrets: Callable[[], Secrets],
        can_refresh: bool,
        max_redirects: int,
    ) -> None:
        self.call = call
        self.base_origin = base_origin
        self.policy = policy
        self.timeout = timeout
        self.clock = clock
        self.rand = rand
        # Asked each time: a bearer fetched during this very call is a secret too.
        self._secrets = secrets
        self.can_refresh = call.authenticate and can_refresh
        self.max_redirects = max_redirects
        parts = call.parts
        self.method = parts.method
        try:
            # Parsed once per URL (and cached across calls): the origin check and httpx see this same object.
            self.target = _http.parse_url(parts.url, base_url)
        except ValueError:
            raise UnsafeURL("refusing to send a request to an unparseable URL") from None
        self.params, self.json, self.data = parts.params, parts.json, parts.data
        self.files, self.content = parts.files, parts.content
        self.attempt = 0
        self.redirects = 0
        self.reauthed = False
        self.rejected: str | None = None
        self.sent_auth: str | None = None
        self.started = clock()
        self.max_retries = policy.max_retries if call.max_retries is None else call.max_retries
        self.deadline = policy.deadline if call.deadline is None else call.deadline

    @property
    def secrets(self) -> Secrets:
        return self._secrets()

    # -- before sending ------------------------------------------------------------------------------------

    def take_rejected(self) -> str | None:
        """The Authorization value the server just refused (once), so exactly that token is replaced."""
        rejected, self.rejected = self.rejected, None
        return rejected

    def remaining(self) -> float | None:
        return None if self.deadline is None else self.deadline - (self.clock() - self.started)

    def _deadline_passed(self, doing: str) -> Timeout:
        return Timeout(f"deadline of {self.deadline}s passed {doing} {self.method} {self.where()}")

    def build(self, client: _http.SyncClient | _http.AsyncClient, auth: dict[str, str]) -> _http.Request:
        require_trusted(self.target, self.base_origin)  # before anything leaves the process, every time
        remaining = self.remaining()
        if remaining is not None and remaining <= 0:
            raise self._deadline_passed("before sending")
        self.sent_auth = auth.get("Authorization")
        headers = {**self.call.parts.headers, **auth}
        if self.attempt or self.redirects or self.reauthed:
            _rewind(self.files, self.content)
        try:
            return _http.build_request(
                client,
                self.method,
                self.target.target,
                params=self.params,
                json=self.json,
                data=self.data,
                files=self.files,
                content=self.content,
                headers=headers,
                timeout=_http.clipped_timeout(self.timeout, remaining),
            )
        except _http.InvalidURL:
            raise UnsafeURL(f"refusing to send {self.method} {self.where()}: httpx cannot send this URL") from None

    def slot_wait(self) -> float | None:
        """How long the call may wait for a concurrency slot (None: no deadline)."""
        remaining = self.remaining()
        return None if remaining is None else max(0.0, remaining)

    def no_slot(self) -> GiveUp:
        return GiveUp(self._deadline_passed("waiting for a concurrency slot for"))

    # -- after an attempt ----------------------------------------------------------------------------------

    def _retry(self, wait: float, why: str) -> Retry | None:
        """A Retry when the budget and the deadline leave room for `wait` and another attempt."""
        remaining = self.remaining()
        if self.attempt >= self.max_retries or (remaining is not None and wait >= remaining):
            return None
        self.attempt += 1
        log.info("retrying %s %s after %s in %.2fs (retry %d)", self.method, self.where(), why, wait, self.attempt)
        return Retry(wait)

    def on_failure(self, exc: _http.TransportError) -> Retry | GiveUp:
        failure = _http.classify(exc)
        if _retry.retryable_failure(failure.surely_unsent, self.call.retry_safe):
            retry = self._retry(_retry.delay(self.policy, self.attempt, None, self.rand), failure.description)
            if retry is not None:
                return retry
        kind = Timeout if failure.is_timeout else ConnectionError
        return GiveUp(
            kind(f"{self.method} {self.where()} failed after {self.attempt + 1} attempt(s): {failure.description}")
        )

    def on_success(self, status: int, headers: Mapping[str, str], body: bytes) -> Accept | Retry | GiveUp:
        payload, problem = accept(self.call.expect, status, headers, body)
        if problem is None:
            return Accept(payload)
        return self.on_malformed(status, headers, body, problem)

    def on_head(self, status: int, headers: Mapping[str, str]) -> str | None:
        """For a streamed 2xx: why its headers already show it is not the answer (then read and judge it)."""
        return head_problem(self.call.expect, headers)

    def on_malformed(self, status: int, headers: Mapping[str, str], body: bytes, problem: str) -> Retry | GiveUp:
        """A 2xx that could not be read. The server may have done the work, so like a 5xx: retry if harmless."""
        if _retry.retryable_failure(False, self.call.retry_safe):
            retry = self._retry(_retry.delay(self.policy, self.attempt, None, self.rand), f"a malformed {status}")
            if retry is not None:
                return retry
        request_id = headers.get("x-request-id") or None
        return GiveUp(
            MalformedResponse(
                redact(f"HTTP {status} from {self.method} {self.where()} could not be used: {problem}", self.secrets),
                http_status=status,
                request_id=redact_optional(request_id, self.secrets),
                body=redact_bytes(body, self.secrets),
            )
        )

    def on_status(self, status: int, headers: Mapping[str, str], body: bytes) -> Decision:
        """A non-2xx answer: redirect, re-authenticate, retry, or give up with its typed error."""
        location = headers.get("location")
        if status in _REDIRECTS and location:
            return self._redirect(status, location)
        if status == 401 and self.can_refresh and not self.reauthed:
            self.reauthed = True
            self.rejected = self.sent_auth or ""
            return Reauthenticate(self.rejected)
        error = error_from_response(status, body, redact=self.secrets)
        if _retry.retryable_status(self.policy, status, self.call.retry_safe):
            wait = _retry.delay(
                self.policy, self.attempt, _retry.parse_retry_after(headers.get("retry-after")), self.rand
            )
            retry = self._retry(wait, f"HTTP {status}")
            if retry is not None:
                return retry
        warn_notice(redact_optional(parse_error_body(body)[3], self.secrets))
        return GiveUp(error)

    def _redirect(self, status: int, location: str) -> Redirect | GiveUp:
        self.redirects += 1
        if self.redirects > self.max_redirects:
            return GiveUp(UnsafeURL(f"more than {self.max_redirects} redirects from {self.where()}"))
        try:
            self.target = _http.parse_url(location, self.target.url)
        except ValueError:
            return GiveUp(UnsafeURL(f"{status} redirect from {self.where()} to an unparseable Location"))
        log.debug("%s redirect to %s", status, self.where())
        self.params = None  # the Location carries its own query
        if status == 303 or (status in (301, 302) and self.method == "POST"):
            self.method, self.json, self.data, self.files, self.content = "GET", None, None, None, None
        return Redirect()

    def where(self) -> str:
        parts = self.target
        return redact(f"{parts.scheme}://{parts.host}{parts.path}", self.secrets)
