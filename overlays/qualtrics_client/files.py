"""Rows from a saved export zip, one at a time, never holding the whole file.

`zipfile` decompresses members as streams, so memory stays at a buffer's worth whatever the file size.
JSON exports are one document (`{"responses": [...]}`); its array elements are decoded one by one.
Qualtrics's CSV and TSV carry three header rows (export tags, question texts, `{"ImportId": ...}`): the
first names the columns, the other two are kept apart (`read_header`) instead of being yielded as rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from os import PathLike
from pathlib import Path, PurePosixPath
from typing import IO, Any
from urllib.parse import unquote, unquote_plus

from .errors import QualtricsError

_CHUNK = 1 << 16
_BLOCK = 1 << 20  # bytes decompressed and decoded at a time for CSV/TSV
_HEADER_BLOCK = 1 << 15  # the same when only the header rows are read
_TEXT_CHUNK = 1 << 18  # bytes read at a time under the text wrapper of bare CSV/TSV rows
_MAX_JSON_VALUE = 64 << 20  # a JSON element this large without decoding is damage, not a big response
_FORMATS = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson"}
# What a damaged archive or member raises while being read: a bad CRC or header (BadZipFile), corrupt or cut
# deflate data (zlib.error, EOFError), bad UTF-8 or JSON (ValueError), an unsupported compression or an
# encrypted member (NotImplementedError, RuntimeError), an over-long CSV field (csv.Error).
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError, csv.Error)


class DamagedExport(QualtricsError, ValueError):
    """The export file cannot be read: not a zip, a missing or damaged member, bad text or bad JSON."""


def filename_from(disposition: str | None) -> str | None:
    """The file name of a `content-disposition` header (Qualtrics writes spaces as `+`), reduced to a safe
    base name: a hostile header must not write outside the chosen directory."""
    if not disposition:
        return None
    extended = re.search(r"filename\*\s*=\s*(?:[\w-]+)?'[^']*'([^;]+)", disposition, re.IGNORECASE)
    plain = re.search(r'filename\s*=\s*("([^"]*)"|[^;]+)', disposition, re.IGNORECASE)
    if extended:
        name = unquote(extended.group(1).strip())
    elif plain:
        name = unquote_plus((plain.group(2) if plain.group(2) is not None else plain.group(1)).strip())
    else:
        return None
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name if name not in ("", ".", "..") and "\x00" not in name else None


def target_path(path: str | PathLike[str], disposition: str | None, fallback: str) -> Path:
    """`path` itself, or, when it is a directory, the server's file name inside it."""
    chosen = Path(path)
    return chosen / (filename_from(disposition) or fallback) if chosen.is_dir() else chosen


@dataclass(frozen=True)
class ExportHeader:
    """The header rows of a CSV/TSV export: column names (export tags), and, when the file is Qualtrics's,
    the question texts and the parsed ImportId JSON of each column (None where a cell is not JSON)."""

    member: str
    format: str
    names: tuple[str, ...]
    texts: tuple[str, ...] | None = None
    import_ids: tuple[dict[str, Any] | None, ...] | None = None
    # Bytes of the member before its first data row.
    data_offset: int | None = None

    def question_text(self, column: str) -> str | None:
        index = self._index(column, self.texts)
        return None if index is None or self.texts is None else self.texts[index]

    def import_id(self, column: str) -> dict[str, Any] | None:
        index = self._index(column, self.import_ids)
        return None if index is None or self.import_ids is None else self.import_ids[index]

    def _index(self, column: str, values: tuple[Any, ...] | None) -> int | None:
        if values is None or column not in self.names:
            return None
        index = self.names.index(column)
        return index if index < len(values) else None


