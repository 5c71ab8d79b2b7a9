"""Rows from export zips, streamed: csv (with BOM), tsv, json, ndjson; JSON arrays across chunk boundaries."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualtrics_client import QualtricsError, iter_rows
from qualtrics_client.files import filename_from, iter_json_array, target_path


def make_zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


ROWS = [{"ResponseId": "R_1", "Q1": "a,b"}, {"ResponseId": "R_2", "Q1": 'say "hi"'}]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("s.csv", '\ufeffResponseId,Q1\nR_1,"a,b"\nR_2,"say ""hi"""\n', ROWS),
        (
            "s.tsv",
            'ResponseId\tQ1\nR_1\ta,b\nR_2\tsay "hi"\n',
            [{"ResponseId": "R_1", "Q1": "a,b"}, {"ResponseId": "R_2", "Q1": 'say "hi"'}],
        ),
        ("s.json", json.dumps({"responses": ROWS}), ROWS),
        ("s.json", json.dumps(ROWS, indent=2), ROWS),
        ("s.json", '{"responses": []}', []),
        ("s.ndjson", "\n".join(json.dumps(r) for r in ROWS) + "\n\n", ROWS),
    ],
)
def test_formats(name: str, text: str, expected: list[dict[str, Any]], tmp_path: Path) -> None:
    assert list(iter_rows(make_zip(tmp_path / "x.zip", {name: text}))) == expected


def test_named_member_and_unsupported(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "x.zip", {"a.csv": "k\n1\n", "b.csv": "k\n2\n", "c.sav": "bin"})
    assert list(iter_rows(path, member="b.csv")) == [{"k": "2"}]
    with pytest.raises(QualtricsError):
        list(iter_rows(path, member="c.sav"))
    with pytest.raises(QualtricsError):
        list(iter_rows(make_zip(tmp_path / "y.zip", {"only.sav": "x"})))


def test_truncated_json_raises() -> None:
    with pytest.raises(QualtricsError, match="truncated"):
        list(iter_json_array(io.StringIO('{"responses": [{"a": 1}, {"b": '), chunk=4))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200)
@given(
    values=st.lists(JSON, max_size=8),
    chunk=st.integers(min_value=1, max_value=40),
    wrapped=st.booleans(),
    indent=st.sampled_from([None, 1]),
)
def test_json_array_streaming_matches_json_loads(
    values: list[Any], chunk: int, wrapped: bool, indent: int | None
) -> None:
    document = {"responses": values} if wrapped else values
    text = json.dumps(document, indent=indent)
    assert list(iter_json_array(io.StringIO(text), chunk=chunk)) == values


def test_large_csv_streams(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("big.csv", "w") as member:
        member.write(b"id,v\n")
        for i in range(200_000):
            member.write(f"R_{i},{i}\n".encode())
    count = 0
    for row in iter_rows(path):
        assert row["id"] == f"R_{count}"
        count += 1
    assert count == 200_000


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("attachment; filename=Survey+One.zip", "Survey One.zip"),
        ('attachment; filename="My Survey.zip"', "My Survey.zip"),
        ("attachment; filename*=UTF-8''Umfrage%20%C3%BC.zip", "Umfrage ü.zip"),
        ("attachment; filename=../../etc/passwd", "passwd"),
        ('attachment; filename="..\\\\..\\\\win.ini"', "win.ini"),
        ("attachment; filename=..", None),
        ("attachment", None),
        (None, None),
    ],
)
def test_filename_from_disposition(header: str | None, expected: str | None) -> None:
    assert filename_from(header) == expected


def test_target_path(tmp_path: Path) -> None:
    assert target_path(tmp_path / "x.zip", "attachment; filename=a.zip", "f.zip") == tmp_path / "x.zip"
    assert target_path(tmp_path, "attachment; filename=a+b.zip", "f.zip") == tmp_path / "a b.zip"
    assert target_path(tmp_path, None, "f.zip") == tmp_path / "f.zip"


def test_qualtrics_csv_header_rows_are_not_rows(tmp_path: Path) -> None:
    text = (
        "ResponseId,Q1\n"
        "Response ID,How satisfied are you?\n"
        '"{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}"\n'
        "R_1,5\n"
        "R_2,4\n"
    )
    path = make_zip(tmp_path / "q.zip", {"Survey.csv": text})
    assert list(iter_rows(path)) == [{"ResponseId": "R_1", "Q1": "5"}, {"ResponseId": "R_2", "Q1": "4"}]


def test_short_csv_without_qualtrics_header_rows_keeps_every_row(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "s.zip", {"s.csv": "k\n1\n"})
    assert list(iter_rows(path)) == [{"k": "1"}]
