"""The header rows of an export, rows as bare lists, lines split across blocks, and damaged exports."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualtrics_client import DamagedExport, QualtricsError, iter_rows, read_header
from qualtrics_client.files import _LineBlocks

QUALTRICS_CSV = (
    "\ufeffResponseId,Q1,Q2\r\n"
    'Response ID,"How satisfied are you?","Say more\r\n(optional)"\r\n'
    '"{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2_TEXT""}"\r\n'
    "R_1,5,fine\r\n"
    'R_2,4,"two\r\nlines"\r\n'
)


def make_zip(path: Path, members: dict[str, str | bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_header_rows_are_kept_apart(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "q.zip", {"Survey.csv": QUALTRICS_CSV})
    header = read_header(path)
    assert header.names == ("ResponseId", "Q1", "Q2")
    assert header.texts == ("Response ID", "How satisfied are you?", "Say more\r\n(optional)")
    assert header.import_ids == ({"ImportId": "_recordId"}, {"ImportId": "QID1"}, {"ImportId": "QID2_TEXT"})
    assert header.question_text("Q1") == "How satisfied are you?"
    assert header.import_id("Q2") == {"ImportId": "QID2_TEXT"}
    assert header.question_text("nope") is None
    # The offset counts the BOM and the quoted newline: the data starts exactly there.
    with zipfile.ZipFile(path) as archive:
        data = archive.read("Survey.csv")
    assert header.data_offset is not None
    assert data[header.data_offset :].startswith(b"R_1,5,fine")
    assert list(iter_rows(path, as_dicts=False)) == [["R_1", "5", "fine"], ["R_2", "4", "two\r\nlines"]]
    assert list(iter_rows(path))[1] == {"ResponseId": "R_2", "Q1": "4", "Q2": "two\r\nlines"}


def test_plain_csv_has_names_only(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "p.zip", {"s.csv": "a,b\n1,2\n3,4\n"})
    header = read_header(path)
    assert (header.names, header.texts, header.import_ids) == (("a", "b"), None, None)
    assert header.data_offset == 4
    assert list(iter_rows(path, as_dicts=False)) == [["1", "2"], ["3", "4"]]


def test_json_exports_have_no_header_rows(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "j.zip", {"s.json": json.dumps({"responses": [{"responseId": "R_1"}]})})
    assert read_header(path).names == ()
    assert read_header(path).format == "json"


cells = st.text(alphabet='ab ,"\r\n\x0b\u2028é', max_size=5)


@settings(max_examples=200)
@given(rows=st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=8), block=st.integers(1, 17))
def test_lines_split_across_blocks_parse_as_the_text_wrapper_does(rows: list[list[str]], block: int) -> None:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    data = ("\ufeff" + out.getvalue()).encode("utf-8")
    expected = list(csv.reader(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")))
    blocks = _LineBlocks(io.BytesIO(data), block)
    got = list(csv.reader(line for lines in blocks for line in lines))
    assert got == expected


def test_offsets_are_counted_across_blocks() -> None:
    blocks = _LineBlocks(io.BytesIO("\ufeffa\nbé\nc\n".encode()), 2)
    assert [line for lines in blocks for line in lines] == ["a\n", "bé\n", "c\n"]
    assert blocks.offset_of(1) == 3 + 2
    assert blocks.offset_of(2) == 3 + 2 + 4  # bytes, not characters
    blocks.done_with_header()
    assert blocks.kept == []


def test_header_rows_longer_than_a_read_block(tmp_path: Path) -> None:
    texts = ["x" * 40_000 + "\r\nsecond line", "y" * 30_000]
    rows = [["ResponseId", "Q1"], texts, ['{"ImportId":"_recordId"}', '{"ImportId":"QID1"}'], ["R_1", "5"]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path = make_zip(tmp_path / "long.zip", {"Survey.csv": "\ufeff" + out.getvalue()})
    header = read_header(path)
    assert header.texts == tuple(texts)
    with zipfile.ZipFile(path) as archive:
        data = archive.read("Survey.csv")
    assert header.data_offset is not None
    assert data[header.data_offset :] == b"R_1,5\r\n"
    assert list(iter_rows(path, as_dicts=False)) == [["R_1", "5"]]


def _corrupt_deflate(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    start = data.index(b"Survey.csv") + len(b"Survey.csv")  # the member's data follows its local header name
    for i in range(start + 10, start + 40):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    "make",
    [
        lambda p: (p.write_bytes(b"not a zip at all"), p)[1],
        lambda p: (p.write_bytes(make_zip(p, {"Survey.csv": QUALTRICS_CSV * 50}).read_bytes()[:200]), p)[1],
        lambda p: _corrupt_deflate(make_zip(p, {"Survey.csv": QUALTRICS_CSV + "R_3,1,x\r\n" * 2000})),
        lambda p: make_zip(p, {"s.ndjson": '{"responseId": "R_1"}\n{"responseId": \n'}),
        lambda p: make_zip(p, {"s.json": '{"responses": [{"responseId": "R_1"}, {"respo'}),
        lambda p: make_zip(p, {"s.json": '{"responses": 5}'}),
        lambda p: make_zip(p, {"s.csv": b"a,b\n\xff\xfe,1\n"}),
    ],
    ids=["not-a-zip", "truncated-zip", "corrupt-deflate", "bad-ndjson", "cut-json", "no-array", "bad-utf8"],
)
@pytest.mark.parametrize("as_dicts", [True, False])
def test_damaged_exports_raise_a_qualtrics_error(tmp_path: Path, make: object, as_dicts: bool) -> None:
    path = make(tmp_path / "bad.zip")  # type: ignore[operator]
    with pytest.raises(DamagedExport) as caught:
        list(iter_rows(path, as_dicts=as_dicts))
    assert isinstance(caught.value, QualtricsError)
    assert str(path) in str(caught.value)


def test_bare_rows_close_the_archive_when_they_run_out(tmp_path: Path) -> None:
    import os

    path = make_zip(tmp_path / "q.zip", {"Survey.csv": QUALTRICS_CSV})

    def open_files() -> int:
        return sum(1 for fd in os.listdir("/proc/self/fd") if os.path.realpath(f"/proc/self/fd/{fd}") == str(path))

    rows = iter_rows(path, as_dicts=False)
    assert open_files() == 1
    assert len(list(rows)) == 2
    assert open_files() == 0


def test_a_missing_member_is_named(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "m.zip", {"a.csv": "k\n1\n"})
    with pytest.raises(DamagedExport, match=r"no member 'b\.csv'"):
        list(iter_rows(path, member="b.csv"))
    with pytest.raises(DamagedExport, match="no member"):
        read_header(path, member="b.csv")
