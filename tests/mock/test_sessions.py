"""Sessions walk the flow (branches on answers), record a response at the end and count quotas."""

from __future__ import annotations

from typing import Any

import httpx

from qualtrics_mock import MockQualtrics

from .conftest import error_of, first_survey, result


def page_ids(session: dict[str, Any]) -> list[str]:
    return [q["questionId"] for q in session["currentPage"]["questions"]]


def take(client: httpx.Client, survey_id: str, answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    base = f"/API/v3/surveys/{survey_id}/sessions"
    session = result(client.post(base, json={"language": "EN", "embeddedData": {"Channel": "Kiosk"}}))
    pages = [session]
    for page in answers:
        session = result(client.post(f"{base}/{session['sessionId']}", json={"responses": page}))
        pages.append(session)
    return pages


def test_a_satisfied_respondent_skips_the_problem_block(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    pages = take(client, survey_id, [{"QID1": 1, "QID2": "Great"}, {"QID4": 11}])
    assert page_ids(pages[0]) == ["QID1", "QID2"]
    assert pages[0]["progress"] == 0
    assert page_ids(pages[1]) == ["QID4"]
    assert 0 < pages[1]["progress"] < 100
    finished = pages[2]
    assert finished["isFinished"] is True
    assert finished["progress"] == 100
    recorded = result(client.get(f"/API/v3/surveys/{survey_id}/responses/{finished['responseId']}"))
    assert recorded["values"]["QID1"] == 1
    assert recorded["values"]["QID2_TEXT"] == "Great"
    assert recorded["values"]["QID4"] == 11
    assert recorded["values"]["Channel"] == "Kiosk"
    assert "QID3" not in recorded["values"]
    assert mock.response_problems == []


def test_a_dissatisfied_respondent_branches_to_problems_and_ends(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    pages = take(client, survey_id, [{"QID1": 5, "QID2": "Bad"}, {"QID3": 2}])
    assert page_ids(pages[1]) == ["QID3"]
    assert pages[2]["isFinished"] is True
    recorded = result(client.get(f"/API/v3/surveys/{survey_id}/responses/{pages[2]['responseId']}"))
    assert "QID4" not in recorded["values"]
    assert recorded["labels"]["QID3"] == "Unfriendly staff"


def test_invalid_answers_are_400_and_a_finished_session_is_409(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    base = f"/API/v3/surveys/{survey_id}/sessions"
    session_id = result(client.post(base, json={"language": "EN"}))["sessionId"]
    error_of(client.post(f"{base}/{session_id}", json={"responses": {"QID1": 9}}), 400)
    error_of(client.post(f"{base}/{session_id}", json={"responses": {"QID4": 1}}), 400)
    result(client.post(f"{base}/{session_id}", json={"responses": {"QID1": 4}}))
    assert page_ids(result(client.get(f"{base}/{session_id}"))) == ["QID3"]
    result(client.post(f"{base}/{session_id}", json={"responses": {"QID3": 1}}))
    error_of(client.post(f"{base}/{session_id}", json={"responses": {}}), 409)


def test_deleting_a_session_records_nothing(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    base = f"/API/v3/surveys/{survey_id}/sessions"
    session_id = result(client.post(base, json={"language": "EN"}))["sessionId"]
    result(client.delete(f"{base}/{session_id}"))
    error_of(client.get(f"{base}/{session_id}"), 404)
    assert len(mock.brands["mockbrand"].responses[survey_id]) == 200


def test_finished_sessions_count_matching_quotas(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    selected_first = {
        "LogicType": "Question",
        "QuestionID": "QID1",
        "ChoiceLocator": "q://QID1/SelectableChoice/1",
        "Operator": "Selected",
        "LeftOperand": "q://QID1/SelectableChoice/1",
        "Type": "Expression",
    }
    quota = {
        "ID": "QO_hmezLihVIbqWQks",
        "Name": "Very satisfied",
        "Occurrences": 100,
        "Logic": {"0": {"0": selected_first, "Type": "If"}, "Type": "BooleanExpression"},
        "LogicType": "Simple",
        "QuotaAction": "EndCurrentSurvey",
        "QuotaRealm": "Survey",
    }
    quotas = f"/API/v3/survey-definitions/{survey_id}/quotas"
    quota_id = result(client.post(quotas, json=quota))["QuotaID"]
    take(client, survey_id, [{"QID1": 1, "QID2": ""}, {"QID4": 3}])
    take(client, survey_id, [{"QID1": 1, "QID2": ""}, {"QID4": 4}])
    take(client, survey_id, [{"QID1": 2, "QID2": ""}, {"QID4": 4}])
    assert int(result(client.get(f"{quotas}/{quota_id}"))["Count"]) == 2
