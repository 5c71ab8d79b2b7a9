"""(i) A whole one-shot script: start Python, import, build the client, make one call, read its answer.

What a scheduled script or the command line pays every time. Each contender runs in a fresh interpreter
(the wall time of the whole subprocess), raw httpx and the overlay alternating, against the same mock.
The overlay's script reads the typed model of its answer; the raw one decodes the JSON.
"""

from __future__ import annotations

import subprocess
import sys
import time

from .mockproc import ROOT, MockProcess, installed_env
from .report import Row, Section, verdict
from .stats import Spread, ratio

GOAL = 1.3

RAW = """
import httpx
with httpx.Client() as client:
    answer = client.get({url!r}, headers={{"X-API-TOKEN": {token!r}}}).json()
assert answer["result"]["userId"]
"""

OVERLAY = """
from qualtrics_client import Qualtrics
with Qualtrics({token!r}, base_url={base!r}) as client:
    answer = client.authentication.get_whoami()
assert answer.model is not None and answer.model.result.user_id
"""

# The same call read as JSON only, as the raw script reads it: what the typed model itself costs shows between.
OVERLAY_JSON = """
from qualtrics_client import Qualtrics
with Qualtrics({token!r}, base_url={base!r}) as client:
    answer = client.authentication.get_whoami()
assert answer.result["userId"]
"""


def _seconds(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, env=installed_env())  # noqa: S603
    return time.perf_counter() - start


def run(mock: MockProcess, runs: int) -> Section:
    scripts = {
        "raw": RAW.format(url=f"{mock.base_url}/API/v3/whoami", token=mock.token),
        "overlay": OVERLAY.format(token=mock.token, base=mock.base_url),
        "overlay JSON": OVERLAY_JSON.format(token=mock.token, base=mock.base_url),
    }
    for code in scripts.values():  # warm the page and bytecode caches for both; fail early if a script is wrong
        _seconds(code)
    spreads = {name: Spread() for name in scripts}
    names = list(scripts)
    for run_index in range(runs):
        shift = run_index % len(names)
        for name in names[shift:] + names[:shift]:  # rotated: none always runs first
            spreads[name].add(_seconds(scripts[name]))
    slower = ratio(spreads["overlay"], spreads["raw"])
    untyped = ratio(spreads["overlay JSON"], spreads["raw"])
    section = Section()
    section.rows.append(Row("i. one-shot", "raw httpx: import + client + GET whoami, s", spreads["raw"].text()))
    section.rows.append(
        Row("i. one-shot", "overlay: import + client + typed get_whoami + .model, s", spreads["overlay"].text())
    )
    section.rows.append(
        Row("i. one-shot", "overlay: the same, reading the JSON only (`.result`), s", spreads["overlay JSON"].text())
    )
    section.rows.append(Row("i. one-shot", "overlay JSON only / raw httpx, whole process", untyped.text("{:.2f}x")))
    section.rows.append(
        Row(
            "i. one-shot",
            "overlay typed / raw httpx, whole process",
            slower.text("{:.2f}x"),
            f"<= {GOAL}x",
            verdict(slower.median <= GOAL, f"median {slower.median:.2f}x > {GOAL}x"),
        )
    )
    section.notes.append(_first_call_profile(scripts["overlay"]))
    return section


def _first_call_profile(code: str) -> str:
    """Where a one-shot overlay script's time goes, by cumulative time (a fresh process under cProfile)."""
    wrapped = (
        "import cProfile, pstats, io\n"
        "profiler = cProfile.Profile()\n"
        f"profiler.runctx({code!r}, {{}}, {{}})\n"
        "out = io.StringIO()\n"
        "pstats.Stats(profiler, stream=out).sort_stats('cumtime').print_stats(18)\n"
        "text = out.getvalue()\n"
        "print(text[text.find('ncalls'):].strip())\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", wrapped], cwd=ROOT, check=True, capture_output=True, text=True, env=installed_env()
    )
    return (
        "Profile of one one-shot overlay script (cProfile in a fresh process, top 18 by cumulative time):\n\n```\n"
        + done.stdout.strip()
        + "\n```"
    )
