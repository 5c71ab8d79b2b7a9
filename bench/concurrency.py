"""(e) Concurrency: 1,000 async calls gathered at once with 50 ms of mock latency each, through
`AsyncQualtrics` (cap 30) and through a bare `httpx.AsyncClient` doing the same burst under the same cap.

The burst is CPU-bound on a 2-core machine, so besides the wall time against the latency bound
ceil(calls / cap) x latency, each burst's CPU time in this process (`time.process_time`: the client's event
loop, httpx and httpcore; the mock runs in its own process) is divided by the calls: the client's CPU per
request against httpx's own. The bare client's CPU for its burst is the floor any client built on httpx
pays in one event loop, so the overlay's wall time is judged against the larger of it and the latency bound.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import math
import pstats
import time
from collections.abc import Callable, Coroutine
from typing import Any

import httpx

from qualtrics_client import AsyncQualtrics

from .mockproc import MockProcess
from .report import Row, Section, verdict
from .stats import Spread, ratio

CAP = 30
LATENCY = 0.05
CPU_GOAL = 1.2
WALL_GOAL = 1.2

Burst = Callable[[MockProcess, int], Coroutine[Any, Any, tuple[float, float]]]


async def _overlay(mock: MockProcess, calls: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of the burst through the overlay."""
    async with AsyncQualtrics(mock.token, base_url=mock.base_url, concurrency=CAP) as client:
        await client.call("getWhoami")  # spec and first connection outside the timing
        start, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(client.call("getWhoami") for _ in range(calls)))
        return time.perf_counter() - start, time.process_time() - cpu


async def _bare(mock: MockProcess, calls: int) -> tuple[float, float]:
    """The same burst through a bare httpx.AsyncClient, capped at 30 in flight as the overlay is. The cap is a
    semaphore in front of the client (as the overlay's is): httpcore's own pool queue, given 1,000 requests at
    once, re-scans the whole queue on every event and costs more CPU than the requests themselves."""
    url, headers = f"{mock.base_url}/API/v3/whoami", {"X-API-TOKEN": mock.token}
    gate = asyncio.Semaphore(CAP)
    limits = httpx.Limits(max_connections=CAP, max_keepalive_connections=CAP)
    async with httpx.AsyncClient(limits=limits) as client:

        async def one() -> None:
            async with gate:
                answer = await client.get(url, headers=headers)
                answer.raise_for_status()
                answer.json()

        await one()
        start, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(one() for _ in range(calls)))
        return time.perf_counter() - start, time.process_time() - cpu


