"""Converting one column of a response table to its kind, vectorised, never dropping a value.

Each conversion checks what it would lose: when any non-empty value does not parse as the column's type, the
column is left as it was (text), because an analyst can convert a column later but cannot get a lost value back.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pandas as pd
from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_numeric_dtype

from . import columns as col
from .columns import ColumnInfo

TRUE_TEXTS = frozenset({"1", "true", "True", "TRUE"})
FALSE_TEXTS = frozenset({"0", "false", "False", "FALSE"})


def convert(series: pd.Series, info: ColumnInfo, time_zone: str | None, labels: bool = True) -> pd.Series:
    """`series` as `info.kind` says; `labels`: the values are more likely labels than codes (`useLabels`)."""
    kind = info.kind
    if kind == col.DATETIME:
        return _datetimes(series, time_zone)
    if kind in (col.INTEGER, col.NUMBER):
        return _numbers(series)
    if kind == col.BOOLEAN:
        return _booleans(series)
    if kind == col.CHOICE:
        return _choices(series, info, labels)
    if kind == col.TEXT:
        return _text(series)
    return _guess(series, time_zone)


def _present(series: pd.Series) -> int:
    return int(series.notna().sum())


def _text(series: pd.Series) -> pd.Series:
    if is_numeric_dtype(series.dtype) or is_bool_dtype(series.dtype) or is_datetime64_any_dtype(series.dtype):
        return series  # already typed by the reader: the file said so, keep it
    return series.astype("str") if series.dtype == object else series


def _datetimes(series: pd.Series, time_zone: str | None) -> pd.Series:
    if is_datetime64_any_dtype(series.dtype):
        parsed = series
    else:
        text = series.astype("str")
        try:
            parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
        except (ValueError, TypeError):  # mixed offsets: one instant each, in UTC
            parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
        if _present(parsed) != _present(series):
            return series
    if getattr(parsed.dt, "tz", None) is None:
        try:
            parsed = parsed.dt.tz_localize(time_zone or "UTC", ambiguous="NaT", nonexistent="NaT")
        except (ValueError, TypeError, KeyError):
            return parsed
    return parsed


def _numbers(series: pd.Series) -> pd.Series:
    if is_bool_dtype(series.dtype):
        return series
    if is_numeric_dtype(series.dtype):
        values = series
    else:
        values = pd.to_numeric(series.astype("str").str.strip(), errors="coerce")
        if _present(values) != _present(series):
            return series
    whole = values.dropna()
    if len(whole) == 0 or (bool((whole == whole.round()).all()) and bool((whole.abs() < 2**53).all())):
        return values.astype("Int64")
    return values.astype("Float64")


def _booleans(series: pd.Series) -> pd.Series:
    if is_bool_dtype(series.dtype):
        return series.astype("boolean")
    text = series.astype("str")
    present = series.notna()
    truthy, falsy = text.isin(TRUE_TEXTS), text.isin(FALSE_TEXTS)
    if bool((present & ~(truthy | falsy)).any()):
        return series
    out = pd.Series(pd.NA, index=series.index, dtype="boolean")
    out[truthy & present] = True
    out[falsy & present] = False
    return out


def _choices(series: pd.Series, info: ColumnInfo, prefer_labels: bool) -> pd.Series:
    """An ordered categorical: by label when the values are labels (`useLabels`), else by code; values outside
    the survey's choices (an edited question, a recode) are kept as extra categories at the end.

    Labels can look like codes (an NPS scale labelled "0".."10" over codes 1..11): the values are compared
    with both, and `prefer_labels` decides a tie."""
    codes = [code for code, _ in info.choices]
    labels = [label for _, label in info.choices]
    seen = list(pd.unique(series.dropna()))
    as_labels, as_codes = share(seen, labels), share(seen, codes)
    by_label = bool(seen) and (as_labels > as_codes or (as_labels == as_codes and prefer_labels))
    if by_label:
        categories: list[Any] = list(dict.fromkeys(labels))
        values = series if all(isinstance(v, str) for v in seen) else series.astype("string")
    else:
        categories = list(dict.fromkeys(codes))
        values = _coded(series, codes)
    known = set(categories)
    extra = [v for v in pd.unique(values.dropna()) if v not in known]
    with contextlib.suppress(TypeError):  # mixed kinds of stray values keep their order of appearance
        extra.sort()
    return pd.Series(
        pd.Categorical(values, categories=categories + extra, ordered=True), index=series.index, name=series.name
    )


def share(values: list[Any], choices: list[Any]) -> int:
    wanted = {code_key(c) for c in choices}
    return sum(1 for v in values if code_key(v) in wanted)


def code_key(value: Any) -> str:
    """A value as text for comparing codes: 4.0 (an integer column with blanks, read as floats) is "4"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _coded(series: pd.Series, codes: list[Any]) -> pd.Series:
    """The values as the schema's codes are typed (integers), when they all are."""
    if codes and all(isinstance(c, int) and not isinstance(c, bool) for c in codes):
        numbers = _numbers(series)
        if str(numbers.dtype) == "Int64":
            return numbers
    return series


def _guess(series: pd.Series, time_zone: str | None) -> pd.Series:
    """A column nothing describes: numbers when every value is one (but not long digit strings, which are ids,
    nor codes with leading zeros), dates when the reader found them; text otherwise."""
    if is_datetime64_any_dtype(series.dtype):
        return _datetimes(series, time_zone)
    if is_bool_dtype(series.dtype):
        return series.astype("boolean")
    if is_numeric_dtype(series.dtype):
        return _numbers(series)
    text = series.dropna().astype("str")
    if len(text) and bool(text.str.match(col.PLAIN_NUMBER).all()):
        return _numbers(series)
    return _text(series)