def _open(path: str | PathLike[str], member: str | None, fmt: str | None) -> tuple[zipfile.ZipFile, str, str]:
    """The archive, the data member's name and its format; DamagedExport when any is missing."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise DamagedExport(f"{path}: not a readable zip archive ({exc})") from exc
    try:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        name = member or next((n for n in names if PurePosixPath(n).suffix.lower() in _FORMATS), None)
        if name is None:
            raise DamagedExport(f"{path}: no csv/tsv/json/ndjson file in the archive ({names})")
        if name not in names:
            raise DamagedExport(f"{path}: no member {name!r} in the archive ({names})")
        kind = fmt or _FORMATS.get(PurePosixPath(name).suffix.lower())
        if kind not in ("csv", "tsv", "json", "ndjson"):
            raise DamagedExport(f"{path}: unsupported export format for {name} ({kind or 'unknown'})")
    except BaseException:
        archive.close()
        raise
    return archive, name, kind


def iter_rows(
    path: str | PathLike[str], *, member: str | None = None, fmt: str | None = None, as_dicts: bool = True
) -> Iterator[Any]:
    """Rows of the (first, or named) data file in the zip: for csv/tsv, dicts keyed by column name (what
    `csv.DictReader` gives), or with `as_dicts=False` the bare lists of cells in column order, the fastest
    form, exactly what `csv.reader` yields (`read_header` gives the names; a blank line is an empty list);
    for json/ndjson, the decoded records.

    A damaged archive, member or document raises `DamagedExport` (a `QualtricsError`), wherever it shows.
    The archive is opened, and a missing one reported, when this is called; it is closed once the rows run out.
    """
    archive, name, kind = _open(path, member, fmt)
    if kind in ("csv", "tsv") and not as_dicts:
        # No generator of ours between csv.reader and the caller: the rows are csv.reader's own, reading the
        # same text wrapper a csv.reader user opens, and the damage a read can meet is turned into
        # DamagedExport where the bytes are read (`_CheckedReads`).
        try:
            raw = archive.open(name)
        except BaseException:
            archive.close()
            raise
        checked = _CheckedReads(raw, closing=(raw, archive), label=f"{path}: damaged export member {name!r}")
        try:
            text = io.TextIOWrapper(checked, encoding="utf-8-sig", newline="")
            # Larger reads than the wrapper's default 8 KiB: fewer Python-level reads through zipfile.
            text._CHUNK_SIZE = _TEXT_CHUNK  # type: ignore[attr-defined]  # both io implementations have it
            return _data_rows(csv.reader(text, delimiter="," if kind == "csv" else "\t"))
        except BaseException:
            checked.close()
            raise
    return _records(path, archive, name, kind, as_dicts)


class _CheckedReads(io.BufferedIOBase):
    """A member's bytes as they are read, checked as UTF-8 on the way (a cheap decode whose text is dropped),
    so that a bad byte, like a bad CRC or cut deflate data, is a DamagedExport raised from the read itself.
    The archive is closed once the bytes run out, or when this is closed (a dropped iteration)."""

    def __init__(self, raw: IO[bytes], *, closing: tuple[Any, ...], label: str) -> None:
        super().__init__()
        self._raw = raw
        self._closing = closing
        self._label = label
        self._decode = codecs.getincrementaldecoder("utf-8")().decode
        self._ended = False

    @property
    def name(self) -> str:  # what the text wrapper shows in its repr
        return self._label

    def readable(self) -> bool:
        return True

    def read1(self, size: int | None = -1) -> bytes:
        if self._ended:
            return b""
        try:
            data = self._raw.read(size if size is not None and size > 0 else _TEXT_CHUNK)
            self._decode(data, not data)
        except _DAMAGE as exc:
            self._release()
            raise DamagedExport(f"{self._label}: {exc}") from exc
        if not data:
            self._release()
        return data

    read = read1

    def _release(self) -> None:
        self._ended = True
        for resource in self._closing:
            resource.close()

    def close(self) -> None:
        self._release()
        super().close()


def _data_rows(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The reader itself once past the header rows, or, for a file without Qualtrics's header rows, the rows
    read while looking for them and then the reader."""
    names = next(reader, None)
    if names is None:
        return iter(())
    second = _next_filled(reader)
    third = _next_filled(reader)
    if second is not None and _is_import_row(third, len(names)):
        return reader
    return itertools.chain([row for row in (second, third) if row is not None], reader)


