"""(h) Rows and DataFrames from one export zip: `iter_rows` against `csv.reader`, `read_responses` against
`pandas.read_csv`, both on the same file; then export + rows and export + DataFrame against the other clients
(`qualtrics` 0.4.2 stops at the zip and its users read rows with `csv.reader`; QualtricsAPI returns a
DataFrame), each theirs run in its own venv against the same mock, alternated with ours."""

from __future__ import annotations

import csv
import io
import itertools
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from qualtrics_client import Qualtrics, iter_rows
from qualtrics_client.frames import read_responses, response_schema
from tools import other_clients

from .mockproc import MockProcess
from .others import _theirs
from .report import Row, Section, verdict
from .stats import Spread, ratio, side_by_side

BENCH = "h. frames"
LOCAL_RUNS = 15


def _csv_reader_rows(path: Path) -> int:
    """What a user of the csv module writes: a text wrapper over the member, `csv.reader`, skip 3 rows."""
    with zipfile.ZipFile(path) as archive, archive.open(archive.namelist()[0]) as member:
        return sum(1 for _ in csv.reader(io.TextIOWrapper(member, encoding="utf-8-sig", newline=""))) - 3


def _pandas_frame(path: Path) -> pd.DataFrame:
    """`pandas.read_csv` on the zip member, the two extra header rows skipped, as a user calls it: pandas's
    default engine and options (`low_memory=False` measured slower on these files, so it is not used)."""
    with zipfile.ZipFile(path) as archive, archive.open(archive.namelist()[0]) as member:
        return pd.read_csv(member, skiprows=[1, 2])


def _pandas_pyarrow_frame(path: Path) -> pd.DataFrame:
    """`pandas.read_csv(engine="pyarrow")`: that engine skips leading rows only, so the names are read first."""
    with zipfile.ZipFile(path) as archive:
        name = archive.namelist()[0]
        with archive.open(name) as member:
            names = list(pd.read_csv(member, nrows=0).columns)
        with archive.open(name) as member:
            return pd.read_csv(member, engine="pyarrow", header=None, names=names, skiprows=3)


def _first_rows(path: Path, rows: int, target: Path) -> Path:
    """The same export cut to its header rows and first `rows` responses, for the fixed per-file costs."""
    with zipfile.ZipFile(path) as archive, archive.open(archive.namelist()[0]) as member:
        name = archive.namelist()[0]
        text = io.TextIOWrapper(member, encoding="utf-8-sig", newline="")
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\r\n").writerows(itertools.islice(csv.reader(text), rows + 3))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, "\ufeff" + out.getvalue())
    return target


def _warmed(contenders: dict[str, Callable[[], object]]) -> dict[str, Callable[[], object]]:
    """Each contender called once, untimed: its first use in the process (imports are bench f's)."""
    for first in contenders.values():
        first()
    return contenders


def _goal_row(measure: str, spread: Spread, at_most: float = 1.0) -> Row:
    met = spread.median <= at_most
    return Row(
        BENCH, measure, spread.text("{:.2f}x"), f"<= {at_most:.1f}x", verdict(met, f"median {spread.median:.2f}x")
    )


def local_figures(path: Path, schema: dict[str, Any] | None, runs: int) -> Section:
    section = Section()
    rows = _csv_reader_rows(path)
    # In-process reads take well under a second each: enough runs that a moment of the shared machine's
    # other load landing on one contender's run does not move the median.
    runs = max(runs, LOCAL_RUNS)
    spreads = side_by_side(
        _warmed(
            {
                "csv.reader": lambda: _csv_reader_rows(path),
                "lists": lambda: sum(1 for _ in iter_rows(path, as_dicts=False)),
                "dicts": lambda: sum(1 for _ in iter_rows(path)),
            }
        ),
        runs,
    )
    label = f"({rows:,} rows, zip {path.stat().st_size / 1e6:.1f} MB)"
    section.rows.append(Row(BENCH, f"csv.reader rows, s {label}", spreads["csv.reader"].text("{:.3f}")))
    section.rows.append(Row(BENCH, "iter_rows(as_dicts=False), s", spreads["lists"].text("{:.3f}")))
    section.rows.append(Row(BENCH, "iter_rows (dicts), s", spreads["dicts"].text("{:.3f}")))
    section.rows.append(_goal_row("iter_rows lists / csv.reader", ratio(spreads["lists"], spreads["csv.reader"])))
    section.rows.append(
        Row(
            BENCH,
            "iter_rows dicts / csv.reader",
            ratio(spreads["dicts"], spreads["csv.reader"]).text("{:.2f}x"),
            "report",
        )
    )
    contenders: dict[str, Callable[[], object]] = {
        "pandas": lambda: _pandas_frame(path),
        "pandas-pyarrow": lambda: _pandas_pyarrow_frame(path),
        "ours": lambda: read_responses(path, schema=schema, labels=False),
    }
    frames = side_by_side(_warmed(contenders), runs)
    typed = "typed by the response schema" if schema else "no response schema"
    section.rows.append(Row(BENCH, "pandas.read_csv, s", frames["pandas"].text("{:.3f}")))
    section.rows.append(Row(BENCH, 'pandas.read_csv(engine="pyarrow"), s', frames["pandas-pyarrow"].text("{:.3f}")))
    section.rows.append(Row(BENCH, f"read_responses ({typed}), s", frames["ours"].text("{:.3f}")))
    section.rows.append(_goal_row("read_responses / pandas.read_csv", ratio(frames["ours"], frames["pandas"])))
    section.rows.append(
        Row(
            BENCH,
            'read_responses / pandas.read_csv(engine="pyarrow")',
            ratio(frames["ours"], frames["pandas-pyarrow"]).text("{:.2f}x"),
            "report",
        )
    )
    small = _first_rows(path, 200, path.with_name("first-rows.zip"))
    fixed = side_by_side(
        {
            "pandas": lambda: _pandas_frame(small),
            "ours": lambda: read_responses(small, schema=schema, labels=False),
        },
        max(runs, 20),  # milliseconds each: more runs still
    )
    small.unlink()
    section.rows.append(
        Row(
            BENCH,
            "read_responses / pandas.read_csv, first 200 rows (fixed per-file costs)",
            ratio(fixed["ours"], fixed["pandas"]).text("{:.2f}x"),
            "report",
        )
    )
    return section


