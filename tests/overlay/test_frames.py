"""Saved exports as DataFrames: types from the response schema, labels, the header rows as metadata, JSON too,
and nothing lost when a value does not fit its type."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from qualtrics_client import read_responses
from qualtrics_client.frames import column_info, questions, table

from ._frames_fixtures import SATISFACTION, SCHEMA, csv_text, export_zip, records


@pytest.fixture(params=["pyarrow", "pandas"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every CSV test runs through both parsers: pyarrow's, and pandas's for installs without pyarrow."""
    if request.param == "pandas":

        def no_pyarrow(*args: object, **kwargs: object) -> pd.DataFrame:
            raise ImportError("pyarrow", name="pyarrow")

        monkeypatch.setattr(table, "_pyarrow_csv", no_pyarrow)
    return str(request.param)


def test_labels_export_with_schema(tmp_path: Path, engine: str) -> None:
    frame = read_responses(export_zip(tmp_path / "a.zip", "Survey.csv", csv_text(labels=True)), schema=SCHEMA)
    assert list(frame.columns) == ["StartDate", "Duration (in seconds)", "Finished", "ResponseId", "Q1", "Q2", "Store"]
    assert str(frame["StartDate"].dtype).startswith("datetime64")
    assert str(frame["StartDate"].dt.tz) == "UTC"
    assert frame["StartDate"][0] == pd.Timestamp("2025-01-01 09:30:00", tz="UTC")
    assert frame["Duration (in seconds)"].tolist() == [625, 37, 90]
    assert str(frame["Duration (in seconds)"].dtype) == "Int64"
    assert frame["Finished"].tolist() == [True, False, True]
    q1 = frame["Q1"]
    assert isinstance(q1.dtype, pd.CategoricalDtype)
    assert q1.cat.ordered
    assert list(q1.cat.categories) == SATISFACTION
    assert q1[0] == "Very satisfied"
    assert q1[1] == "Dissatisfied"
    assert pd.isna(q1[2])
    assert q1[0] > q1[1]  # ordered by the survey's choice order, "Very satisfied" first
    assert frame["Q2"].tolist()[:2] == ["Great", "NA"]  # a respondent's "NA" is an answer, not a missing value
    assert pd.isna(frame["Q2"][2])
    assert frame["Store"].tolist() == ["007", "012", "120"]  # leading zeros: ids, kept as text
    info = column_info(frame, "Q1")
    assert (info.question_text, info.import_id, info.question_id, info.kind) == (
        "How satisfied are you?",
        "QID1",
        "QID1",
        "choice",
    )
    assert info.value_labels[4] == "Dissatisfied"
    assert questions(frame)["Q2"] == "Please explain your rating."
    assert frame.attrs["qualtrics"]["format"] == "csv"


def test_codes_export_keeps_codes_as_ordered_categories_with_labels(tmp_path: Path, engine: str) -> None:
    frame = read_responses(export_zip(tmp_path / "c.zip", "Survey.csv", csv_text(labels=False)), schema=SCHEMA)
    q1 = frame["Q1"]
    assert list(q1.cat.categories) == [1, 2, 3, 4, 5]
    assert q1.tolist()[:2] == [1, 4]
    assert column_info(frame, "Q1").value_labels == {i + 1: label for i, label in enumerate(SATISFACTION)}


def test_values_outside_the_choices_become_extra_categories(tmp_path: Path, engine: str) -> None:
    rows = [("2025-01-01 09:30:00", "1", "1", "R_1", 9, "", "1"), ("2025-01-01 09:31:00", "1", "1", "R_2", 2, "", "2")]
    frame = read_responses(export_zip(tmp_path / "s.zip", "S.csv", csv_text(False, rows)), schema=SCHEMA)
    assert frame["Q1"].tolist() == [9, 2]
    assert list(frame["Q1"].cat.categories) == [1, 2, 3, 4, 5, 9]


def test_a_value_that_does_not_parse_leaves_the_column_as_text(tmp_path: Path, engine: str) -> None:
    rows = [("2025-01-01 09:30:00", "12", "1", "R_1", 1, "", "1"), ("yesterday", "n/a", "1", "R_2", 1, "", "2")]
    frame = read_responses(export_zip(tmp_path / "t.zip", "S.csv", csv_text(False, rows)), schema=SCHEMA)
    assert frame["StartDate"].tolist() == ["2025-01-01 09:30:00", "yesterday"]
    assert frame["Duration (in seconds)"].tolist() == ["12", "n/a"]


def test_without_a_schema_the_metadata_columns_are_still_typed(tmp_path: Path, engine: str) -> None:
    frame = read_responses(export_zip(tmp_path / "n.zip", "Survey.csv", csv_text(labels=False)))
    assert str(frame["StartDate"].dtype).startswith("datetime64")
    assert frame["Finished"].tolist() == [True, False, True]
    assert str(frame["Q1"].dtype) == "Int64"  # a number; no choices known without the schema
    assert frame["Q2"].tolist()[:2] == ["Great", "NA"]  # `_TEXT` import id: text entry
    assert frame["Store"].tolist() == ["007", "012", "120"]
    assert column_info(frame, "Q1").question_text == "How satisfied are you?"


def test_time_zone_of_the_export_applies_to_naive_times(tmp_path: Path, engine: str) -> None:
    path = export_zip(tmp_path / "z.zip", "Survey.csv", csv_text(labels=True))
    frame = read_responses(path, schema=SCHEMA, time_zone="America/New_York")
    assert frame["StartDate"][0] == pd.Timestamp("2025-01-01 09:30:00", tz="America/New_York")