def run(mock: MockProcess, calls: int, runs: int) -> Section:
    bound = math.ceil(calls / CAP) * LATENCY
    bursts: dict[str, Burst] = {"overlay": _overlay, "bare": _bare}
    walls = {name: Spread() for name in bursts}
    cpus = {name: Spread() for name in bursts}
    floors = {name: Spread() for name in bursts}
    peaks = Spread()
    for run_index in range(runs):
        order = list(bursts) if run_index % 2 == 0 else list(reversed(bursts))
        for name in order:
            mock.latency(LATENCY)
            try:
                mock.reset()
                wall, cpu = asyncio.run(bursts[name](mock, calls))
                if name == "overlay":
                    peaks.add(float(mock.stats()["max_in_flight"]))
            finally:
                mock.latency(0)
            walls[name].add(wall)
            cpus[name].add(cpu)
            # Without latency: how fast the machine (client + mock on 2 cores) can turn the burst at all.
            floors[name].add(asyncio.run(bursts[name](mock, calls))[0])
    section = Section()
    per_call = {name: Spread([c / calls * 1e6 for c in cpus[name].values]) for name in bursts}
    cpu_ratio = ratio(cpus["overlay"], cpus["bare"])
    # Run by run: the larger of the latency bound and the bare client's CPU for the same burst.
    targets = Spread([max(bound, c) for c in cpus["bare"].values])
    over = ratio(walls["overlay"], targets)
    e = "e. concurrency"
    section.rows.append(Row(e, f"overlay {calls} async calls, wall s", walls["overlay"].text("{:.2f}")))
    section.rows.append(Row(e, f"bare httpx.AsyncClient {calls} calls, wall s", walls["bare"].text("{:.2f}")))
    walls_ratio = ratio(walls["overlay"], walls["bare"])
    section.rows.append(Row(e, "overlay wall / bare wall (same burst, run by run)", walls_ratio.text("{:.2f}x")))
    section.rows.append(Row(e, "overlay CPU per request (this process), us", per_call["overlay"].text("{:.0f}")))
    section.rows.append(Row(e, "bare httpx CPU per request (this process), us", per_call["bare"].text("{:.0f}")))
    section.rows.append(
        Row(
            e,
            "overlay CPU / bare httpx CPU",
            cpu_ratio.text("{:.2f}x"),
            f"<= {CPU_GOAL}x",
            verdict(cpu_ratio.median <= CPU_GOAL, f"median {cpu_ratio.median:.2f}x > {CPU_GOAL}x"),
        )
    )
    section.rows.append(
        Row(
            e,
            "no latency (machine floor), overlay / bare wall s",
            f"{floors['overlay'].text('{:.2f}')} ; {floors['bare'].text('{:.2f}')}",
        )
    )
    section.rows.append(
        Row(
            e,
            f"overlay wall / max(bound {bound:.2f} s, bare CPU s)",
            over.text("{:.2f}x"),
            f"<= {WALL_GOAL}x",
            verdict(over.median <= WALL_GOAL, f"median {over.median:.2f}x > {WALL_GOAL}x"),
        )
    )
    section.rows.append(
        Row(
            e,
            "most requests in flight (mock)",
            peaks.text("{:.0f}"),
            f"<= {CAP}",
            verdict(peaks.max <= CAP, f"saw {peaks.max:.0f}"),
        )
    )
    section.notes.append(_split(mock, calls))
    return section


# Where a frame's time is counted, by the file it runs in (the first match wins).
_GROUPS = (
    ("qualtrics_client", "/qualtrics_client/"),
    ("qualtrics_api (generated)", "/qualtrics_api/"),
    ("httpx", "/httpx/"),
    ("httpcore, h11, anyio", "/httpcore/|/h11/|/anyio/|/sniffio/"),
    ("asyncio", "/asyncio/"),
)


def _split(mock: MockProcess, calls: int) -> str:
    """The overlay's burst under cProfile, its internal time summed by package: whose CPU each request spends."""
    profiler = cProfile.Profile()
    profiler.enable()
    asyncio.run(_overlay(mock, calls))
    profiler.disable()
    stats = pstats.Stats(profiler)
    totals: dict[str, float] = {}
    raw_stats: dict[tuple[str, int, str], tuple[int, int, float, float, object]] = stats.stats  # type: ignore[attr-defined]
    for (filename, _, _), (_, _, tottime, _, _) in raw_stats.items():
        group = next(
            (name for name, marks in _GROUPS if any(m in filename for m in marks.split("|"))),
            "other (stdlib, builtins)",
        )
        totals[group] = totals.get(group, 0.0) + tottime
    whole = sum(totals.values()) or 1.0
    lines = [
        f"{name:28s} {seconds * 1e6 / calls:8.0f} us/request  {seconds / whole:6.1%}"
        for name, seconds in sorted(totals.items(), key=lambda item: -item[1])
    ]
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats("qualtrics_client", 12)
    text = out.getvalue()
    return (
        "Whose CPU the overlay's burst spends (cProfile, internal time summed by package, per request; no latency"
        " added, profiled once):\n\n```\n" + "\n".join(lines) + "\n```\n\nIts own functions, top 12 by internal"
        " time:\n\n```\n" + text[text.find("ncalls") :].strip() + "\n```"
    )
