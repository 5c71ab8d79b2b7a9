"""A saved response export as a pandas DataFrame: CSV/TSV through pyarrow's parser where it is installed
(pandas's C parser otherwise), JSON/NDJSON record by record; then each column converted by what it is, in
Arrow where the result can be told there (`arrow_convert`), else in pandas (`convert`).

Nothing is lost in conversion: a column whose values do not all parse as its type stays text, and answers
outside a question's known choices become extra categories rather than NA.
"""

from __future__ import annotations

import contextlib
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from os import PathLike
from typing import IO, Any

import pandas as pd

from .. import files
from ..errors import ConfigurationError
from . import columns as col
from .columns import ColumnInfo
from .convert import convert

# Arrow's side, loaded with the module as pandas is (pandas itself loads pyarrow where it is installed), so
# that the first file read pays no import; without pyarrow, pandas's parser and `convert` do all of it.
with contextlib.suppress(ImportError):
    import pyarrow.csv  # noqa: F401

    from . import arrow_convert  # noqa: F401

ATTRS_KEY = "qualtrics"


@dataclass(frozen=True)
class _Conversion:
    """What converting the columns needs besides their descriptions (`convert`'s arguments)."""

    time_zone: str | None
    labels: bool


def read_responses(
    path: str | PathLike[str],
    *,
    schema: Mapping[str, Any] | None = None,
    member: str | None = None,
    fmt: str | None = None,
    column_names: str = "tags",
    labels: bool = True,
    time_zone: str | None = None,
    convert_types: bool = True,
) -> pd.DataFrame:
    """The responses of a saved export zip as a DataFrame.

    `schema`: the survey's response schema (`getResponseSchema`'s result) for column types, question texts and
    choice labels; without it types come from the header rows and Qualtrics's fixed metadata columns.
    `column_names`: "tags" (export tags, as the CSV's first row names them) or "import_ids" (`QID1`, stable
    when questions are renamed). `labels`: for JSON exports, answer labels instead of codes; for CSV, whether
    the export was made with labels (`useLabels`), which decides when a value could be either. `time_zone`: the
    zone of the export's naive times (its `timeZone` option; UTC when omitted, as Qualtrics writes them).
    Column metadata is in `frame.attrs["qualtrics"]`; read it with `column_info` and `questions`.
    """
    if column_names not in ("tags", "import_ids"):
        raise ConfigurationError(f"column_names is 'tags' or 'import_ids', not {column_names!r}")
    fields = col.schema_fields(schema)
    with files.opened_export(path, member=member, fmt=fmt) as (header, raw):
        if header.format in ("csv", "tsv"):
            conversion = _Conversion(time_zone, labels) if convert_types else None
            frame, infos, done = _read_csv(raw, header, fields, conversion)
    if header.format not in ("csv", "tsv"):
        frame, infos = _read_json(path, header, fields, labels, column_names == "tags")
        done = set()
    if convert_types:
        for info in infos:
            if info.name not in done:
                frame[info.name] = convert(frame[info.name], info, time_zone, labels)
    if column_names == "import_ids" and header.format in ("csv", "tsv"):
        renamed = unique(tuple(_import_name(info) for info in infos))
        infos = [replace(info, name=name) for info, name in zip(infos, renamed, strict=True)]
        frame.columns = pd.Index(renamed)
    frame.attrs[ATTRS_KEY] = {
        "format": header.format,
        "member": header.member,
        "columns": {info.name: info.as_dict() for info in infos},
    }
    return frame


def _import_name(info: ColumnInfo) -> str:
    if info.import_id is None:
        return info.name
    name = f"{info.import_id}_{info.choice_id}" if info.choice_id else info.import_id
    return f"{name}_label" if info.labels_column else name  # `includeLabelColumns`: the labels beside the codes


def unique(names: tuple[str, ...]) -> list[str]:
    """Column names made unique as pandas makes them (`Q1`, `Q1.1`): exports can repeat a tag."""
    seen: dict[str, int] = {}
    out: list[str] = []
    taken = set(names)
    for name in names:
        if name in seen:
            seen[name] += 1
            candidate = f"{name}.{seen[name]}"
            while candidate in taken:
                seen[name] += 1
                candidate = f"{name}.{seen[name]}"
            taken.add(candidate)
            out.append(candidate)
        else:
            seen[name] = 0
            out.append(name)
    return out


