"""Surveys: the list (offset pagination, absolute nextPage URLs), one survey in the recorded v3 shape, create,
import, update, delete and sharing; survey-definitions edit what getSurvey shows."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx

from qualtrics_mock import MockQualtrics, SeedSizes, Spec, create_app
from qualtrics_mock.inprocess import sync_client

from .conftest import error_of, first_survey, result

# The keys of a recorded GET /surveys/{surveyId} result, in the order Qualtrics sends them.
SURVEY_KEYS = [
    "id",
    "name",
    "ownerId",
    "organizationId",
    "isActive",
    "creationDate",
    "lastModifiedDate",
    "expiration",
    "questions",
    "exportColumnMap",
    "blocks",
    "flow",
    "embeddedData",
    "comments",
    "loopAndMerge",
    "responseCounts",
]


def test_survey_list_pages_by_offset_with_absolute_next_page_urls(spec: Spec) -> None:
    mock = MockQualtrics(spec, sizes=SeedSizes(n_surveys=7, n_responses=1, n_contacts=1), validate_responses=True)
    with sync_client(create_app(mock), base_url="http://mock.example:8080") as http:
        first = result(http.get("/API/v3/surveys", params={"pageSize": 3}))
        assert len(first["elements"]) == 3
        assert set(first["elements"][0]) == {"id", "name", "ownerId", "lastModified", "creationDate", "isActive"}
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


def test_get_survey_answers_the_recorded_shape(client: httpx.Client, mock: MockQualtrics) -> None:
    survey = result(client.get(f"/API/v3/surveys/{first_survey(client)}"))
    assert list(survey) == SURVEY_KEYS
    assert survey["id"].startswith("SV_")
    assert len(survey["id"]) == 18
    assert survey["organizationId"] == "mockbrand"
    assert list(survey["questions"]) == ["QID1", "QID2", "QID3", "QID4"]
    q1 = survey["questions"]["QID1"]
    assert q1["questionType"] == {"type": "MC", "selector": "SAVR", "subSelector": "TX"}
    assert q1["choices"]["1"] == {
        "recode": "1",
        "description": "Very satisfied",
        "choiceText": "Very satisfied",
        "imageDescription": None,
        "variableName": None,
        "analyze": True,
    }
    assert q1["validation"] == {"doesForceResponse": False}
    assert "choices" not in survey["questions"]["QID2"]  # single-line text entry has none
    assert survey["exportColumnMap"]["Q1"] == {"question": "QID1"}
    block_elements = [element for block in survey["blocks"].values() for element in block["elements"]]
    assert [e["questionId"] for e in block_elements] == ["QID1", "QID2", "QID3", "QID4"]
    assert [e["type"] for e in survey["flow"]] == ["Block", "Branch", "Block", "EndSurvey"]
    assert [e["type"] for e in survey["flow"][1]["flow"]] == ["Block", "EndSurvey"]
    assert survey["flow"][0]["id"] in survey["blocks"]
    assert survey["responseCounts"] == {"auditable": 200, "generated": 0, "deleted": 0}
    assert mock.response_problems == []


def test_get_survey_takes_trailing_and_double_slashes(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    assert result(client.get(f"/API/v3/surveys/{survey_id}/"))["id"] == survey_id
    assert result(client.get(f"/API/v3/surveys//{survey_id}"))["id"] == survey_id


def test_create_update_and_delete_a_survey(client: httpx.Client, mock: MockQualtrics) -> None:
    created = client.post("/API/v3/surveys", json={"name": "Fresh survey", "isActive": False})
    assert created.status_code == 201
    assert created.json()["result"] == {"id": created.json()["result"]["id"]}
    survey_id = created.json()["result"]["id"]
    assert survey_id.startswith("SV_")
    update = {"name": "Renamed", "isActive": True, "expiration": {"startDate": None, "endDate": "2026-01-01T00:00:00Z"}}
    assert result(client.put(f"/API/v3/surveys/{survey_id}", json=update)) is None
    got = result(client.get(f"/API/v3/surveys/{survey_id}"))
    assert (got["name"], got["isActive"]) == ("Renamed", True)
    assert got["expiration"] == {"startDate": None, "endDate": "2026-01-01T00:00:00Z"}
    result(client.delete(f"/API/v3/surveys/{survey_id}"))
    error_of(client.get(f"/API/v3/surveys/{survey_id}"), 404)
    assert mock.response_problems == []


def test_import_a_qsf_file(client: httpx.Client) -> None:
    files = {"file": ("survey.qsf", b'{"SurveyEntry": {"SurveyName": "From QSF"}}', "application/octet-stream")}
    created = client.post("/API/v3/surveys", files=files, data={"name": "Imported survey"})
    assert created.status_code == 201, created.text
    survey_id = created.json()["result"]["id"]
    assert result(client.get(f"/API/v3/surveys/{survey_id}"))["name"] == "Imported survey"


def test_copy_a_survey_by_header(client: httpx.Client, mock: MockQualtrics) -> None:
    source = first_survey(client)
    headers = {"X-COPY-SOURCE": source, "X-COPY-DESTINATION-OWNER": "UR_9HxQQrko6McPT82"}
    created = client.post("/API/v3/surveys", json={"projectName": "Copy of the first"}, headers=headers)
    assert created.status_code == 201, created.text
    copy = result(client.get(f"/API/v3/surveys/{created.json()['result']['id']}"))
    original = result(client.get(f"/API/v3/surveys/{source}"))
    assert (copy["name"], copy["ownerId"]) == ("Copy of the first", "UR_9HxQQrko6McPT82")
    assert copy["questions"] == original["questions"]
    assert copy["responseCounts"]["auditable"] == 0
    missing = {"X-COPY-SOURCE": "SV_000000000000000"}
    error_of(client.post("/API/v3/surveys", json={"projectName": "No source"}, headers=missing), 400)
    assert mock.response_problems == []


def test_share_a_survey_with_a_user_and_refuse_other_recipients(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    url = f"/API/v3/surveys/{survey_id}/permissions/collaborations"
    permissions = {"surveyDefinitionManipulation": {"editSurveys": True}}
    assert result(client.post(url, json={"recipientId": "UR_9HxQQrko6McPT82", "permissions": permissions})) is None
    assert mock.brands["mockbrand"].surveys[survey_id]["collaborations"] == {"UR_9HxQQrko6McPT82": permissions}
    assert result(client.post(url, json={"userId": "UR_3I9x1DqSbBlTBcy", "permissions": {}})) is None
    assert set(mock.brands["mockbrand"].surveys[survey_id]["collaborations"]) == {
        "UR_9HxQQrko6McPT82",
        "UR_3I9x1DqSbBlTBcy",
    }
    error_of(client.post(url, json={"recipientId": "CID_6RkMIPKLVnNn197", "permissions": {}}), 400)
    error_of(
        client.post(
            "/API/v3/surveys/SV_000000000000000/permissions/collaborations",
            json={"recipientId": "UR_9HxQQrko6McPT82", "permissions": {}},
        ),
        404,
    )


def test_definitions_edit_the_survey_that_get_survey_shows(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    base = f"/API/v3/survey-definitions/{survey_id}"
    question = {
        "QuestionText": "Anything else?",
        "QuestionType": "TE",
        "Selector": "SL",
        "Configuration": {"QuestionDescriptionOption": "UseText"},
        "QuestionDescription": "Anything else?",
        "Validation": {"Settings": {"ForceResponse": "OFF", "Type": "None"}},
        "Language": [],
    }
    qid = result(client.post(f"{base}/questions", json=question))["QuestionID"]
    assert qid == "QID5"
    result(client.put(f"{base}/questions/{qid}", json={**question, "QuestionText": "Anything more?"}))
    shown = result(client.get(f"/API/v3/surveys/{survey_id}"))
    assert shown["questions"][qid]["questionText"] == "Anything more?"
    result(client.delete(f"{base}/questions/{qid}"))
    assert qid not in result(client.get(f"/API/v3/surveys/{survey_id}"))["questions"]
    assert mock.response_problems == []
