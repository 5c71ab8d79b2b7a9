"""Switchable faults, so clients' retries and tolerance can be tested: 5xx answers, non-JSON bodies,
dropped connections, latency and nulls in required fields, chosen by a seeded probability or every Nth request.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

FaultKind = Literal["status", "non_json", "drop", "latency", "nulls"]


class DroppedConnection(httpx.RemoteProtocolError):
    """Raised to drop a connection. It is an httpx transport error so that in-process clients (over
    httpx.ASGITransport, which re-raises app exceptions) see what they would see over a socket; under
    uvicorn the response has already started, so uvicorn closes the connection mid-response."""


@dataclass
class Fault:
    kind: FaultKind
    probability: float = 0.0  # chance per request, drawn from the seeded generator
    every: int = 0  # or: every Nth request (1 = every request)
    status: int = 500  # for kind "status"
    latency: float = 0.05  # seconds, for kind "latency"
    paths: tuple[str, ...] = ()  # only request paths starting with one of these; empty = all
    after_bytes: int = 0  # for kind "drop": body bytes sent before the connection drops (0: right after the headers)


@dataclass
class FaultInjector:
    seed: int = 0
    faults: list[Fault] = field(default_factory=list)
    counts: dict[int, int] = field(default_factory=dict)
    injected: int = 0
    _random: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        self._random.seed(self.seed)

    def add(self, fault: Fault) -> Fault:
        self.faults.append(fault)
        return fault

    def clear(self) -> None:
        self.faults.clear()
        self.counts.clear()
        self.injected = 0
        self._random.seed(self.seed)

    def pick(self, path: str) -> list[Fault]:
        """The faults firing for this request (each fault keeps its own request counter)."""
        firing: list[Fault] = []
        for index, fault in enumerate(self.faults):
            if fault.paths and not path.startswith(fault.paths):
                continue
            count = self.counts.get(index, 0) + 1
            self.counts[index] = count
            if (fault.every and count % fault.every == 0) or (
                fault.probability and self._random.random() < fault.probability
            ):
                firing.append(fault)
        self.injected += len(firing)
        return firing


def null_required(value: Any) -> Any:
    """Nulls for every scalar inside `result` (ids included): what a drifted payload looks like."""
    if isinstance(value, dict):
        return {k: (null_required(v) if isinstance(v, dict | list) else None) for k, v in value.items()}
    if isinstance(value, list):
        return [null_required(v) for v in value]
    return None
