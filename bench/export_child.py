"""One export flow in a fresh process (so its peak RSS is its own): start, poll, stream to disk, iterate rows.

`python -m bench.export_child overlay|raw BASE_URL TOKEN SURVEY_ID DIR` prints one JSON line.
"""

from __future__ import annotations

import csv
import io
import json
import resource
import sys
import time
import zipfile
from pathlib import Path

import httpx

from qualtrics_client import Qualtrics, iter_rows

Timings = tuple[float, float, float, int, Path]  # job, download, rows seconds; rows; the zip


def overlay(base_url: str, token: str, survey: str, folder: Path) -> Timings:
    with Qualtrics(token, base_url=base_url) as client:
        _ = client.spec  # the bundled spec loads once per process; not part of the flow being compared
        start = time.perf_counter()
        outcome = client.run_job("exportResponses", survey_id=survey, body={"format": "csv"}, poll_interval=0.05)
        finished = time.perf_counter()
        path = client.download(outcome, folder / "overlay.zip")
        downloaded = time.perf_counter()
        rows = sum(1 for _ in iter_rows(path))
        return finished - start, downloaded - finished, time.perf_counter() - downloaded, rows, path


def raw(base_url: str, token: str, survey: str, folder: Path) -> Timings:
    headers = {"X-API-TOKEN": token}
    base = f"{base_url}/API/v3/surveys/{survey}/export-responses"
    path = folder / "raw.zip"
    with httpx.Client(headers=headers, timeout=600) as client:
        start = time.perf_counter()
        progress = client.post(base, json={"format": "csv"}).json()["result"]["progressId"]
        while True:
            status = client.get(f"{base}/{progress}").json()["result"]
            if status["status"] == "complete":
                break
            time.sleep(0.05)
        finished = time.perf_counter()
        with client.stream("GET", f"{base}/{status['fileId']}/file") as response, path.open("wb") as handle:
            for chunk in response.iter_bytes(1 << 16):
                handle.write(chunk)
        downloaded = time.perf_counter()
        with zipfile.ZipFile(path) as archive, archive.open(archive.namelist()[0]) as member:
            reader = csv.reader(io.TextIOWrapper(member, encoding="utf-8", newline=""))
            rows = sum(1 for _ in reader) - 3  # Qualtrics CSVs carry three header rows
        return finished - start, downloaded - finished, time.perf_counter() - downloaded, rows, path


def _peak_rss_mb() -> float:
    """This process's peak RSS. Linux's VmHWM belongs to the address space exec made, where `ru_maxrss` can
    carry the parent's high-water mark over the fork and exec that started this process."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # KiB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    mode, base_url, token, survey, folder = sys.argv[1:6]
    flow = overlay if mode == "overlay" else raw
    job_s, download_s, rows_s, rows, path = flow(base_url, token, survey, Path(folder))
    size = path.stat().st_size
    path.unlink()
    peak_mb = _peak_rss_mb()
    print(
        json.dumps(
            {
                "job_s": job_s,
                "download_s": download_s,
                "rows_s": rows_s,
                "rows": rows,
                "zip_bytes": size,
                "rss_mb": peak_mb,
            }
        )
    )


if __name__ == "__main__":
    main()