def _records(
    path: str | PathLike[str], archive: zipfile.ZipFile, name: str, kind: str, as_dicts: bool
) -> Iterator[Any]:
    try:
        with archive, archive.open(name) as raw:
            if kind in ("csv", "tsv"):
                header, rows = _csv_parts(raw, kind, name)
                yield from (_dict_rows(header.names, rows) if as_dicts else rows)
            elif kind == "ndjson":
                yield from _ndjson(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
            else:
                yield from iter_json_array(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
    except DamagedExport as exc:  # the JSON reader's own finding: name the file
        raise DamagedExport(f"{path}: {exc}") from exc
    except _DAMAGE as exc:
        raise DamagedExport(f"{path}: damaged export member {name!r}: {exc}") from exc


def read_header(path: str | PathLike[str], *, member: str | None = None, fmt: str | None = None) -> ExportHeader:
    """The header rows of a CSV/TSV export (JSON formats have none: empty names)."""
    with opened_export(path, member=member, fmt=fmt) as (header, _):
        return header


@contextmanager
def opened_export(
    path: str | PathLike[str], *, member: str | None = None, fmt: str | None = None
) -> Iterator[tuple[ExportHeader, IO[bytes]]]:
    """The header of an export and its data member, opened once: for CSV/TSV the member is positioned at its
    first data row (`header.data_offset`), for JSON at its start. Closed on leaving."""
    archive, name, kind = _open(path, member, fmt)
    with archive:
        try:
            raw = archive.open(name)
            if kind in ("csv", "tsv"):
                # Small blocks: only the header rows are wanted, however long they turn out to be.
                header, _ = _csv_parts(raw, kind, name, _LineBlocks(raw, _HEADER_BLOCK))
                raw.seek(header.data_offset or 0)  # backwards: the member's first bytes inflated again
            else:
                header = ExportHeader(name, kind, ())
        except DamagedExport as exc:  # the JSON reader's own finding: name the file
            raise DamagedExport(f"{path}: {exc}") from exc
        except _DAMAGE as exc:
            raise DamagedExport(f"{path}: damaged export member {name!r}: {exc}") from exc
        with raw:
            yield header, raw


class _LineBlocks:
    """Lists of lines, a block at a time; keeps the blocks read while the header rows are parsed, and whether
    a BOM led the member, so the byte offset of the first data row can be told."""

    def __init__(self, raw: IO[bytes], block: int, *, closing: tuple[Any, ...] = (), label: str | None = None) -> None:
        self._raw = raw
        self._block = block
        # What to close once the lines run out (or the iteration is dropped), and, when given, the message
        # prefix of the DamagedExport a bad read becomes here (else the caller converts it).
        self._closing = closing
        self._label = label
        self.bom = False
        # The blocks read while the header rows are parsed, to tell byte offsets; then no longer kept.
        self.kept: list[list[str]] = []
        self.keeping = True

    def __iter__(self) -> Iterator[list[str]]:
        try:
            yield from self._blocks()
        except _DAMAGE as exc:
            if self._label is None:
                raise
            raise DamagedExport(f"{self._label}: {exc}") from exc
        finally:
            for resource in self._closing:
                resource.close()

    def _blocks(self) -> Iterator[list[str]]:
        decode = codecs.getincrementaldecoder("utf-8-sig")().decode
        rest = ""
        head = b""
        while True:
            data = self._raw.read(self._block)
            if len(head) < 3:  # the BOM may straddle tiny reads
                head += data[: 3 - len(head)]
                self.bom = head == codecs.BOM_UTF8
            text = rest + decode(data, final=not data)
            if not data:
                if text:
                    yield self._keep([text])
                return
            lines = _split_lines(text)
            # The last line may be cut short by the block edge (or be a \r whose \n comes next): carried over.
            rest = lines.pop() if lines and lines[-1][-1] != "\n" else ""
            yield self._keep(lines)

    def _keep(self, lines: list[str]) -> list[str]:
        if self.keeping:
            self.kept.append(lines)
        return lines

    def offset_of(self, line: int) -> int:
        """Bytes before line number `line` (0-based), counted over the blocks kept so far."""
        total = 3 if self.bom else 0
        for lines in self.kept:
            if line <= 0:
                break
            total += sum(len(text.encode("utf-8")) for text in lines[:line])
            line -= len(lines)
        return total

    def done_with_header(self) -> None:
        self.keeping = False
        self.kept = []


# Characters `str.splitlines` breaks at but a text wrapper with newline="" does not (they may sit in a cell).
_OTHER_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _split_lines(text: str) -> list[str]:
    """Lines ending after \\n, \\r\\n or a lone \\r. `str.splitlines` does it fastest, but also breaks at the
    characters above, so a block holding any of them (rare: checked with a scan each) is split by StringIO."""
    if any(mark in text for mark in _OTHER_BREAKS):
        return io.StringIO(text, newline="").readlines()
    return text.splitlines(keepends=True)


def _is_import_row(row: list[str] | None, width: int) -> bool:
    return row is not None and width > 0 and len(row) == width and all(c.startswith('{"ImportId"') for c in row)


def _parse_import_id(cell: str) -> dict[str, Any] | None:
    try:
        value = json.loads(cell)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _next_filled(reader: Iterator[list[str]]) -> list[str] | None:
    """The next row that is not a blank line (csv.DictReader skips those)."""
    for row in reader:
        if row:
            return row
    return None


def _csv_parts(
    raw: IO[bytes], kind: str, name: str = "", blocks: _LineBlocks | None = None
) -> tuple[ExportHeader, Iterator[list[str]]]:
    """The header and an iterator of the data rows: csv.reader itself once the header rows are read, so a
    blank line is an empty list (the dict rows skip it, as `csv.DictReader` does)."""
    blocks = blocks if blocks is not None else _LineBlocks(raw, _BLOCK)
    reader = csv.reader(itertools.chain.from_iterable(blocks), delimiter="," if kind == "csv" else "\t")
    names = next(reader, None)
    if names is None:
        return ExportHeader(name, kind, (), data_offset=blocks.offset_of(0)), iter(())
    after_names = blocks.offset_of(reader.line_num)
    second = _next_filled(reader)
    third = _next_filled(reader)
    if second is not None and _is_import_row(third, len(names)):
        assert third is not None  # noqa: S101 - narrowed by _is_import_row
        ids = tuple(_parse_import_id(c) for c in third)
        offset = blocks.offset_of(reader.line_num)
        blocks.done_with_header()
        return ExportHeader(name, kind, tuple(names), tuple(second), ids, offset), reader
    blocks.done_with_header()
    held = [row for row in (second, third) if row is not None]
    return ExportHeader(name, kind, tuple(names), data_offset=after_names), itertools.chain(held, reader)


def _ndjson(text: IO[str]) -> Iterator[Any]:
    for line in text:
        if line.strip():
            yield json.loads(line)


def _dict_rows(header: tuple[str, ...], reader: Iterable[list[str]]) -> Iterator[dict[str, Any]]:
    """What `csv.DictReader` yields (restkey and restval None), without its per-row Python overhead:
    a row of the header's width, the usual case, is one `dict(zip(...))`."""
    width = len(header)
    for row in reader:
        if len(row) == width and row:
            yield dict(zip(header, row, strict=True))
        elif row:  # a blank line is no row
            ragged: dict[Any, Any] = dict(zip(header, row, strict=False))
            if len(row) > width:
                ragged[None] = row[width:]
            else:
                for key in header[len(row) :]:
                    ragged[key] = None
            yield ragged


def iter_json_array(text: IO[str], chunk: int = _CHUNK) -> Iterator[Any]:
    """Elements of the first JSON array in a stream (a bare array, or `{"responses": [...]}`)."""
    decoder = json.JSONDecoder()
    buffer = ""
    # Find the opening bracket of the array.
    while "[" not in buffer:
        more = text.read(chunk)
        if not more:
            if buffer.strip():
                raise DamagedExport("no JSON array in the export")
            return
        buffer += more
    buffer = buffer[buffer.index("[") + 1 :]
    position = 0
    while True:
        while True:  # skip separators
            while position < len(buffer) and buffer[position] in " \t\r\n,":
                position += 1
            if position < len(buffer):
                break
            more = text.read(chunk)
            if not more:
                raise DamagedExport("truncated JSON export: the array never closes")
            buffer, position = more, 0
        if buffer[position] == "]":
            return
        try:
            value, end = decoder.raw_decode(buffer, position)
        except json.JSONDecodeError as exc:
            more = text.read(chunk)
            if not more:
                raise DamagedExport(f"truncated JSON export ({exc})") from None
            if len(buffer) - position > _MAX_JSON_VALUE:
                raise DamagedExport(f"bad JSON in the export ({exc})") from None
            buffer, position = buffer[position:] + more, 0
            continue
        # A number may be cut short by the chunk edge ("1" of "1e+16"): decide only once a delimiter follows.
        if isinstance(value, int | float) and (end == len(buffer) or buffer[end] not in " \t\r\n,]}"):
            more = text.read(chunk)
            if more:
                buffer, position = buffer[position:] + more, 0
                continue
        yield value
        position = end
        if position > chunk:  # drop what has been consumed so the buffer stays small
            buffer, position = buffer[position:], 0
