"""(f) Cold import time of each package: `python -X importtime -c "import X"` in fresh subprocesses."""

from __future__ import annotations

import subprocess
import sys

from .mockproc import ROOT
from .report import Row, Section
from .stats import Spread

# qualtrics_api.models is what the first call of any operation imports (every generated model at once).
PACKAGES = ("qualtrics_api", "qualtrics_client", "qualtrics_api.models")


def cumulative_us(package: str) -> int:
    """The cumulative microseconds `-X importtime` reports for the package's own top-level line."""
    argv = [sys.executable, "-X", "importtime", "-c", f"import {package}"]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
    for line in reversed(done.stderr.splitlines()):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2] == package:
            return int(parts[1])
    raise RuntimeError(f"no importtime line for {package}")


def run(runs: int) -> Section:
    spreads = {p: Spread() for p in PACKAGES}
    for _ in range(runs):
        for package in PACKAGES:  # alternated, so both see the same page-cache state over the runs
            spreads[package].add(cumulative_us(package) / 1000)
    section = Section()
    for package in PACKAGES:
        section.rows.append(
            Row("f. import", f"import {package}, ms (cumulative)", spreads[package].text("{:.0f}"), "report")
        )
    return section
