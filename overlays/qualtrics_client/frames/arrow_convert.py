"""The same conversions as `convert`, done on the Arrow table before pandas sees it, for the columns whose
result can be told exactly in Arrow's kernels (the usual ones: codes as integers, labels as text, naive UTC
times, whole numbers, 0/1 flags). A pandas operation costs a fixed fraction of a millisecond whatever the
column's length, which on a few thousand rows is most of the read; an Arrow kernel costs a few microseconds.

A column this module cannot decide (a value that does not parse, a zone other than UTC, mixed kinds of stray
answers) is left as it was read and goes through `convert`, so every result is the one `convert` gives.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from . import columns as col
from .columns import ColumnInfo
from .convert import FALSE_TEXTS, TRUE_TEXTS, share

_LIMIT = 2**53  # whole numbers beyond this are Float64 in `convert._numbers`


def convert_table(
    table: pa.Table, infos: Sequence[ColumnInfo], time_zone: str | None, labels: bool
) -> tuple[pa.Table, set[str]]:
    """The table with the columns converted here replaced, and the names of those columns."""
    done: set[str] = set()
    for index, info in enumerate(infos):
        column = table.column(index)
        converted = _convert(column, info, time_zone, labels)
        if converted is None:
            continue
        if converted is not column:
            table = table.set_column(index, info.name, converted)
        done.add(info.name)
    return table, done


def _convert(column: Any, info: ColumnInfo, time_zone: str | None, labels: bool) -> Any:
    kind = info.kind
    kind_type = column.type
    if pa.types.is_null(kind_type) and kind in (col.INTEGER, col.NUMBER, col.CHOICE):
        column = pc.cast(column, pa.int64())  # every cell empty: what `convert` gives for no values at all
    if kind == col.TEXT:
        return _text(column)
    if kind == col.GUESS:
        return _guess(column)
    if kind == col.DATETIME:
        return _datetimes(column, time_zone)
    if kind in (col.INTEGER, col.NUMBER):
        return _numbers(column)
    if kind == col.BOOLEAN:
        return _booleans(column)
    if kind == col.CHOICE:
        return _choices(column, info, labels)
    return None


def _text(column: Any) -> Any:
    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_boolean(kind) or pa.types.is_integer(kind):
        return column  # as `convert._text`: text stays text, what the reader typed stays typed
    if pa.types.is_floating(kind) or pa.types.is_timestamp(kind):
        return column
    return None


def _guess(column: Any) -> Any:
    kind = column.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        return _numbers(column)
    if pa.types.is_boolean(kind):
        return column
    if pa.types.is_string(kind):
        # Left as text when read because not every value is a plain number (`table._arrow_number`); Python's
        # `$` also matches before a final newline, so a cell ending in one is for `convert` to judge.
        return None if pc.any(pc.match_substring(column, "\n")).as_py() else column
    return None


def _datetimes(column: Any, time_zone: str | None) -> Any:
    kind = column.type
    if not pa.types.is_timestamp(kind):
        return None
    if kind.tz is not None:
        return column  # the file gave the offsets: already instants
    if time_zone not in (None, "UTC"):
        return None  # a zone with gaps and overlaps: pandas's localisation decides those
    return pc.cast(column, pa.timestamp(kind.unit, "UTC"))  # naive UTC times: the same instants, labelled


def _numbers(column: Any) -> Any:
    kind = column.type
    if pa.types.is_boolean(kind):
        return column
    if pa.types.is_integer(kind):
        if _within_limit(column):
            return pc.cast(column, pa.int64())
        return None
    if not pa.types.is_floating(kind):
        return None
    if pc.any(pc.is_nan(column)).as_py():
        return None
    whole = pc.all(pc.equal(pc.round(column), column), min_count=0).as_py()
    if whole and _within_limit(column):
        return pc.cast(column, pa.int64())
    return pc.cast(column, pa.float64())


def _within_limit(column: Any) -> bool:
    bounds = pc.min_max(column).as_py()
    low, high = bounds["min"], bounds["max"]
    return low is None or (abs(low) < _LIMIT and abs(high) < _LIMIT)


def _booleans(column: Any) -> Any:
    kind = column.type
    if pa.types.is_boolean(kind):
        return column
    if pa.types.is_null(kind):
        return pc.cast(column, pa.bool_())
    if pa.types.is_integer(kind):
        if not _all(pc.is_in(column, value_set=pa.array([0, 1], kind)), column):
            return None  # `convert` keeps a column with other values as it was read
        return pc.equal(column, pa.scalar(1, kind))
    if pa.types.is_string(kind):
        truthy = pc.is_in(column, value_set=pa.array(sorted(TRUE_TEXTS)))
        falsy = pc.is_in(column, value_set=pa.array(sorted(FALSE_TEXTS)))
        if not _all(pc.or_(truthy, falsy), column):
            return None
        return pc.if_else(pc.is_valid(column), truthy, pa.scalar(None, pa.bool_()))
    return None


def _all(flags: Any, column: Any) -> bool:
    """Whether every present value of `column` has its flag set (empty cells count as set)."""
    return bool(pc.all(pc.or_(flags, pc.is_null(column)), min_count=0).as_py())


def _choices(column: Any, info: ColumnInfo, prefer_labels: bool) -> Any:
    """An ordered dictionary column, pandas's ordered categorical, decided as `convert._choices` decides."""
    kind = column.type
    if not (pa.types.is_integer(kind) or pa.types.is_string(kind)):
        return None
    codes = [code for code, _ in info.choices]
    labels = [label for _, label in info.choices]
    seen = pc.drop_null(pc.unique(column)).to_pylist()
    as_labels = share(seen, labels)
    as_codes = share(seen, codes)
    by_label = bool(seen) and (as_labels > as_codes or (as_labels == as_codes and prefer_labels))
    if by_label:
        values = column if pa.types.is_string(kind) else pc.cast(column, pa.string())
        known: list[Any] = list(dict.fromkeys(labels))
        if not all(isinstance(label, str) for label in known):
            return None
        value_type = pa.string()
    else:
        known = list(dict.fromkeys(codes))
        integer_codes = codes and all(isinstance(c, int) and not isinstance(c, bool) for c in codes)
        if not (integer_codes and pa.types.is_integer(kind) and _within_limit(column)):
            return None  # codes as text, or values that are not the codes' kind: `convert` sorts that out
        values = pc.cast(column, pa.int64())
        value_type = pa.int64()
    present = set(known)
    stray = {str(v) if value_type == pa.string() else v for v in seen}
    extra = [v for v in stray if v not in present]
    with contextlib.suppress(TypeError):
        extra.sort()
    dictionary = pa.array(known + extra, value_type)
    indices = pc.index_in(values, value_set=dictionary)
    chunks = [pa.DictionaryArray.from_arrays(chunk, dictionary, ordered=True) for chunk in _chunks(indices)]
    return pa.chunked_array(chunks, pa.dictionary(pa.int32(), value_type, ordered=True))


def _chunks(array: Any) -> list[Any]:
    return list(array.chunks) if isinstance(array, pa.ChunkedArray) else [array]
