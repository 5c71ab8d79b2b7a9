"""`python -m bench [--quick]`: every benchmark side by side in one run; writes bench/RESULTS.md and prints
the table (`--quick` writes bench/.scratch/RESULTS-quick.md instead, leaving the real results alone)."""

from __future__ import annotations

import argparse
import platform
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from . import (
    concurrency,
    decode,
    export,
    frames,
    importtime,
    machine,
    mockproc,
    others,
    overhead,
    paginate,
    specmodel,
    wholeprocess,
)
from .notes import NOTES
from .report import Row, Section, table

HERE = Path(__file__).resolve().parent
SCRATCH = HERE / ".scratch"


@dataclass(frozen=True)
class Sizes:
    runs: int
    calls: int
    decode_elements: int
    page_total: int
    page_small: int
    page_runs: int
    export_bytes: int
    export_runs: int
    burst: int
    others_surveys: int
    others_export_bytes: int
    others_runs: int


FULL = Sizes(7, 500, 10_000, 100_000, 10_000, 3, 1_000_000_000, 3, 1000, 2000, 50_000_000, 3)
QUICK = Sizes(3, 100, 2_000, 2_000, 200, 2, 5_000_000, 2, 200, 200, 2_000_000, 2)


def run_all(sizes: Sizes) -> list[Section]:
    sections: list[Section] = []
    scratch = SCRATCH / "files"
    with mockproc.start(contacts=sizes.page_total, export_bytes=sizes.export_bytes) as mock:
        sections.append(wholeprocess.run(mock, sizes.runs * 2))  # cheap, and noisy: twice the runs
        sections.append(overhead.run(mock, sizes.calls, sizes.runs))
        sections.append(paginate.run(mock, sizes.page_total, sizes.page_small, sizes.page_runs))
        sections.append(export.run(mock, sizes.export_bytes, sizes.export_runs, scratch))
        sections.append(concurrency.run(mock, sizes.burst, max(2, sizes.runs // 2)))
    sections.append(decode.run(sizes.decode_elements, sizes.runs))
    sections.append(importtime.run(sizes.runs))
    sections.append(specmodel.run(sizes.runs))
    with mockproc.start(surveys=sizes.others_surveys, export_bytes=sizes.others_export_bytes) as mock:
        sections.append(others.run(mock, sizes.others_runs, scratch))
        sections.append(frames.run(mock, sizes.others_runs, scratch))
    shutil.rmtree(scratch, ignore_errors=True)
    return sections


def render(sections: list[Section], quick: bool, seconds: float) -> str:
    rows: list[Row] = [row for s in sections for row in s.rows]
    parts = [
        "# Benchmark results" + (" (--quick smoke run: small sizes, not the real figures)" if quick else ""),
        "",
        "Produced by `python -m bench` (`make bench`); every figure is min / median / max over several runs,",
        "and every ratio is taken run by run between contenders run side by side (alternating order) in one run.",
        "",
        *machine.describe(),
        f"- Whole run: {seconds / 60:.1f} min",
        "",
        table(rows),
        "",
        NOTES,
    ]
    for note in (note for section in sections for note in section.notes):
        parts += ["", note]
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run (about a minute)")
    args = parser.parse_args(argv)
    SCRATCH.mkdir(exist_ok=True)
    start = time.perf_counter()
    sections = run_all(QUICK if args.quick else FULL)
    text = render(sections, args.quick, time.perf_counter() - start)
    target = SCRATCH / "RESULTS-quick.md" if args.quick else HERE / "RESULTS.md"
    target.write_text(text)
    print(table([row for s in sections for row in s.rows]))
    print(f"\nwritten to {target} ({platform.python_version()})")


if __name__ == "__main__":
    main()
