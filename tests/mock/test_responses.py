"""Single responses, imports and bulk delete/update jobs change the stored data."""

from __future__ import annotations

import datetime as dt
import json

import httpx

from qualtrics_mock import MockQualtrics

from .conftest import error_of, first_survey, result


def poll(client: httpx.Client, url: str) -> dict[str, object]:
    for _ in range(10):
        progress: dict[str, object] = result(client.get(url))
        if progress["status"] == "complete":
            return progress
    raise AssertionError("job never completed")


def test_create_get_update_delete_a_response(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    body = {"values": {"QID1": 2, "QID2": "free text"}, "embeddedData": {"CustomerId": "12345"}}
    response_id = result(client.post(f"/API/v3/surveys/{survey_id}/responses", json=body))["responseId"]
    got = result(client.get(f"/API/v3/surveys/{survey_id}/responses/{response_id}"))
    assert got["values"]["QID1"] == 2
    assert got["values"]["QID2_TEXT"] == "free text"
    assert got["values"]["CustomerId"] == "12345"
    assert got["labels"]["QID1"] == "Satisfied"
    update = {"surveyId": survey_id, "embeddedData": {"CustomerTier": "Gold"}, "resetRecordedDate": False}
    reply = client.put(f"/API/v3/responses/{response_id}", json=update)
    assert reply.status_code == 200
    assert "result" not in reply.json()
    assert (
        result(client.get(f"/API/v3/surveys/{survey_id}/responses/{response_id}"))["values"]["CustomerTier"] == "Gold"
    )
    assert mock.response_problems == []


def test_unknown_response_is_404(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    error_of(client.get(f"/API/v3/surveys/{survey_id}/responses/R_nope"), 404)
    error_of(client.put("/API/v3/responses/R_nope", json={"surveyId": survey_id, "embeddedData": {}}), 404)


def test_bulk_delete_removes_responses(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    stored = mock.brands["mockbrand"].responses[survey_id]
    doomed = list(stored)[:3]
    started = result(
        client.post(
            f"/API/v3/surveys/{survey_id}/delete-responses", json={"deletes": [{"responseId": r} for r in doomed]}
        )
    )
    poll(client, f"/API/v3/surveys/{survey_id}/delete-responses/{started['progressId']}")
    assert len(stored) == 197
    for response_id in doomed:
        error_of(client.get(f"/API/v3/surveys/{survey_id}/responses/{response_id}"), 404)


def test_bulk_update_changes_embedded_data(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    target = next(iter(mock.brands["mockbrand"].responses[survey_id]))
    body = {"updates": [{"responseId": target, "embeddedData": {"Segment": "VIP"}}]}
    started = result(client.post(f"/API/v3/surveys/{survey_id}/update-responses", json=body))
    poll(client, f"/API/v3/surveys/{survey_id}/update-responses/{started['progressId']}")
    assert result(client.get(f"/API/v3/surveys/{survey_id}/responses/{target}"))["values"]["Segment"] == "VIP"


def test_import_a_csv_adds_responses(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    csv_text = (
        "StartDate,Q1,Q2,Q4\r\n"
        "Start Date,How satisfied?,Why?,Recommend?\r\n"
        '"{""ImportId"":""startDate""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2_TEXT""}","{""ImportId"":""QID4""}"\r\n'
        "2025-01-05T10:00:00Z,1,Imported one,10\r\n"
        "2025-01-06T10:00:00Z,2,Imported two,9\r\n"
    )
    files = {"file": ("responses.csv", csv_text.encode(), "text/csv")}
    started = result(client.post(f"/API/v3/surveys/{survey_id}/import-responses", files=files, data={"format": "csv"}))
    assert started["progressId"].startswith("SI_")
    poll(client, f"/API/v3/surveys/{survey_id}/import-responses/{started['progressId']}")
    stored = mock.brands["mockbrand"].responses[survey_id]
    assert len(stored) == 202
    texts = {r["values"].get("QID2_TEXT") for r in stored.values()}
    assert {"Imported one", "Imported two"} <= texts


def test_delete_one_response(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    target = next(iter(mock.brands["mockbrand"].responses[survey_id]))
    reply = client.delete(f"/API/v3/surveys/{survey_id}/responses/{target}", params={"decrementQuotas": "true"})
    assert reply.status_code == 200
    assert "result" not in reply.json()
    error_of(client.get(f"/API/v3/surveys/{survey_id}/responses/{target}"), 404)
    error_of(client.delete(f"/API/v3/surveys/{survey_id}/responses/{target}"), 404)


def test_update_moves_the_recorded_date_as_qualtrics_does(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    target, record = next(iter(mock.brands["mockbrand"].responses[survey_id].items()))
    before = dt.datetime.fromisoformat(record["values"]["recordedDate"].replace("Z", "+00:00"))
    body = {"surveyId": survey_id, "embeddedData": {"Tier": "Gold"}, "resetRecordedDate": False}
    assert client.put(f"/API/v3/responses/{target}", json=body).status_code == 200
    after = dt.datetime.fromisoformat(record["values"]["recordedDate"].replace("Z", "+00:00"))
    assert after - before == dt.timedelta(milliseconds=1)
    error_of(client.put(f"/API/v3/responses/{target}", json={"surveyId": survey_id}), 400)  # embeddedData required


def test_create_requires_values(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    error_of(client.post(f"/API/v3/surveys/{survey_id}/responses", json={"embeddedData": {"A": "1"}}), 400)


def test_multipart_create_attaches_files_to_their_questions(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    form = {"response": json.dumps({"values": {"QID1": 1, "QID2": "see file"}}), "fileMapping": '{"file1": "QID2"}'}
    files = {"file1": ("receipt.pdf", b"%PDF-1.4 receipt", "application/pdf")}
    created = result(client.post(f"/API/v3/surveys/{survey_id}/responses", data=form, files=files))
    response_id = created["responseId"]
    values = result(client.get(f"/API/v3/surveys/{survey_id}/responses/{response_id}"))["values"]
    assert values["QID1"] == 1
    assert values["QID2_FILE_NAME"] == "receipt.pdf"
    assert values["QID2_FILE_SIZE"] == len(b"%PDF-1.4 receipt")
    file_url = f"/API/v3/surveys/{survey_id}/responses/{response_id}/uploaded-files/{values['QID2_FILE_ID']}"
    downloaded = client.get(file_url)
    assert downloaded.status_code == 200
    assert downloaded.content == b"%PDF-1.4 receipt"
    assert downloaded.headers["content-type"].startswith("application/pdf")
    assert downloaded.headers["content-disposition"] == "attachment; filename=receipt.pdf"
    assert client.delete(file_url).status_code == 200
    error_of(client.get(file_url), 404)
    assert "QID2_FILE_ID" not in result(client.get(f"/API/v3/surveys/{survey_id}/responses/{response_id}"))["values"]
    bad = {"response": "not json", "fileMapping": "{}"}
    error_of(client.post(f"/API/v3/surveys/{survey_id}/responses", data=bad, files=files), 400)
    assert mock.response_problems == []


def test_response_schema_types_every_field_a_response_has(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    result(client.post(f"/API/v3/surveys/{survey_id}/responses", json={"values": {"QID1": 2, "Region": "NA"}}))
    schema = result(client.get(f"/API/v3/surveys/{survey_id}/response-schema"))
    assert schema["$schema"] == "https://json-schema.org/draft/2019-09/schema"
    fields = schema["properties"]["values"]["properties"]
    for record in mock.brands["mockbrand"].responses[survey_id].values():
        assert set(record["values"]) <= set(fields)
    survey = mock.brands["mockbrand"].surveys[survey_id]
    q1 = fields["QID1"]
    assert (q1["type"], q1["questionId"], q1["exportTag"], q1["dataType"]) == ("integer", "QID1", "Q1", "question")
    assert [a["label"] for a in q1["oneOf"]] == [c["Display"] for c in survey["questions"]["QID1"]["Choices"].values()]
    assert fields["QID2_TEXT"]["type"] == "string"
    assert fields["recordedDate"] == {
        "type": "string",
        "format": "date-time",
        "description": "Recorded Date",
        "dataType": "metadata",
        "exportTag": "RecordedDate",
    }
    assert fields["Region"]["dataType"] == "embeddedData"
    assert mock.response_problems == []


def test_import_from_a_url_needs_its_format(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    url = f"/API/v3/surveys/{survey_id}/import-responses"
    error_of(client.post(url, json={"fileUrl": "https://mydomain.com/importfile.csv"}), 400)
    started = result(client.post(url, json={"fileUrl": "https://mydomain.com/importfile.csv", "format": "csv"}))
    assert started["progressId"].startswith("SI_")
    assert poll(client, f"{url}/{started['progressId']}")["percentComplete"] == 100.0
