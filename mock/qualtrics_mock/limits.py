"""Qualtrics rate limits (seed 003): per token 30 concurrent ordinary and 15 concurrent "asynchronous"
requests, enforced separately; per brand 3000 requests a minute. Only the requests over a limit fail.

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
