"""Qualtrics rate limits (seed 003): per token 30 concurrent ordinary and 15 concurrent "asynchronous"
requests, enforced separately; per brand 3000 requests a minute. Only the requests over a limit fail.

Also the size of a request body: the spec documents 413 where Qualtrics refuses a body over its limit but
not the limit itself, so the sizes are settings (`x-max-body-bytes` on an operation overrides them).

Also counts the most requests in flight seen, which benchmarks read to check a client's concurrency cap.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass
class LimitSettings:
    enabled: bool = True
    concurrent_per_token: int = 30
    concurrent_async_per_token: int = 15
    per_minute_per_brand: int = 3000
    window_seconds: float = 60.0
    # A JSON or form body: far above any real request (a survey definition is tens of kilobytes).
    max_body_bytes: int = 1024 * 1024
    # An uploaded file (multipart or raw). Assumed: no source here gives the file library's limit (automation
    # files may be 500 MB, says the seed; an operation can say so with x-max-body-bytes).
    max_upload_bytes: int = 16 * 1024 * 1024
    # Nesting of a JSON body: real bodies nest a dozen levels (survey flows six).
    max_json_depth: int = 64


def body_limit(settings: LimitSettings, media: str, declared: object) -> int:
    """The most bytes a body of this media type may have; an operation's `x-max-body-bytes` wins."""
    if isinstance(declared, int) and not isinstance(declared, bool) and declared > 0:
        return declared
    uploads = media.startswith("multipart/") or not (media.endswith("json") or media.endswith("urlencoded"))
    return settings.max_upload_bytes if uploads else settings.max_body_bytes


@dataclass
class Limiter:
    settings: LimitSettings = field(default_factory=LimitSettings)
    in_flight: dict[tuple[str, bool], int] = field(default_factory=dict)
    total_in_flight: int = 0
    max_in_flight: int = 0
    rejected: int = 0
    _brand_hits: dict[str, deque[float]] = field(default_factory=dict)

    def acquire(self, token: str, brand_id: str, is_async: bool, now: float) -> str | None:
        """Take a slot; the reason it was refused, or None (then `release` must follow)."""
        if self.settings.enabled:
            hits = self._brand_hits.setdefault(brand_id, deque())
            while hits and hits[0] <= now - self.settings.window_seconds:
                hits.popleft()
            if len(hits) >= self.settings.per_minute_per_brand:
                self.rejected += 1
                return "Too many requests for this brand. Please try again later."
            cap = self.settings.concurrent_async_per_token if is_async else self.settings.concurrent_per_token
            if self.in_flight.get((token, is_async), 0) >= cap:
                self.rejected += 1
                kind = "asynchronous" if is_async else "concurrent"
                return f"Too many {kind} requests for this token. Please try again later."
            hits.append(now)
        key = (token, is_async)
        self.in_flight[key] = self.in_flight.get(key, 0) + 1
        return None

    def release(self, token: str, is_async: bool) -> None:
        key = (token, is_async)
        self.in_flight[key] = max(0, self.in_flight.get(key, 0) - 1)

    def enter(self) -> None:
        """Any request in flight, authenticated or not (for the benchmark counter)."""
        self.total_in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.total_in_flight)

    def leave(self) -> None:
        self.total_in_flight -= 1

    def reset(self) -> None:
        self.in_flight.clear()
        self._brand_hits.clear()
        self.max_in_flight = self.total_in_flight
        self.rejected = 0
