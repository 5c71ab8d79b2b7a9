"""Single responses, imports and bulk delete/update jobs change the stored data."""

from __future__ import annotations

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
