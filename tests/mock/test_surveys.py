"""Surveys (offset pagination with absolute nextPage URLs) and survey-definitions."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx

from qualtrics_mock import MockQualtrics, SeedSizes, Spec, create_app
from qualtrics_mock.inprocess import sync_client

from .conftest import error_of, first_survey, result


def test_survey_list_pages_by_offset_with_absolute_next_page_urls(spec: Spec) -> None:
    mock = MockQualtrics(spec, sizes=SeedSizes(n_surveys=7, n_responses=1, n_contacts=1), validate_responses=True)
    with sync_client(create_app(mock), base_url="http://mock.example:8080") as http:
        first = result(http.get("/API/v3/surveys", params={"pageSize": 3}))
        assert len(first["elements"]) == 3
        next_url = first["nextPage"]
        parts = urlsplit(next_url)
        assert (parts.scheme, parts.netloc, parts.path) == ("http", "mock.example:8080", "/API/v3/surveys")
        assert parse_qs(parts.query) == {"offset": ["3"], "pageSize": ["3"]}
        seen = [s["id"] for s in first["elements"]]
        while next_url:
            page = result(http.get(next_url))
            seen += [s["id"] for s in page["elements"]]
            next_url = page["nextPage"]
    assert seen == list(mock.brands["mockbrand"].surveys)
    assert mock.response_problems == []


def test_get_survey_shows_blocks_questions_and_flow(client: httpx.Client) -> None:
    survey = result(client.get(f"/API/v3/surveys/{first_survey(client)}"))
    assert survey["name"] == "Customer Satisfaction 2025"
    questions = [q["questionId"] for block in survey["blocks"] for q in block["questions"]]
    assert questions == ["QID1", "QID2", "QID3", "QID4"]
    assert [e["Type"] for e in survey["flow"]["Flow"]] == ["Block", "Branch", "Block", "EndSurvey"]
    assert survey["responseCounts"]["auditable"] == 200


def test_create_update_and_delete_a_survey(client: httpx.Client, mock: MockQualtrics) -> None:
    created = client.post("/API/v3/surveys", json={"name": "Fresh survey", "isActive": False})
    assert created.status_code == 201
    survey_id = created.json()["result"]["surveyId"]
    assert survey_id.startswith("SV_")
    assert result(client.put(f"/API/v3/surveys/{survey_id}", json={"name": "Renamed", "isActive": True})) is None
    got = result(client.get(f"/API/v3/surveys/{survey_id}"))
    assert (got["name"], got["isActive"]) == ("Renamed", True)
    result(client.delete(f"/API/v3/surveys/{survey_id}"))
    error_of(client.get(f"/API/v3/surveys/{survey_id}"), 404)
    assert mock.response_problems == []


def test_import_a_qsf_file(client: httpx.Client) -> None:
    files = {"file": ("survey.qsf", b'{"SurveyEntry": {"SurveyName": "From QSF"}}', "application/octet-stream")}
    created = client.post("/API/v3/surveys", files=files, data={"name": "Imported survey"})
    assert created.status_code == 201, created.text
    survey_id = created.json()["result"]["surveyId"]
    assert result(client.get(f"/API/v3/surveys/{survey_id}"))["name"] == "Imported survey"


def test_definitions_edit_the_survey_that_get_survey_shows(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    base = f"/API/v3/survey-definitions/{survey_id}"
    question = {"QuestionText": "Anything else?", "QuestionType": "TE", "Selector": "SL"}
    qid = result(client.post(f"{base}/questions", json=question))["QuestionID"]
    assert qid == "QID5"
    assert result(client.get(f"{base}/questions/{qid}"))["QuestionText"] == "Anything else?"
    result(client.put(f"{base}/questions/{qid}", json={**question, "QuestionText": "Anything more?"}))
    texts = [q["QuestionText"] for q in result(client.get(f"{base}/questions"))["elements"]]
    assert "Anything more?" in texts
    block = result(client.post(f"{base}/blocks", json={"Type": "Standard", "Description": "Extra"}))
    assert result(client.get(f"{base}/blocks/{block['BlockID']}"))["Description"] == "Extra"
    flow = result(client.get(f"{base}/flow"))
    assert flow["Flow"][-1]["ID"] == block["BlockID"]
    bad = dict(flow, Flow=[{"Type": "Block", "ID": "BL_missing", "FlowID": "FL_99"}])
    error_of(client.put(f"{base}/flow", json=bad), 422)
    result(client.delete(f"{base}/questions/{qid}"))
    error_of(client.get(f"{base}/questions/{qid}"), 404)
    assert mock.response_problems == []
