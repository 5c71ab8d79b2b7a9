"""(e) Concurrency: 1,000 async calls with 50 ms of mock latency each; wall time against the bound
ceil(calls / cap) x latency, and the most requests in flight the mock saw (the cap is 30)."""

from __future__ import annotations

import asyncio
import math
import time

from qualtrics_client import AsyncQualtrics

from .mockproc import MockProcess
from .report import Row, Section, verdict
from .stats import Spread

CAP = 30
LATENCY = 0.05


async def _burst(mock: MockProcess, calls: int) -> float:
    async with AsyncQualtrics(mock.token, base_url=mock.base_url) as client:
        await client.call("getWhoami")  # spec and first connection outside the timing
        start = time.perf_counter()
        await asyncio.gather(*(client.call("getWhoami") for _ in range(calls)))
        return time.perf_counter() - start


def run(mock: MockProcess, calls: int, runs: int) -> Section:
    bound = math.ceil(calls / CAP) * LATENCY
    walls, peaks, floors = Spread(), Spread(), Spread()
    for _ in range(runs):
        # The same burst without latency: the CPU floor of client + mock on this machine, for the verdict.
        mock.latency(0)
        floors.add(asyncio.run(_burst(mock, calls)))
        mock.latency(LATENCY)
        try:
            mock.reset()
            walls.add(asyncio.run(_burst(mock, calls)))
            peaks.add(float(mock.stats()["max_in_flight"]))
        finally:
            mock.latency(0)
    over = Spread([w / bound for w in walls.values])
    section = Section()
    section.rows.append(Row("e. concurrency", f"{calls} async calls, wall s", walls.text("{:.2f}")))
    section.rows.append(Row("e. concurrency", "same burst, no latency (CPU floor), wall s", floors.text("{:.2f}")))
    met = over.median <= 1.2
    why = f"median {over.median:.2f}x; the no-latency floor alone is {floors.median:.2f} s (CPU-bound, 2 cores)"
    section.rows.append(
        Row("e. concurrency", f"wall / bound ({bound:.2f} s)", over.text("{:.2f}x"), "close to 1x", verdict(met, why))
    )
    section.rows.append(
        Row(
            "e. concurrency",
            "most requests in flight (mock)",
            peaks.text("{:.0f}"),
            f"<= {CAP}",
            verdict(peaks.max <= CAP, f"saw {peaks.max:.0f}"),
        )
    )
    return section
