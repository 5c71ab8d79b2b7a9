"""(a) Per-call overhead of one small GET (whoami): overlay vs bare generated function vs raw httpx."""

from __future__ import annotations

import cProfile
import io
import pstats
from collections.abc import Callable

import httpx

from qualtrics_api.api.authentication import get_whoami
from qualtrics_api.client import AuthenticatedClient
from qualtrics_client import Qualtrics

from .mockproc import MockProcess
from .report import Row, Section, verdict
from .stats import ratio, side_by_side

GOAL = 1.1


def run(mock: MockProcess, calls: int, runs: int) -> Section:
    url = f"{mock.base_url}/API/v3/whoami"
    headers = {"X-API-TOKEN": mock.token}
    raw = httpx.Client()
    generated = AuthenticatedClient(base_url=mock.base_url, token=mock.token, prefix="", auth_header_name="X-API-TOKEN")
    overlay = Qualtrics(mock.token, base_url=mock.base_url)
    overlay.call("getWhoami")  # loads the spec once, as any long-lived client would before its hot path

    def raw_loop() -> None:
        for _ in range(calls):
            raw.get(url, headers=headers).json()

    def generated_loop() -> None:
        for _ in range(calls):
            get_whoami.sync_detailed(client=generated)

    def overlay_loop() -> None:
        for _ in range(calls):
            overlay.call("getWhoami")

    raw_loop()  # warm the connections of all three
    generated_loop()
    overlay_loop()
    spreads = side_by_side({"raw": raw_loop, "generated": generated_loop, "overlay": overlay_loop}, runs)
    overlay_ratio = ratio(spreads["overlay"], spreads["raw"])
    section = Section()
    for name in ("raw", "generated", "overlay"):
        per_call = [v / calls * 1e6 for v in spreads[name].values]
        section.rows.append(Row("a. per-call", f"{name} GET whoami, us/call", _fmt(per_call)))
    section.rows.append(
        Row("a. per-call", "generated / raw httpx", ratio(spreads["generated"], spreads["raw"]).text("{:.2f}x"))
    )
    section.rows.append(
        Row(
            "a. per-call",
            "overlay / raw httpx",
            overlay_ratio.text("{:.2f}x"),
            f"<= {GOAL}x",
            verdict(overlay_ratio.median <= GOAL, f"median {overlay_ratio.median:.2f}x > {GOAL}x"),
        )
    )
    section.notes.append(_profile(overlay_loop))
    raw.close()
    overlay.close()
    generated.get_httpx_client().close()
    return section


def _profile(work: Callable[[], None]) -> str:
    """Where the overlay's extra time per call goes: its own functions, by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    work()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumtime").print_stats("qualtrics_client|_urlparse|ipaddress", 22)
    text = out.getvalue()
    return "Profile of the overlay's per-call loop (cProfile, cumulative, overlay and URL parsing only):\n\n```\n" + (
        text[text.find("ncalls") :].strip() + "\n```"
    )


def _fmt(values: list[float]) -> str:
    ordered = sorted(values)
    return f"{ordered[0]:.0f} / {ordered[len(ordered) // 2]:.0f} / {ordered[-1]:.0f}"