def test_import_id_names(tmp_path: Path, engine: str) -> None:
    path = export_zip(tmp_path / "i.zip", "Survey.csv", csv_text(labels=True))
    frame = read_responses(path, schema=SCHEMA, column_names="import_ids")
    assert list(frame.columns) == ["startDate", "duration", "finished", "_recordId", "QID1", "QID2_TEXT", "Store"]
    assert column_info(frame, "QID1").question_text == "How satisfied are you?"


def test_repeated_column_names_are_made_unique(tmp_path: Path, engine: str) -> None:
    text = "Q1,Q1,Q1.1\r\na,b,c\r\n"
    frame = read_responses(export_zip(tmp_path / "d.zip", "S.csv", text))
    assert list(frame.columns) == ["Q1", "Q1.2", "Q1.1"]
    assert frame.iloc[0].tolist() == ["a", "b", "c"]


@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_json_exports(tmp_path: Path, fmt: str) -> None:
    data = records()
    text = json.dumps({"responses": data}) if fmt == "json" else "".join(json.dumps(r) + "\n" for r in data)
    path = export_zip(tmp_path / "j.zip", f"Survey.{fmt}", text)
    frame = read_responses(path, schema=SCHEMA)
    assert {"StartDate", "Duration (in seconds)", "Finished", "ResponseId", "Q1", "Q2", "Store"} == set(frame.columns)
    assert frame["Q1"].tolist()[:2] == ["Very satisfied", "Dissatisfied"]
    assert list(frame["Q1"].cat.categories) == SATISFACTION
    assert frame["StartDate"][2] == pd.Timestamp("2025-01-03 11:15:30", tz="UTC")
    assert frame["Finished"].tolist() == [True, False, True]
    assert frame["Store"].tolist() == ["007", "012", "120"]
    codes = read_responses(path, schema=SCHEMA, labels=False)
    assert codes["Q1"].tolist()[:2] == [1, 4]
    keys = read_responses(path, schema=SCHEMA, column_names="import_ids")
    assert "QID1" in keys.columns
    assert "startDate" in keys.columns


def test_unknown_column_naming_is_refused(tmp_path: Path) -> None:
    path = export_zip(tmp_path / "a.zip", "Survey.csv", csv_text(labels=True))
    with pytest.raises(ValueError, match="column_names"):
        read_responses(path, column_names="labels")


NPS_SCHEMA = {
    "properties": {
        "values": {
            "properties": {
                "QID4": {
                    "type": "integer",
                    "description": "How likely are you to recommend us?",
                    "exportTag": "Q4",
                    "questionId": "QID4",
                    "dataType": "question",
                    "oneOf": [{"const": n + 1, "label": str(n)} for n in range(11)],
                }
            }
        }
    }
}


def nps_csv(values: list[str]) -> str:
    rows = ["Q4", "How likely are you to recommend us?", '"{""ImportId"":""QID4""}"', *values]
    return "\r\n".join(rows) + "\r\n"


def test_labels_that_look_like_codes(tmp_path: Path, engine: str) -> None:
    # A 0-10 scale stored as codes 1..11: with labels, "10" is the label 10, not the code 10 (label "9").
    labelled = export_zip(tmp_path / "l.zip", "S.csv", nps_csv(["0", "10", "7"]))
    frame = read_responses(labelled, schema=NPS_SCHEMA, labels=True)
    assert list(frame["Q4"].cat.categories) == [str(n) for n in range(11)]
    assert frame["Q4"].tolist() == ["0", "10", "7"]
    coded = export_zip(tmp_path / "c.zip", "S.csv", nps_csv(["1", "11", "8"]))
    codes = read_responses(coded, schema=NPS_SCHEMA, labels=False)
    assert list(codes["Q4"].cat.categories) == list(range(1, 12))
    assert codes["Q4"].tolist() == [1, 11, 8]
    assert column_info(codes, "Q4").value_labels[11] == "10"


def test_an_export_with_no_responses_keeps_its_columns(tmp_path: Path, engine: str) -> None:
    path = export_zip(tmp_path / "e.zip", "Survey.csv", csv_text(labels=True, rows=[]))
    frame = read_responses(path, schema=SCHEMA)
    assert len(frame) == 0
    assert list(frame.columns) == ["StartDate", "Duration (in seconds)", "Finished", "ResponseId", "Q1", "Q2", "Store"]
    assert questions(frame)["Q1"] == "How satisfied are you?"


def test_label_columns_beside_the_codes(tmp_path: Path, engine: str) -> None:
    # `includeLabelColumns`: each coded column followed by its labels, whose ImportId row says IsLabelsColumn.
    text = (
        "Q1,Q1_label\r\n"
        "How satisfied are you?,How satisfied are you?\r\n"
        '"{""ImportId"":""QID1""}","{""ImportId"":""QID1"",""IsLabelsColumn"":true}"\r\n'
        "1,Very satisfied\r\n4,Dissatisfied\r\n"
    )
    path = export_zip(tmp_path / "lc.zip", "S.csv", text)
    frame = read_responses(path, schema=SCHEMA, labels=False)
    assert frame["Q1"].tolist() == [1, 4]
    assert frame["Q1_label"].tolist() == ["Very satisfied", "Dissatisfied"]
    assert list(frame["Q1_label"].cat.categories) == SATISFACTION
    assert column_info(frame, "Q1_label").labels_column
    by_ids = read_responses(path, schema=SCHEMA, column_names="import_ids")
    assert list(by_ids.columns) == ["QID1", "QID1_label"]
