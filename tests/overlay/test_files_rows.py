"""CSV rows as dicts: the same dicts `csv.DictReader` gives, ragged and blank lines included."""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from qualtrics_client import iter_rows

cells = st.text(alphabet='ab ,"\n', max_size=4)
lines = st.lists(st.lists(cells, max_size=4), max_size=6)


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        if row:
            writer.writerow(row)
        else:
            out.write("\r\n")  # a blank line, which DictReader skips
    return out.getvalue()


@settings(max_examples=200)
@given(rows=lines, qualtrics=st.booleans())
def test_rows_are_dict_reader_rows(rows: list[list[str]], qualtrics: bool) -> None:
    if qualtrics and rows:  # the question-text and ImportId rows a Qualtrics export carries
        rows = [rows[0], [f"text {c}" for c in rows[0]], ['{"ImportId":"x"}' for _ in rows[0]], *rows[1:]]
    text = _csv(rows)
    expected = list(csv.DictReader(io.StringIO(text, newline="")))
    second = expected[1] if len(expected) > 1 else None
    if second is not None and all(isinstance(v, str | None) for v in second.values()):
        if all((value or "").startswith('{"ImportId"') for value in second.values()):
            expected = expected[2:]
    elif second is not None:
        return  # a ragged second row: the header check itself refuses it, as it always has
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("survey.csv", text)
        assert list(iter_rows(path)) == expected


bare_cells = st.text(alphabet='ab ,"\r\n\x0b\u2028é', max_size=5)


@settings(max_examples=200)
@given(rows=st.lists(st.lists(bare_cells, min_size=1, max_size=4), min_size=1, max_size=8), bom=st.booleans())
def test_bare_rows_are_csv_reader_rows(rows: list[list[str]], bom: bool) -> None:
    """After Qualtrics's three header rows, the lists are what `csv.reader` gives over a text wrapper."""
    width = len(rows[0])
    header = [[f"Q{i}" for i in range(width)], [f"text {i}" for i in range(width)], ['{"ImportId":"x"}'] * width]
    out = io.StringIO()
    csv.writer(out).writerows(header + rows)
    data = (("\ufeff" if bom else "") + out.getvalue()).encode()
    expected = list(csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")))[3:]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("survey.csv", data)
        assert list(iter_rows(path, as_dicts=False)) == expected
