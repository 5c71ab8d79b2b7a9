"""(d) Export streaming: download to disk and iterate rows, overlay vs raw httpx, each in a fresh process
(run alternately) so that each reports its own peak RSS."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from .mockproc import ROOT, MockProcess
from .report import Row, Section, verdict
from .stats import Spread, ratio

MEMORY_GOAL_MB = 100.0


def first_survey(mock: MockProcess) -> str:
    answer = httpx.get(f"{mock.base_url}/API/v3/surveys", headers={"X-API-TOKEN": mock.token}).json()
    found: str = answer["result"]["elements"][0]["id"]
    return found


def _child(mode: str, mock: MockProcess, survey: str, folder: Path) -> dict[str, Any]:
    argv = [sys.executable, "-m", "bench.export_child", mode, mock.base_url, mock.token, survey, str(folder)]
    out = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True, timeout=1200)  # noqa: S603
    answer: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return answer


def run(mock: MockProcess, csv_bytes: int, runs: int, folder: Path) -> Section:
    survey = first_survey(mock)
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[str, list[dict[str, Any]]] = {"overlay": [], "raw": []}
    for index in range(runs):
        order = ["overlay", "raw"] if index % 2 == 0 else ["raw", "overlay"]
        for mode in order:
            results[mode].append(_child(mode, mock, survey, folder))
    zip_mb = results["raw"][0]["zip_bytes"] / 1e6
    rows = results["raw"][0]["rows"]
    section = Section()
    spreads: dict[str, dict[str, Spread]] = {}
    for mode in ("raw", "overlay"):
        got = results[mode]
        spreads[mode] = {
            "download": Spread([zip_mb / r["download_s"] for r in got]),
            "rows": Spread([r["rows"] / r["rows_s"] for r in got]),
            "rss": Spread([r["rss_mb"] for r in got]),
            "download_s": Spread([r["download_s"] for r in got]),
            "job_s": Spread([r["job_s"] for r in got]),
            "rows_s": Spread([r["rows_s"] for r in got]),
        }
        section.rows.append(
            Row("d. export", f"{mode} job start+poll (first in process), s", spreads[mode]["job_s"].text("{:.3f}"))
        )
        section.rows.append(
            Row(
                "d. export",
                f"{mode} download to disk, MB/s (zip {zip_mb:.0f} MB)",
                spreads[mode]["download"].text("{:.0f}"),
            )
        )
        section.rows.append(
            Row(
                "d. export",
                f"{mode} rows/s ({rows:,} rows, CSV {csv_bytes / 1e9:.2f} GB)",
                spreads[mode]["rows"].text("{:,.0f}"),
            )
        )
    section.rows.append(
        Row(
            "d. export",
            "overlay / raw download time",
            ratio(spreads["overlay"]["download_s"], spreads["raw"]["download_s"]).text("{:.2f}x"),
            "report",
        )
    )
    section.rows.append(
        Row(
            "d. export",
            "overlay / raw row-iteration time",
            ratio(spreads["overlay"]["rows_s"], spreads["raw"]["rows_s"]).text("{:.2f}x"),
            "report",
        )
    )
    section.rows.append(Row("d. export", "raw httpx process peak RSS, MB", spreads["raw"]["rss"].text("{:.0f}")))
    peak = spreads["overlay"]["rss"]
    section.rows.append(
        Row(
            "d. export",
            "overlay process peak RSS, MB (whole process)",
            peak.text("{:.0f}"),
            f"< {MEMORY_GOAL_MB:.0f} MB",
            verdict(peak.max < MEMORY_GOAL_MB, f"max {peak.max:.0f} MB"),
        )
    )
    if any(r["rows"] != rows for rs in results.values() for r in rs):
        section.notes.append("WARNING: the overlay and raw row counts differ.")
    return section
