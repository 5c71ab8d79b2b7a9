"""(g) The listing and export flows through other PyPI clients (`qualtrics`, `QualtricsAPI`), each run in
its own venv (tools/other_clients.py) against the same mock, alternated with ours; ratios are theirs / ours."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

from qualtrics_client import Qualtrics, iter_rows
from tools import other_clients

from .mockproc import ROOT, MockProcess
from .report import Row, Section
from .stats import Spread, ratio

HERE = Path(__file__).resolve().parent
CLIENTS = ("qualtrics", "QualtricsAPI")


def versions(python: Path, client: str) -> dict[str, str]:
    names = (client, "requests", "pandas", "httpx") if client == "QualtricsAPI" else (client, "httpx")
    # A package a client's venv lacks (QualtricsAPI needs no httpx) is left out, not an error.
    code = (
        "import importlib.metadata as m, json\n"
        "def v(n):\n"
        "    try:\n"
        "        return m.version(n)\n"
        "    except m.PackageNotFoundError:\n"
        "        return None\n"
        f"print(json.dumps({{n: v(n) for n in {names!r} if v(n)}}))"
    )
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    found: dict[str, str] = json.loads(done.stdout)
    return found


def _theirs(python: Path, client: str, flow: str, mock: MockProcess, survey: str, folder: Path) -> dict[str, Any]:
    argv = [str(python), str(HERE / "others_driver.py"), client, flow, mock.base_url, mock.token, survey, str(folder)]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["exit " + str(done.returncode)])[-1]}
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def run(mock: MockProcess, runs: int, folder: Path) -> Section:
    pythons = {name: other_clients.ensure(name) for name in CLIENTS}
    folder.mkdir(parents=True, exist_ok=True)
    client = Qualtrics(mock.token, base_url=mock.base_url)
    _ = client.spec
    # QualtricsAPI asserts a real-looking survey id (SV_ + 15 characters); the mock's first survey may carry
    # the spec's shorter example id, so take the first one of the real length.
    survey = next(item.id for item in client.paginate("listSurveys") if len(item.id) == 18)

    def ours(flow: str) -> tuple[float, int]:
        start = time.perf_counter()
        if flow == "list":
            count = sum(1 for _ in client.paginate("listSurveys"))
        else:
            outcome = client.run_job("exportResponses", survey_id=survey, body={"format": "csv"}, poll_interval=0.05)
            path = client.download(outcome, folder / "ours.zip")
            count = sum(1 for _ in iter_rows(path))
            path.unlink()
        return time.perf_counter() - start, count

    section = Section()
    for flow in ("list", "export"):
        spreads = {name: Spread() for name in ("ours", *CLIENTS)}
        counts: dict[str, int] = {}
        errors: dict[str, str] = {}
        for _ in range(runs):
            seconds, counts["ours"] = ours(flow)
            spreads["ours"].add(seconds)
            for name in CLIENTS:
                got = _theirs(pythons[name], name, flow, mock, survey, folder)
                if "error" in got:
                    errors[name] = str(got["error"])
                    continue
                spreads[name].add(float(got["seconds"]))
                counts[name] = int(got["count"])
        label = "list surveys" if flow == "list" else "export + rows"
        section.rows.append(Row("g. others", f"ours {label}, s ({counts['ours']:,} items)", spreads["ours"].text()))
        for name in CLIENTS:
            if name in errors or len(spreads[name].values) != runs:
                section.rows.append(Row("g. others", f"{name} {label}", f"failed: {errors.get(name, '?')}"))
                continue
            section.rows.append(Row("g. others", f"{name} {label}, s ({counts[name]:,} items)", spreads[name].text()))
            section.rows.append(
                Row(
                    "g. others",
                    f"{name} / ours, {label}",
                    ratio(spreads[name], spreads["ours"]).text("{:.2f}x"),
                    "report",
                )
            )
    client.close()
    found = {key: value for name in CLIENTS for key, value in versions(pythons[name], name).items()}
    section.notes.append("Other clients' versions: " + ", ".join(f"{k} {v}" for k, v in found.items()))
    return section
