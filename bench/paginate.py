"""(c) Pagination: items per second through the overlay's pager vs a raw httpx loop over the same pages,
and the pager's peak memory at two totals (it must not grow with the total)."""

from __future__ import annotations

import cProfile
import gc
import io
import pstats
import tracemalloc
from collections.abc import Callable

import httpx

from qualtrics_client import Qualtrics

from .mockproc import MockProcess
from .report import Row, Section, verdict
from .stats import Spread, ratio, side_by_side

PAGE = 100
OPERATION = "listDirectoryContacts"
GOAL = 0.9


def directory_id(mock: MockProcess) -> str:
    answer = httpx.get(f"{mock.base_url}/API/v3/directories", headers={"X-API-TOKEN": mock.token}).json()
    found: str = answer["result"]["elements"][0]["directoryId"]
    return found


def run(mock: MockProcess, total: int, small: int, runs: int) -> Section:
    pool = directory_id(mock)
    headers = {"X-API-TOKEN": mock.token}
    raw = httpx.Client()
    overlay = Qualtrics(mock.token, base_url=mock.base_url)
    overlay.call("getWhoami")  # spec loaded before timing

    def raw_loop(limit: int = total) -> int:
        url: str | None = f"{mock.base_url}/API/v3/directories/{pool}/contacts?pageSize={PAGE}"
        seen = 0
        while url and seen < limit:
            result = raw.get(url, headers=headers).json()["result"]
            seen += len(result["elements"])
            url = result["nextPage"]
        return seen

    def overlay_loop(limit: int = total) -> int:
        pages = -(-limit // PAGE)
        seen = 0
        for _ in overlay.paginate(OPERATION, directory_id=pool, page_size=PAGE, max_pages=pages):
            seen += 1
        return seen

    assert raw_loop() == overlay_loop() == total, "both loops must see every item"
    spreads = side_by_side({"raw": raw_loop, "overlay": overlay_loop}, runs)
    section = Section()
    for name in ("raw", "overlay"):
        rate = Spread([total / v for v in spreads[name].values])
        section.rows.append(
            Row("c. paginate", f"{name}, items/s ({total} items, {total // PAGE} pages)", rate.text("{:,.0f}"))
        )
    # Throughput ratio, run by run: the raw loop's time over the overlay's (items are the same).
    pace = ratio(spreads["raw"], spreads["overlay"])
    section.rows.append(
        Row(
            "c. paginate",
            "overlay throughput / raw throughput",
            pace.text("{:.2f}x"),
            f">= {GOAL}x",
            verdict(pace.median >= GOAL, f"median {pace.median:.2f}x < {GOAL}x"),
        )
    )
    # Peaks of the raw loop too: httpx leaves reference cycles behind every response, and what they hold
    # until the cyclic collector runs is part of both loops' peaks.
    peaks = {(name, n): Spread() for name in ("raw", "overlay") for n in (small, total)}
    for _ in range(max(2, runs // 2)):
        for name, loop in (("raw", raw_loop), ("overlay", overlay_loop)):
            for n in (small, total):
                gc.collect()
                tracemalloc.start()
                loop(n)
                peaks[name, n].add(tracemalloc.get_traced_memory()[1] / 1e6)
                tracemalloc.stop()
    for name in ("raw", "overlay"):
        for n in (small, total):
            label = f"{name} peak traced MB at {n} items"
            section.rows.append(Row("c. paginate", label, peaks[name, n].text("{:.2f}")))
    # "Does not grow with the total", measured without the collector's timing: inside one listing, after a
    # collection, what is still held at item `small` and at the last item. A decoded contact is about a
    # kilobyte, so keeping anything per item would show as hundreds of bytes per extra item.
    held = {n: Spread() for n in (small, total)}
    for _ in range(max(2, runs // 2)):
        gc.collect()
        tracemalloc.start()
        listing = overlay.paginate(OPERATION, directory_id=pool, page_size=PAGE, max_pages=total // PAGE)
        for seen, _ in enumerate(listing, start=1):
            if seen in (small, total):
                gc.collect()
                held[seen].add(tracemalloc.get_traced_memory()[0] / 1e6)
        tracemalloc.stop()
    for n in (small, total):
        label = f"overlay held mid-listing at item {n}, MB"
        section.rows.append(Row("c. paginate", label, held[n].text("{:.3f}")))
    per_item = (held[total].median - held[small].median) * 1e6 / (total - small)
    section.rows.append(
        Row(
            "c. paginate",
            f"held growth per extra item ({small} -> {total}), bytes",
            f"{per_item:.1f} (medians)",
            "< 16",
            verdict(per_item < 16, f"{per_item:.1f} bytes per extra item"),
        )
    )
    section.notes.append(_profile(lambda: overlay_loop(min(total, 20 * PAGE))))
    raw.close()
    overlay.close()
    return section


def _profile(work: Callable[[], object]) -> str:
    """Where the overlay's paging time goes in this process (the mock's is in its own), by internal time."""
    profiler = cProfile.Profile()
    profiler.enable()
    work()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(14)
    text = out.getvalue()
    return "Profile of the overlay paging 20 pages (cProfile, top 14 by internal time):\n\n```\n" + (
        text[text.find("ncalls") :].strip() + "\n```"
    )
