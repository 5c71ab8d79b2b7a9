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
    section.notes.append(_first_call_profile(scripts["overlay"], scripts["raw"]))
    return section


def _self_import_times(code: str) -> dict[str, int]:
    """Each module a script imports and its own import time (us), from `-X importtime` in a fresh process."""
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-X", "importtime", "-c", code],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env=installed_env(),
    )
    found: dict[str, int] = {}
    for line in done.stderr.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[0].startswith("import time:") and parts[1].isdigit():
            found[parts[2]] = int(parts[0].removeprefix("import time:").strip())
    return found


_PACKAGES = (("qualtrics_client", "the overlay"), ("qualtrics_api", "the generated package"), ("attr", "attrs"))


def _first_call_profile(overlay: str, raw: str) -> str:
    """Where a one-shot overlay script's time goes beyond raw httpx's: the modules only it imports (by their
    own import time, grouped by package), then everything else it runs (cProfile, by internal time)."""
    ours, theirs = _self_import_times(overlay), _self_import_times(raw)
    extra = {name: us for name, us in ours.items() if name not in theirs}
    groups: dict[str, int] = {}
    for name, us in extra.items():
        label = next((label for prefix, label in _PACKAGES if name.split(".")[0].startswith(prefix)), "stdlib, other")
        groups[label] = groups.get(label, 0) + us
    lines = [f"{us / 1000:6.1f} ms  {label}" for label, us in sorted(groups.items(), key=lambda item: -item[1])]
    top = sorted(extra.items(), key=lambda item: -item[1])[:12]
    wrapped = (
        "import cProfile, pstats, io\n"
        "profiler = cProfile.Profile()\n"
        f"profiler.runctx({overlay!r}, {{}}, {{}})\n"
        "out = io.StringIO()\n"
        "stats = pstats.Stats(profiler, stream=out)\n"
        "stats.sort_stats('tottime').print_stats(r'^(?!.*(<frozen|built-in method builtins.exec))', 14)\n"
        "text = out.getvalue()\n"
        "print(text[text.find('ncalls'):].strip())\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", wrapped], cwd=ROOT, check=True, capture_output=True, text=True, env=installed_env()
    )
    return (
        f"What the one-shot overlay script imports beyond the raw one ({len(extra)} modules, their own import time"
        " in one run, by package):\n\n```\n"
        + "\n".join(lines)
        + "\n```\n\nThe 12 largest:\n\n```\n"
        + "\n".join(f"{us / 1000:6.2f} ms  {name}" for name, us in top)
        + "\n```\n\nProfile of the same script (cProfile in a fresh process, top 14 by internal time):\n\n```\n"
        + done.stdout.strip()
        + "\n```"
    )
