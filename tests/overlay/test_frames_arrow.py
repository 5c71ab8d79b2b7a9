"""Columns converted in Arrow give exactly what `convert` gives on the same columns read by pyarrow: the same
values, dtypes, categories and order, for values that fit their type and values that do not."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qualtrics_client import read_responses
from qualtrics_client.frames import arrow_convert

from ._frames_fixtures import export_zip

# Per kind: the schema field, and cells that fit it mixed with cells that do not.
KINDS: dict[str, tuple[dict[str, Any] | None, list[str]]] = {
    "datetime": (
        {"type": "string", "format": "date-time"},
        ["2025-01-01 09:30:00", "2025-03-30 02:30:00", "2025-01-02T10:00:00Z", "2025-01-01 09:30:00.5", "soon", ""],
    ),
    "integer": ({"type": "integer"}, ["1", "-3", "0", "007", "1.5", "2.0", "9007199254740993", "x", "nan", ""]),
    "number": ({"type": "number"}, ["1", "2.5", "-0.25", "1e3", "inf", "x", ""]),
    "boolean": ({"type": "boolean"}, ["0", "1", "true", "False", "2", "yes", ""]),
    "choice": (
        {
            "type": "integer",
            "oneOf": [{"const": i + 1, "label": str(i)} for i in range(4)] + [{"const": 9, "label": "Nine"}],
        },
        ["1", "2", "3", "4", "5", "9", "0", "Nine", "x", "-1", ""],
    ),
    "flag": (
        {"type": "integer", "oneOf": [{"const": 0, "label": "False"}, {"const": 1, "label": "True"}]},
        ["0", "1", "True", "3", ""],
    ),
    "text": ({"type": "string"}, ["a", "007", "1", "NA", "two\nlines", ""]),
    "guess": (None, ["1", "2", "0.5", "007", "12\n", "abc", ""]),
}


def _export(kinds: list[str], rows: list[list[str]], folder: Path) -> tuple[Path, dict[str, Any]]:
    tags = [f"C{i}" for i in range(len(kinds))]
    properties = {
        f"QID{i}": {**field, "exportTag": tag}
        for i, (tag, kind) in enumerate(zip(tags, kinds, strict=True))
        if (field := KINDS[kind][0])
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([tags, tags, [json.dumps({"ImportId": f"QID{i}"}) for i in range(len(kinds))], *rows])
    path = export_zip(folder / "e.zip", "Survey.csv", "\ufeff" + out.getvalue())
    return path, {"properties": {"values": {"properties": properties}}}


@st.composite
def exports(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    kinds = draw(st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=4))
    # Each column draws from a few of its kind's cells, so that some columns hold only values that fit.
    pools = [draw(st.lists(st.sampled_from(KINDS[k][1]), min_size=1, max_size=4)) for k in kinds]
    count = draw(st.integers(1, 8))
    rows = [[draw(st.sampled_from(pool)) for pool in pools] for _ in range(count)]
    return kinds, rows


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(export=exports(), labels=st.booleans(), time_zone=st.sampled_from([None, "UTC", "Europe/Berlin"]))
@example(export=(["choice"], [["5"], ["-1"], ["2"], [""]]), labels=False, time_zone=None)  # stray codes, sorted
@example(export=(["choice", "flag"], [["5", "1"], ["-1", ""]]), labels=True, time_zone=None)  # strays as labels
def test_arrow_conversions_equal_the_pandas_ones(
    export: tuple[list[str], list[list[str]]], labels: bool, time_zone: str | None
) -> None:
    kinds, rows = export
    with tempfile.TemporaryDirectory() as folder:
        path, schema = _export(kinds, rows, Path(folder))
        fast = read_responses(path, schema=schema, labels=labels, time_zone=time_zone)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(arrow_convert, "convert_table", lambda table, *args: (table, set()))
            reference = read_responses(path, schema=schema, labels=labels, time_zone=time_zone)
    pd.testing.assert_frame_equal(fast, reference, check_exact=True)
    for name in fast.columns:
        assert fast[name].dtype == reference[name].dtype, name
    assert fast.attrs == reference.attrs


def test_common_columns_are_converted_in_arrow(tmp_path: Path) -> None:
    """The usual columns (codes, times, counts, flags) do not fall back to pandas's per-column conversion."""
    path, schema = _export(
        ["datetime", "integer", "flag", "choice", "text"],
        [["2025-01-01 09:30:00", "5", "1", "2", "a"], ["2025-01-02 10:00:00", "", "0", "", ""]],
        tmp_path,
    )
    seen: list[set[str]] = []
    real = arrow_convert.convert_table

    def spy(*args: Any) -> Any:
        table, done = real(*args)
        seen.append(done)
        return table, done

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(arrow_convert, "convert_table", spy)
        frame = read_responses(path, schema=schema, labels=False)
    assert seen == [{"C0", "C1", "C2", "C3", "C4"}]
    assert str(frame["C0"].dtype) == "datetime64[s, UTC]"
    assert frame["C1"].tolist()[0] == 5
    assert str(frame["C1"].dtype) == "Int64"
    assert frame["C2"].tolist() == [True, False]
    assert list(frame["C3"].cat.categories) == [1, 2, 3, 4, 9]
    assert frame["C3"].cat.ordered
