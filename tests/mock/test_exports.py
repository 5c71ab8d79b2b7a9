"""The response export job: state machine, the zip and its content, filters and labels."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from qualtrics_mock import JobSettings, MockQualtrics, Spec, create_app
from qualtrics_mock.inprocess import sync_client

from .conftest import error_of, first_survey, result


def start(client: httpx.Client, survey_id: str, **options: Any) -> str:
    progress_id: str = result(client.post(f"/API/v3/surveys/{survey_id}/export-responses", json=options))["progressId"]
    return progress_id


def run_export(client: httpx.Client, survey_id: str, **options: Any) -> tuple[httpx.Response, list[dict[str, Any]]]:
    progress_id = start(client, survey_id, **options)
    polls = []
    while True:
        progress = result(client.get(f"/API/v3/surveys/{survey_id}/export-responses/{progress_id}"))
        polls.append(progress)
        if progress["status"] == "complete":
            break
        assert len(polls) < 10
    file = client.get(f"/API/v3/surveys/{survey_id}/export-responses/{progress['fileId']}/file")
    assert file.status_code == 200
    return file, polls


def member(file: httpx.Response) -> tuple[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(file.content)) as archive:
        (name,) = archive.namelist()
        return name, archive.read(name)


def test_progress_runs_for_n_polls_without_a_file_id_then_completes(client: httpx.Client) -> None:
    _, polls = run_export(client, first_survey(client), format="csv")
    assert [p["status"] for p in polls] == ["inProgress", "inProgress", "complete"]
    assert all("fileId" not in p for p in polls[:-1])
    assert polls[0]["percentComplete"] < polls[1]["percentComplete"] < 100.0
    assert polls[-1]["percentComplete"] == 100.0
    assert polls[-1]["fileId"].endswith("-def")


@pytest.mark.parametrize(("settings", "expected_polls"), [(JobSettings("immediate"), 1), (JobSettings("polls", 5), 6)])
def test_job_modes(spec: Spec, settings: JobSettings, expected_polls: int) -> None:
    mock = MockQualtrics(spec, jobs=settings)
    with sync_client(create_app(mock)) as http:
        _, polls = run_export(http, first_survey(http), format="csv")
    assert len(polls) == expected_polls


def test_timed_job_follows_the_mock_clock(spec: Spec) -> None:
    now = [1000.0]
    mock = MockQualtrics(spec, jobs=JobSettings("timed", seconds=30), clock=lambda: now[0])
    with sync_client(create_app(mock)) as http:
        survey_id = first_survey(http)
        progress_id = start(http, survey_id, format="json")
        url = f"/API/v3/surveys/{survey_id}/export-responses/{progress_id}"
        assert result(http.get(url))["status"] == "inProgress"
        now[0] += 15
        assert result(http.get(url))["percentComplete"] == 50.0
        now[0] += 15
        assert result(http.get(url))["status"] == "complete"


def test_failed_mode_reports_failure(spec: Spec) -> None:
    mock = MockQualtrics(spec, jobs=JobSettings("fail"))
    with sync_client(create_app(mock)) as http:
        survey_id = first_survey(http)
        progress_id = start(http, survey_id, format="csv")
        progress = result(http.get(f"/API/v3/surveys/{survey_id}/export-responses/{progress_id}"))
    assert progress["status"] == "failed"
    assert "fileId" not in progress


def test_csv_zip_has_qualtrics_headers_and_every_response(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    file, _ = run_export(client, survey_id, format="csv")
    assert file.headers["content-type"] == "application/zip"
    assert file.headers["content-disposition"] == "attachment; filename=Customer+Satisfaction+2025.zip"
    name, data = member(file)
    assert name == "Customer Satisfaction 2025.csv"
    rows = list(csv.reader(io.StringIO(data.decode())))
    assert rows[0][:3] == ["StartDate", "EndDate", "Status"]
    assert rows[0][-4:] == ["Q1", "Q2", "Q3", "Q4"]
    assert rows[1][-4] == "How satisfied are you with our service?"
    assert json.loads(rows[2][-3]) == {"ImportId": "QID2_TEXT"}
    stored = mock.brands["mockbrand"].responses[survey_id]
    ids = {row[rows[0].index("ResponseId")] for row in rows[3:]}
    assert ids == set(stored)


def test_use_labels_writes_choice_text(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    coded = list(csv.reader(io.StringIO(member(run_export(client, survey_id, format="csv")[0])[1].decode())))
    labelled = list(
        csv.reader(io.StringIO(member(run_export(client, survey_id, format="csv", useLabels=True)[0])[1].decode()))
    )
    column = coded[0].index("Q1")
    assert {row[column] for row in coded[3:]} <= {"1", "2", "3", "4", "5"}
    assert {row[column] for row in labelled[3:]} <= {
        "Very satisfied",
        "Satisfied",
        "Neutral",
        "Dissatisfied",
        "Very dissatisfied",
    }


def test_tsv_uses_tabs(client: httpx.Client) -> None:
    name, data = member(run_export(client, first_survey(client), format="tsv")[0])
    assert name.endswith(".tsv")
    assert data.decode().splitlines()[0].startswith("StartDate\tEndDate\t")


def test_json_export_filters_on_the_recorded_date(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    window = {"startDate": "2025-02-01T00:00:00Z", "endDate": "2025-03-01T00:00:00Z"}
    name, data = member(run_export(client, survey_id, format="json", **window)[0])
    assert name.endswith(".json")
    exported = json.loads(data)["responses"]
    expected = {
        rid
        for rid, r in mock.brands["mockbrand"].responses[survey_id].items()
        if window["startDate"] <= r["values"]["recordedDate"] < window["endDate"]
    }
    assert 0 < len(expected) < 200
    assert {r["responseId"] for r in exported} == expected
    assert all("QID1" in r["values"] and "labels" in r for r in exported)


def test_ndjson_export_has_one_response_a_line_and_honours_limit(client: httpx.Client) -> None:
    name, data = member(run_export(client, first_survey(client), format="ndjson", limit=7)[0])
    lines = data.decode().splitlines()
    assert name.endswith(".ndjson")
    assert len(lines) == 7
    assert all(json.loads(line)["responseId"].startswith("R_") for line in lines)


def test_json_refuses_csv_presentation_options(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    response = client.post(f"/API/v3/surveys/{survey_id}/export-responses", json={"format": "json", "useLabels": True})
    assert "useLabels" in error_of(response, 400)["errorMessage"]


def test_export_snapshot_ignores_later_responses(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    progress_id = start(client, survey_id, format="json")
    result(client.post(f"/API/v3/surveys/{survey_id}/responses", json={"values": {"QID1": 1}}))
    url = f"/API/v3/surveys/{survey_id}/export-responses/{progress_id}"
    while (progress := result(client.get(url)))["status"] != "complete":
        pass
    file = client.get(f"/API/v3/surveys/{survey_id}/export-responses/{progress['fileId']}/file")
    assert len(json.loads(member(file)[1])["responses"]) == 200


def test_unknown_progress_and_file_ids_are_404(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    error_of(client.get(f"/API/v3/surveys/{survey_id}/export-responses/ES_nope"), 404)
    error_of(client.get(f"/API/v3/surveys/{survey_id}/export-responses/nope-def/file"), 404)


def rows_of(data: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode()), delimiter=delimiter))


def test_csv_keeps_qualtrics_metadata_columns_and_import_ids(client: httpx.Client) -> None:
    rows = rows_of(member(run_export(client, first_survey(client), format="csv", timeZone="America/Denver")[0])[1])
    names, texts, import_ids = rows[0], rows[1], [json.loads(cell) for cell in rows[2]]
    assert names[:9] == [
        "StartDate",
        "EndDate",
        "Status",
        "IPAddress",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "ResponseId",
    ]
    assert names.index("ExternalReference") < names.index("DistributionChannel") < names.index("Q1")
    assert texts[names.index("ExternalReference")] == "External Data Reference"
    assert import_ids[0] == {"ImportId": "startDate", "timeZone": "America/Denver"}
    assert import_ids[names.index("ResponseId")] == {"ImportId": "_recordId"}
    assert all(cell.startswith('{"ImportId":') for cell in rows[2])


def test_time_zone_moves_the_csv_dates(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    rows = rows_of(member(run_export(client, survey_id, format="csv", timeZone="America/Denver")[0])[1])
    names = rows[0]
    stored = mock.brands["mockbrand"].responses[survey_id]
    first = rows[3]
    started_utc = stored[first[names.index("ResponseId")]]["values"]["startDate"]  # e.g. 2025-01-15T17:20:30Z
    utc = dt.datetime.fromisoformat(started_utc.replace("Z", "+00:00"))
    assert first[0] == utc.astimezone(ZoneInfo("America/Denver")).strftime("%Y-%m-%d %H:%M:%S")
    survey = client.post(
        f"/API/v3/surveys/{survey_id}/export-responses", json={"format": "csv", "timeZone": "Mars/Olympus"}
    )
    assert "timeZone" in error_of(survey, 400)["errorMessage"]


def test_uncompressed_exports_download_the_bare_file(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    file, _ = run_export(client, survey_id, format="csv", compress=False)
    assert file.headers["content-type"].startswith("text/csv")
    assert file.headers["content-disposition"] == "attachment; filename=Customer+Satisfaction+2025.csv"
    assert rows_of(file.content)[0][0] == "StartDate"
    as_json, _ = run_export(client, survey_id, format="json", compress=False, limit=3)
    assert as_json.headers["content-type"].startswith("application/json")
    assert [r["responseId"][:2] for r in as_json.json()["responses"]] == ["R_"] * 3
    as_ndjson, _ = run_export(client, survey_id, format="ndjson", compress=False, limit=4)
    assert as_ndjson.headers["content-type"].startswith("application/x-ndjson")
    lines = as_ndjson.text.splitlines()
    assert len(lines) == 4
    assert all(set(json.loads(line)) >= {"responseId", "values", "labels"} for line in lines)


def test_include_label_columns_adds_a_label_column_beside_the_codes(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    rows = rows_of(member(run_export(client, survey_id, format="csv", includeLabelColumns=True)[0])[1])
    names = rows[0]
    code, label = names.index("Q1"), names.index("Q1_label")
    assert json.loads(rows[2][label]) == {"ImportId": "QID1", "IsLabelsColumn": True}
    choices = ["Very satisfied", "Satisfied", "Neutral", "Dissatisfied", "Very dissatisfied"]
    assert all(choices[int(row[code]) - 1] == row[label] for row in rows[3:])
    both = client.post(
        f"/API/v3/surveys/{survey_id}/export-responses",
        json={"format": "csv", "useLabels": True, "includeLabelColumns": True},
    )
    error_of(both, 400)


def test_use_labels_writes_metadata_labels(client: httpx.Client) -> None:
    rows = rows_of(member(run_export(client, first_survey(client), format="csv", useLabels=True)[0])[1])
    finished = rows[0].index("Finished")
    assert {row[finished] for row in rows[3:]} == {"True"}
    coded = rows_of(member(run_export(client, first_survey(client), format="csv")[0])[1])
    assert {row[finished] for row in coded[3:]} == {"1"}


def test_id_lists_narrow_the_columns(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    result(client.post(f"/API/v3/surveys/{survey_id}/responses", json={"values": {"QID1": 1, "Region": "EMEA"}}))
    options = {"questionIds": ["QID1"], "surveyMetadataIds": ["recordedDate", "_recordId"], "embeddedDataIds": []}
    names = rows_of(member(run_export(client, survey_id, format="csv", **options)[0])[1])[0]
    assert names == ["RecordedDate", "ResponseId", "Q1"]
    wide = rows_of(member(run_export(client, survey_id, format="csv")[0])[1])[0]
    assert wide[-1] == "Region"


def test_continuation_token_exports_only_what_came_since(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    url = f"/API/v3/surveys/{survey_id}/export-responses"
    started = result(client.post(url, json={"format": "json", "allowContinuation": True}))
    token = started["continuationToken"]
    while (progress := result(client.get(f"{url}/{started['progressId']}")))["status"] != "complete":
        pass
    assert progress["continuationToken"] == token
    assert len(json.loads(member(client.get(f"{url}/{progress['fileId']}/file"))[1])["responses"]) == 200
    new_id = result(client.post(f"/API/v3/surveys/{survey_id}/responses", json={"values": {"QID1": 3}}))["responseId"]
    file, polls = run_export(client, survey_id, format="json", continuationToken=token)
    assert [r["responseId"] for r in json.loads(member(file)[1])["responses"]] == [new_id]
    next_token = polls[-1]["continuationToken"]
    assert next_token != token
    file, _ = run_export(client, survey_id, format="json", continuationToken=next_token)
    assert json.loads(member(file)[1])["responses"] == []
    assert (
        "continuationToken"
        in error_of(client.post(url, json={"format": "csv", "continuationToken": "nope"}), 400)["errorMessage"]
    )
    error_of(client.post(url, json={"format": "csv", "continuationToken": token, "allowContinuation": True}), 400)
    plain = result(client.post(url, json={"format": "csv"}))
    assert "continuationToken" not in plain


def test_continuation_with_last_modified_order_brings_changed_responses_too(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    first, polls = run_export(client, survey_id, format="json", allowContinuation=True, sortByLastModifiedDate=True)
    changed = json.loads(member(first)[1])["responses"][5]["responseId"]
    update = {"surveyId": survey_id, "embeddedData": {"Tier": "Gold"}, "resetRecordedDate": False}
    assert client.put(f"/API/v3/responses/{changed}", json=update).status_code == 200
    token = polls[-1]["continuationToken"]
    only_new, _ = run_export(client, survey_id, format="json", continuationToken=token)
    assert json.loads(member(only_new)[1])["responses"] == []
    modified, _ = run_export(client, survey_id, format="json", continuationToken=token, sortByLastModifiedDate=True)
    assert [r["responseId"] for r in json.loads(member(modified)[1])["responses"]] == [changed]


def test_saved_filters_list_and_narrow_an_export(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    listed = result(client.get(f"/API/v3/surveys/{survey_id}/filters"))
    by_name = {f["filterName"]: f["filterId"] for f in listed["elements"]}
    assert listed["nextPage"] is None
    dissatisfied = by_name["Dissatisfied (Q1 4 or 5)"]
    file, _ = run_export(client, survey_id, format="json", filterId=dissatisfied)
    exported = {r["responseId"] for r in json.loads(member(file)[1])["responses"]}
    stored = mock.brands["mockbrand"].responses[survey_id]
    assert exported == {rid for rid, r in stored.items() if r["values"].get("QID1") in (4, 5)}
    assert 0 < len(exported) < len(stored)
    url = f"/API/v3/surveys/{survey_id}/export-responses"
    assert "filterId" in error_of(client.post(url, json={"format": "csv", "filterId": "nope"}), 400)["errorMessage"]
    error_of(client.post(url, json={"format": "csv", "filterId": dissatisfied, "allowContinuation": True}), 400)


def test_in_progress_export_holds_the_unfinished_sessions(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    session = result(client.post(f"/API/v3/surveys/{survey_id}/sessions", json={}))
    file, _ = run_export(client, survey_id, format="json", exportResponsesInProgress=True)
    exported = json.loads(member(file)[1])["responses"]
    assert [r["responseId"] for r in exported] == [session["sessionId"]]
    assert exported[0]["values"]["finished"] == 0
