"""Retry policy: which failures are retried, and how long to wait. Pure functions, so tests need no clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

# 501 (not implemented) and 505 (HTTP version) will not change on a retry; every other 5xx may, including
# Cloudflare-style 52x that Qualtrics' edge returns.
_RETRIED_5XX = frozenset(range(500, 600)) - {501, 505}


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 4
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    # Qualtrics seldom sends Retry-After; when it does we wait as told, but never longer than this.
    retry_after_cap: float = 60.0
    # Seconds a whole call (slot waits, all attempts and the sleeps between them) may take; None: no deadline.
    deadline: float | None = 300.0
    # Refused before any processing (429), so repeated even for a call that is not retry-safe.
    retry_always: frozenset[int] = frozenset({429})
    # May have been processed (the work done, the answer lost): repeated only when repeating is harmless.
    retry_if_safe: frozenset[int] = _RETRIED_5XX


def retryable_status(policy: RetryPolicy, status: int, retry_safe: bool) -> bool:
    return status in policy.retry_always or (retry_safe and status in policy.retry_if_safe)


def retryable_failure(surely_unsent: bool, retry_safe: bool) -> bool:
    # A dropped connection or read timeout after sending may have been processed: repeat only if harmless.
    # The same holds for a 2xx whose body could not be read: the work was done.
    return retry_safe or surely_unsent


def parse_retry_after(value: str | None, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None if absent or garbage."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if seconds >= 0 else None
    import email.utils  # deferred: HTTP dates are rare and the module is slow to import

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now()).total_seconds())


def delay(policy: RetryPolicy, attempt: int, retry_after: float | None, rand: Callable[[], float]) -> float:
    """Full-jitter exponential backoff (AWS style), or the server's Retry-After up to the cap."""
    if retry_after is not None:
        return min(retry_after, policy.retry_after_cap)
    ceiling = min(policy.backoff_cap, policy.backoff_base * float(2 ** min(attempt, 62)))
    return rand() * ceiling
