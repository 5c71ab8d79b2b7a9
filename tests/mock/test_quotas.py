"""Quotas and quota groups at their real address: full CRUD, skipToken pages, and quotas that count finished
sessions and close when `Count` reaches `Occurrences`."""

from __future__ import annotations

import random
from typing import Any

import httpx

from qualtrics_mock import MockQualtrics, quotabook

from .conftest import error_of, first_survey, result


def chose(choice: int) -> dict[str, Any]:
    condition = {
        "LogicType": "Question",
        "QuestionID": "QID1",
        "ChoiceLocator": f"q://QID1/SelectableChoice/{choice}",
        "Operator": "Selected",
        "LeftOperand": f"q://QID1/SelectableChoice/{choice}",
        "Type": "Expression",
    }
    return {"0": {"0": condition, "Type": "If"}, "Type": "BooleanExpression"}


def quota(name: str, limit: int, choice: int) -> dict[str, Any]:
    return {
        "ID": "QO_newQuotaForTest",
        "Name": name,
        "Occurrences": limit,
        "Logic": chose(choice),
        "QuotaAction": "EndCurrentSurvey",
        "QuotaRealm": "Survey",
    }


def finish(client: httpx.Client, survey_id: str, choice: int) -> dict[str, Any]:
    """One respondent through the survey choosing `choice` at QID1; the last page seen."""
    base = f"/API/v3/surveys/{survey_id}/sessions"
    session: dict[str, Any] = result(client.post(base, json={"language": "EN"}))
    session = result(client.post(f"{base}/{session['sessionId']}", json={"responses": {"QID1": choice, "QID2": ""}}))
    if not session["isFinished"]:
        page = [q["questionId"] for q in session["currentPage"]["questions"]]
        answer = {"QID3": 1} if page == ["QID3"] else {"QID4": 9}
        session = result(client.post(f"{base}/{session['sessionId']}", json={"responses": answer}))
    return session