def run(mock: MockProcess, runs: int, folder: Path) -> Section:
    folder.mkdir(parents=True, exist_ok=True)
    client = Qualtrics(mock.token, base_url=mock.base_url)
    _ = client.spec
    # QualtricsAPI asserts a real-looking survey id (SV_ + 15 characters).
    survey = next(str(raw["id"]) for _, raw in client.paginate("listSurveys").with_raw() if len(str(raw["id"])) == 18)
    schema = response_schema(client, survey)
    body = {"format": "csv"}
    saved = client.download(client.run_job("exportResponses", survey_id=survey, body=body, poll_interval=0.05), folder)
    section = local_figures(saved, schema, runs)
    saved.unlink()

    def export_rows() -> int:
        outcome = client.run_job("exportResponses", survey_id=survey, body=body, poll_interval=0.05)
        path = client.download(outcome, folder / "ours-rows.zip")
        count = sum(1 for _ in iter_rows(path, as_dicts=False))
        path.unlink()
        return count

    def export_frame() -> int:
        outcome = client.run_job("exportResponses", survey_id=survey, body=body, poll_interval=0.05)
        path = client.download(outcome, folder / "ours-frame.zip")
        count = len(read_responses(path, schema=schema, labels=False))
        path.unlink()
        return count

    pairs = (("qualtrics", "rows", export_rows), ("QualtricsAPI", "DataFrame", export_frame))
    for name, what, ours in pairs:
        python = other_clients.ensure(name)
        spreads = {"ours": Spread(), name: Spread()}
        failure = None
        for index in range(runs):
            for side in ("ours", name) if index % 2 == 0 else (name, "ours"):
                if side == "ours":
                    start = time.perf_counter()
                    ours()
                    spreads["ours"].add(time.perf_counter() - start)
                    continue
                got = _theirs(python, name, "export", mock, survey, folder)
                if "error" in got:
                    failure = str(got["error"])
                else:
                    spreads[name].add(float(got["seconds"]))
        section.rows.append(Row(BENCH, f"ours export + {what}, s", spreads["ours"].text()))
        if failure is not None or len(spreads[name].values) != runs:
            section.rows.append(Row(BENCH, f"{name} export + {what}", f"failed: {failure}"))
            continue
        section.rows.append(Row(BENCH, f"{name} export + {what}, s", spreads[name].text()))
        theirs_over_ours = ratio(spreads[name], spreads["ours"])
        met = theirs_over_ours.median >= 1.0
        section.rows.append(
            Row(
                BENCH,
                f"{name} / ours, export + {what}",
                theirs_over_ours.text("{:.2f}x"),
                ">= 1.0x",
                verdict(met, f"median {theirs_over_ours.median:.2f}x"),
            )
        )
    client.close()
    section.notes.append(
        "h. Rows and DataFrames: one export zip of the bench mock (the big CSV of bench d, sized like bench g's), "
        "read in process: `iter_rows` lists and dicts against `csv.reader` over `TextIOWrapper` (3 header rows "
        "skipped), `read_responses` (pyarrow's parser when installed, columns typed by `getResponseSchema`) against "
        "`pandas.read_csv(skiprows=[1, 2])` (default engine and options; pandas's pyarrow engine for reference), "
        "side by side in alternating order, and again on the first 200 responses for the fixed per-file costs. "
        "Then whole flows against the mock process: ours export + `iter_rows(as_dicts=False)` against "
        "`qualtrics` 0.4.2 export + `csv.reader`, and "
        "ours export + `read_responses` against QualtricsAPI's `get_survey_responses` DataFrame."
    )
    return section