def _read_csv(
    raw: IO[bytes],
    header: files.ExportHeader,
    fields: Mapping[str, Mapping[str, Any]],
    conversion: _Conversion | None,
) -> tuple[pd.DataFrame, list[ColumnInfo], set[str]]:
    """The data rows of an open member positioned at them (`files.opened_export`), and the names of the
    columns already converted while in Arrow (none when `conversion` is None: the values as read)."""
    names = unique(header.names)
    infos = col.for_csv(tuple(names), header.texts, header.import_ids, fields)
    if not names:
        return pd.DataFrame(), [], set()
    # Text is read as text (no "007" becoming 7); columns nothing describes too, then numbers only if every
    # value is a plain number. The others are left to the parser's own inference, checked afterwards.
    text_columns = [info.name for info in infos if info.kind in (col.TEXT, col.GUESS) or info.labels_column]
    guess_columns = [info.name for info in infos if info.kind == col.GUESS and not info.labels_column]
    # Header rows beyond what was parsed (no data offset): let the parser skip them by rows.
    skip = (3 if header.texts is not None else 1) if header.data_offset is None else 0
    delimiter = "," if header.format == "csv" else "\t"
    # No responses at all (an incremental pull with nothing new): the parsers refuse an empty input.
    if header.data_offset is not None and isinstance(raw, zipfile.ZipExtFile) and not raw.peek(1):
        return pd.DataFrame({name: pd.Series([], dtype="str") for name in names}), infos, set()
    try:
        frame, done = _pyarrow_csv(raw, infos, text_columns, guess_columns, delimiter, skip, conversion)
    except ImportError:
        frame, done = _pandas_csv(raw, names, text_columns, delimiter, skip), set()
    return frame, infos, done


def _pyarrow_csv(
    raw: IO[bytes],
    infos: list[ColumnInfo],
    text: list[str],
    guess: list[str],
    delimiter: str,
    skip: int,
    conversion: _Conversion | None,
) -> tuple[pd.DataFrame, set[str]]:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    names = [info.name for info in infos]
    table = pcsv.read_csv(
        raw,
        read_options=pcsv.ReadOptions(column_names=names, skip_rows=skip, use_threads=False),
        parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
        # Only the empty cell is missing: "NA" or "None" typed by a respondent is an answer.
        convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys(text, pa.string()),
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
    )
    for name in guess:
        table = table.set_column(table.column_names.index(name), name, _arrow_number(table[name]))
    done: set[str] = set()
    if conversion is not None:
        from . import arrow_convert

        table, done = arrow_convert.convert_table(table, infos, conversion.time_zone, conversion.labels)
    frame: pd.DataFrame = table.to_pandas(types_mapper=_arrow_to_pandas(pa).get, use_threads=False)
    return frame, done


def _arrow_to_pandas(pa: Any) -> dict[Any, Any]:
    return {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(), pa.float64(): pd.Float64Dtype()}


def _arrow_number(column: Any) -> Any:
    """A text column as int64 or float64 when every value is a plain number (no sign of an id: no leading
    zeros, at most 15 digits), else unchanged; in Arrow, which does it without a Python object per cell."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if column.null_count == len(column):
        return column
    if not pc.all(pc.match_substring_regex(column, col.PLAIN_NUMBER)).as_py():
        return column
    if pc.any(pc.match_substring(column, ".")).as_py():
        return pc.cast(column, pa.float64())
    return pc.cast(column, pa.int64())


def _pandas_csv(raw: IO[bytes], names: list[str], text: list[str], delimiter: str, skip: int) -> pd.DataFrame:
    return pd.read_csv(
        raw,
        sep=delimiter,
        header=None,
        names=names,
        skiprows=skip,
        dtype=dict.fromkeys(text, "string"),
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8-sig",
    )


def _read_json(
    path: str | PathLike[str],
    header: files.ExportHeader,
    fields: Mapping[str, Mapping[str, Any]],
    labels: bool,
    tags: bool,
) -> tuple[pd.DataFrame, list[ColumnInfo]]:
    records: list[dict[str, Any]] = []
    keys: dict[str, None] = {}
    for record in files.iter_rows(path, member=header.member, fmt=header.format):
        if not isinstance(record, dict):
            continue
        values = dict(record.get("values") or {}) if isinstance(record.get("values"), dict) else {}
        if labels and isinstance(record.get("labels"), dict):
            values.update({k: v for k, v in record["labels"].items() if k in values})
        if "_recordId" not in values and isinstance(record.get("responseId"), str):
            values["_recordId"] = record["responseId"]
        keys.update(dict.fromkeys(values))
        records.append(values)
    infos = col.for_json(list(keys), fields, tags)
    names = unique(tuple(info.name for info in infos))
    infos = [replace(info, name=name) for info, name in zip(infos, names, strict=True)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        frame = pd.DataFrame.from_records(records, columns=list(keys))
    frame.columns = pd.Index(names)
    return frame, infos


def column_info(frame: pd.DataFrame, column: str) -> ColumnInfo:
    """What a column of a response table is: question text, import id, question id, kind, choices."""
    described = (frame.attrs.get(ATTRS_KEY) or {}).get("columns") or {}
    if column not in described:
        raise KeyError(f"no Qualtrics column metadata for {column!r}")
    return ColumnInfo.from_dict(described[column])


def questions(frame: pd.DataFrame) -> dict[str, str]:
    """Column name → question text, for the columns that have one."""
    described = (frame.attrs.get(ATTRS_KEY) or {}).get("columns") or {}
    return {name: str(info["question_text"]) for name, info in described.items() if info.get("question_text")}


def continuation_token(frame: pd.DataFrame) -> str | None:
    """The token of an incremental export (`allow_continuation=True`): pass it to the next pull."""
    token = (frame.attrs.get(ATTRS_KEY) or {}).get("continuation_token")
    return token if isinstance(token, str) else None
