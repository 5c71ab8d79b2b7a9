"""(f) Cold import time: `python -X importtime -c "import X"` in fresh subprocesses, `httpx` (which the
client imports) and `qualtrics_client` side by side, and the generated models package the first call reaches."""

from __future__ import annotations

import subprocess
import sys

from .mockproc import ROOT, installed_env
from .report import Row, Section, verdict
from .stats import Spread

# qualtrics_api.models is what the first call of any operation imports (its package, then one model's module).
PACKAGES = ("httpx", "qualtrics_client", "qualtrics_api", "qualtrics_api.models")
GOAL_MS = 50


def cumulative_us(package: str) -> int:
    """The cumulative microseconds `-X importtime` reports for the package's own top-level line."""
    argv = [sys.executable, "-X", "importtime", "-c", f"import {package}"]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True, env=installed_env())  # noqa: S603
    for line in reversed(done.stderr.splitlines()):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2] == package:
            return int(parts[1])
    raise RuntimeError(f"no importtime line for {package}")


def run(runs: int) -> Section:
    spreads = {p: Spread() for p in PACKAGES}
    for package in PACKAGES:  # writes the bytecode caches, as installing would have
        cumulative_us(package)
    for index in range(runs):
        # Rotated, so no package always comes first after another one warmed the page cache.
        shift = index % len(PACKAGES)
        for package in PACKAGES[shift:] + PACKAGES[:shift]:
            spreads[package].add(cumulative_us(package) / 1000)
    extra = Spread([q - h for q, h in zip(spreads["qualtrics_client"].values, spreads["httpx"].values, strict=True)])
    section = Section()
    for package in PACKAGES:
        section.rows.append(Row("f. import", f"import {package}, ms (cumulative)", spreads[package].text("{:.0f}")))
    section.rows.append(
        Row(
            "f. import",
            "qualtrics_client - httpx, ms (run by run)",
            extra.text("{:.0f}"),
            f"<= {GOAL_MS} ms",
            verdict(extra.median <= GOAL_MS, f"median {extra.median:.0f} ms > {GOAL_MS} ms"),
        )
    )
    section.notes.append(_extra_modules())
    return section


def _self_times(package: str) -> dict[str, int]:
    argv = [sys.executable, "-X", "importtime", "-c", f"import {package}"]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True, env=installed_env())  # noqa: S603
    found: dict[str, int] = {}
    for line in done.stderr.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[0].startswith("import time:") and parts[1].isdigit():
            found[parts[2]] = int(parts[0].removeprefix("import time:").strip())
    return found


def _extra_modules() -> str:
    """What `import qualtrics_client` imports beyond `import httpx`, by each module's own (self) time."""
    base, ours = _self_times("httpx"), _self_times("qualtrics_client")
    extra = sorted(((us, name) for name, us in ours.items() if name not in base), reverse=True)
    lines = [f"{us / 1000:6.2f} ms  {name}" for us, name in extra[:14]]
    total = sum(us for us, _ in extra) / 1000
    return (
        f"What `import qualtrics_client` imports beyond `import httpx` ({len(extra)} modules, {total:.1f} ms of"
        " their own time in one run; top 14):\n\n```\n" + "\n".join(lines) + "\n```"
    )
