"""Several runs per figure, reported as min / median / max; ratios are taken run by run, side by side."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Spread:
    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(value)

    @property
    def min(self) -> float:
        return min(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def max(self) -> float:
        return max(self.values)

    def text(self, fmt: str = "{:.3g}") -> str:
        if not self.values:
            return "n/a"
        return " / ".join(fmt.format(v) for v in (self.min, self.median, self.max))


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def side_by_side(contenders: dict[str, Callable[[], object]], runs: int) -> dict[str, Spread]:
    """Seconds per run of each contender; their order rotates each run so none always goes first
    (a shared 2-core machine drifts, and the first of a pair warms caches for the second)."""
    names = list(contenders)
    spreads = {name: Spread() for name in names}
    for run in range(runs):
        shift = run % len(names)
        for name in names[shift:] + names[:shift]:
            spreads[name].add(timed(contenders[name]))
    return spreads


def ratio(numerator: Spread, denominator: Spread) -> Spread:
    """Run-by-run ratio (run i of one over run i of the other), so both saw the same machine moment."""
    return Spread([a / b for a, b in zip(numerator.values, denominator.values, strict=True)])
