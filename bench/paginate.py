"""(c) Pagination: items per second through the overlay's pager vs a raw httpx loop over the same pages,
and the pager's peak memory at two totals (it must not grow with the total)."""

from __future__ import annotations

import tracemalloc

import httpx

from qualtrics_client import Qualtrics

from .mockproc import MockProcess
from .report import Row, Section, verdict
from .stats import Spread, ratio, side_by_side

PAGE = 100
OPERATION = "listDirectoryContacts"


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
    slower = ratio(spreads["overlay"], spreads["raw"])
    section.rows.append(Row("c. paginate", "overlay time / raw time", slower.text("{:.2f}x"), "report"))
    peaks = {n: Spread() for n in (small, total)}
    for _ in range(max(2, runs // 2)):
        for n in (small, total):
            tracemalloc.start()
            overlay_loop(n)
            peaks[n].add(tracemalloc.get_traced_memory()[1] / 1e6)
            tracemalloc.stop()
    for n in (small, total):
        section.rows.append(Row("c. paginate", f"overlay peak traced MB at {n} items", peaks[n].text("{:.2f}")))
    growth = peaks[total].median / peaks[small].median
    section.rows.append(
        Row(
            "c. paginate",
            f"peak at {total} / peak at {small}",
            f"{growth:.2f}x (medians)",
            "~1x (flat)",
            verdict(growth < 1.5, f"peak grows {growth:.2f}x with 10x the items"),
        )
    )
    raw.close()
    overlay.close()
    return section