def test_seeded_quota_and_group_at_the_real_address(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    base = f"/API/v3/survey-definitions/{survey_id}"
    quotas = result(client.get(f"{base}/quotas"))
    assert quotas["nextPage"] is None
    (seeded,) = quotas["elements"]
    assert seeded["ID"] == "QO_EI9KoaKyVNqatAd"
    assert seeded["QuotaRealm"] == "Survey"
    dissatisfied = sum(r["values"].get("QID1") == 5 for r in mock.brands["mockbrand"].responses[survey_id].values())
    assert seeded["Count"] == dissatisfied > 0
    assert seeded["Occurrences"] == 100
    (group,) = result(client.get(f"{base}/quotagroups"))["elements"]
    assert group["ID"] == "QG_NjQyHmg3bpNHlEl"
    assert group["Quotas"] == [seeded["ID"]]
    assert result(client.get(f"{base}/quotagroups/{group['ID']}"))["MultipleMatch"] == "PlaceInAll"
    error_of(client.get(f"/API/v3/surveys/{survey_id}/quotas"), 404)  # the reference's address is not served
    assert mock.response_problems == []


def test_quota_crud_in_a_group(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    base = f"/API/v3/survey-definitions/{survey_id}"
    group_id = result(client.post(f"{base}/quotagroups", json={"ID": "QG_placeholder1234", "Name": "Regions"}))[
        "QuotaGroupID"
    ]
    created = result(client.post(f"{base}/quotas", json=quota("Satisfied", 5, 1), params={"quotaGroupId": group_id}))
    assert created["QuotaGroupID"] == group_id
    quota_id = created["QuotaID"]
    assert quota_id == "QO_newQuotaForTest"  # a free id sent in the body is kept
    assert result(client.get(f"{base}/quotas/{quota_id}"))["Count"] == 0
    assert result(client.get(f"{base}/quotagroups/{group_id}"))["Quotas"] == [quota_id]
    error_of(client.post(f"{base}/quotas", json={"Name": "no logic"}), 400)
    error_of(client.post(f"{base}/quotas", json=quota("x", 1, 1), params={"quotaGroupId": "QG_000000000000000"}), 404)

    changed = {**quota("Satisfied", 7, 1), "ID": quota_id}
    assert client.put(f"{base}/quotas/{quota_id}", json=changed).json().get("result") is None
    assert result(client.get(f"{base}/quotas/{quota_id}"))["Occurrences"] == 7
    result(client.put(f"{base}/quotagroups/{group_id}", json={"ID": group_id, "Name": "Renamed"}))
    assert result(client.get(f"{base}/quotagroups/{group_id}"))["Name"] == "Renamed"

    result(client.delete(f"{base}/quotagroups/{group_id}"))  # takes its quotas with it
    error_of(client.get(f"{base}/quotas/{quota_id}"), 404)
    error_of(client.get(f"{base}/quotagroups/{group_id}"), 404)
    error_of(client.delete(f"{base}/quotas/{quota_id}"), 404)
    assert mock.response_problems == []


def test_quota_lists_page_by_skip_token(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    base = f"/API/v3/survey-definitions/{survey_id}/quotas"
    for n in range(4):
        result(client.post(base, json={**quota(f"Quota {n}", 10, 2), "ID": f"QO_pagingTest{n:05d}"}))
    seen: list[str] = []
    url: str | None = base
    params: dict[str, int] | None = {"pageSize": 2}
    while url:
        page = result(client.get(url, params=params))
        seen += [q["ID"] for q in page["elements"]]
        url, params = page["nextPage"], None
        if url:
            assert "skipToken=" in url
    assert len(seen) == len(set(seen)) == 5
    error_of(client.get(base, params={"pageSize": 51}), 400)
    assert mock.response_problems == []


def test_a_full_quota_counts_no_more_and_ends_the_survey_for_who_meets_it(client: httpx.Client) -> None:
    survey_id = first_survey(client)
    base = f"/API/v3/survey-definitions/{survey_id}/quotas"
    quota_id = result(client.post(base, json=quota("Very satisfied", 2, 1)))["QuotaID"]
    for _ in range(2):
        assert finish(client, survey_id, 1)["isFinished"] is True
    assert result(client.get(f"{base}/{quota_id}"))["Count"] == 2
    closed = finish(client, survey_id, 1)
    assert closed["isFinished"] is True  # sent to the end after the first page: the quota is full
    recorded = result(client.get(f"/API/v3/surveys/{survey_id}/responses/{closed['responseId']}"))
    assert "QID4" not in recorded["values"]
    assert result(client.get(f"{base}/{quota_id}"))["Count"] == 2
    finish(client, survey_id, 2)  # another answer is not held back by this quota
    assert result(client.get(f"{base}/{quota_id}"))["Count"] == 2


def test_quota_backend_counts_without_http() -> None:
    survey: dict[str, Any] = {"id": "SV_backendTest1234", "questions": {}}
    quotabook.seed(survey, [{"QID1": 5}, {"QID1": 1}, {"QID1": 5}])
    (seeded,) = quotabook.quotas(survey).values()
    assert seeded["Count"] == 2
    seeded["Occurrences"] = "3"  # limits may arrive as strings
    assert quotabook.record(survey, {"QID1": 5}) == [seeded["ID"]]
    assert quotabook.is_full(seeded)
    assert quotabook.record(survey, {"QID1": 5}) == []
    assert quotabook.closes_survey(survey, {"QID1": 5})
    assert not quotabook.closes_survey(survey, {"QID1": 2})
    seeded["Logic"] = "not logic"
    assert quotabook.matches(seeded, {"QID1": 5}) is False


def test_a_group_places_a_response_that_meets_several_quotas_as_multiple_match_says() -> None:
    def survey_with(rule: str) -> dict[str, Any]:
        survey: dict[str, Any] = {"id": "SV_multipleMatch12", "questions": {}}
        group: dict[str, Any] = {"ID": "QG_multipleMatch12", "MultipleMatch": rule, "Quotas": []}
        quotabook.groups(survey)[group["ID"]] = group
        rng = random.Random(0)  # noqa: S311 - ids, not secrets
        for name, count in (("first", 5), ("second", 1), ("third", 3)):
            body = {**quota(name, 10, 1), "ID": f"QO_{name:0<15}", "Count": count}
            quotabook.add_quota(survey, body, group, rng)
        return survey

    answers = {"QID1": 1}  # meets all three
    assert quotabook.record(survey_with("PlaceInAll"), answers) == [
        "QO_first0000000000",
        "QO_second000000000",
        "QO_third0000000000",
    ]
    assert quotabook.record(survey_with("LeastFilled"), answers) == ["QO_second000000000"]
    assert quotabook.record(survey_with("MostFilled"), answers) == ["QO_first0000000000"]
    assert quotabook.record(survey_with("CurrentDefinedOrder"), answers) == ["QO_first0000000000"]
    assert quotabook.record(survey_with("ReverseOrder"), answers) == ["QO_third0000000000"]
    survey = survey_with("LeastFilledPercent")
    quotabook.quotas(survey)["QO_second000000000"]["Occurrences"] = 2  # 1 of 2 is fuller than 3 of 10
    assert quotabook.record(survey, answers) == ["QO_third0000000000"]
    assert quotabook.quotas(survey)["QO_third0000000000"]["Count"] == 4
