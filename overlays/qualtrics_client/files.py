"""Rows from a saved export zip, one at a time, never holding the whole file.

`zipfile` decompresses members as streams, so memory stays at a buffer's worth whatever the file size.
JSON exports are one document (`{"responses": [...]}`); its array elements are decoded one by one.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import zipfile
from collections.abc import Iterator
from os import PathLike
from pathlib import Path, PurePosixPath
from typing import IO, Any
from urllib.parse import unquote, unquote_plus

from .errors import QualtricsError

_CHUNK = 1 << 16
_FORMATS = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson"}


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


def iter_rows(path: str | PathLike[str], *, member: str | None = None, fmt: str | None = None) -> Iterator[Any]:
    """Rows of the (first, or named) data file in the zip: dicts for csv/tsv, decoded values for json/ndjson."""
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        name = member or next((n for n in names if PurePosixPath(n).suffix.lower() in _FORMATS), None)
        if name is None:
            raise QualtricsError(f"no csv/tsv/json/ndjson file in the archive ({names})")
        kind = fmt or _FORMATS.get(PurePosixPath(name).suffix.lower())
        if kind is None:
            raise QualtricsError(f"unsupported export format for {name}")
        with archive.open(name) as raw:
            yield from _rows(raw, kind)


def _rows(raw: IO[bytes], kind: str) -> Iterator[Any]:
    # utf-8-sig: Qualtrics CSVs start with a BOM that would otherwise stick to the first header.
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    # Iterators handed back, not re-yielded: each generator level costs per row.
    if kind in ("csv", "tsv"):
        return _skip_qualtrics_header_rows(_dict_rows(csv.reader(text, delimiter="," if kind == "csv" else "\t")))
    if kind == "ndjson":
        return _ndjson(text)
    if kind == "json":
        return iter_json_array(text)
    raise QualtricsError(f"unsupported export format {kind!r}")


def _ndjson(text: IO[str]) -> Iterator[Any]:
    for line in text:
        if line.strip():
            yield json.loads(line)


def _dict_rows(reader: Iterator[list[str]]) -> Iterator[dict[str, Any]]:
    """What `csv.DictReader` yields (restkey and restval None), without its per-row Python overhead:
    a row of the header's width, the usual case, is one `dict(zip(...))`."""
    header = next(reader, None)
    if header is None:
        return
    width = len(header)
    for row in reader:
        if len(row) == width and row:
            yield dict(zip(header, row, strict=True))
        elif row:  # DictReader skips empty lines
            ragged: dict[Any, Any] = dict(zip(header, row, strict=False))
            if len(row) > width:
                ragged[None] = row[width:]
            else:
                for key in header[len(row) :]:
                    ragged[key] = None
            yield ragged


def _skip_qualtrics_header_rows(rows: Iterator[dict[str, str]]) -> Iterator[dict[str, str]]:
    """Qualtrics CSV/TSV exports carry two more header rows (question texts, then `{"ImportId": ...}`):
    they are not responses, so they are dropped when the second one is recognised; other files pass whole."""
    first = next(rows, None)
    second = next(rows, None)
    if second is not None and all((value or "").startswith('{"ImportId"') for value in second.values()):
        return rows
    return itertools.chain((row for row in (first, second) if row is not None), rows)


def iter_json_array(text: IO[str], chunk: int = _CHUNK) -> Iterator[Any]:
    """Elements of the first JSON array in a stream (a bare array, or `{"responses": [...]}`)."""
    decoder = json.JSONDecoder()
    buffer = ""
    # Find the opening bracket of the array.
    while "[" not in buffer:
        more = text.read(chunk)
        if not more:
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
                return
            buffer, position = more, 0
        if buffer[position] == "]":
            return
        try:
            value, end = decoder.raw_decode(buffer, position)
        except json.JSONDecodeError:
            more = text.read(chunk)
            if not more:
                raise QualtricsError("truncated JSON export") from None
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
