"""Distributions: list by survey, create, stats and links (skipToken)."""

from __future__ import annotations

import httpx

from qualtrics_mock import MockQualtrics, SeedSizes, Spec, create_app
from qualtrics_mock.inprocess import sync_client

from .conftest import error_of, first_survey, result


def test_list_create_get_and_delete(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    listed = result(client.get("/API/v3/distributions", params={"surveyId": survey_id}))["elements"]
    assert len(listed) == 2
    assert {d["surveyId"] for d in listed} == {survey_id}
    ml = next(iter(next(iter(mock.brands["mockbrand"].mailing_lists.values()))))
    body = {
        "distributionType": "Email",
        "message": {"libraryId": "UR_123LIB", "messageId": "MS_001"},
        "recipients": {"mailingListId": ml},
        "subject": "Hello",
        "surveyLink": "Individual",
        "surveyId": survey_id,
        "sendDate": "2025-04-20T10:00:00Z",
        "fromEmail": "insights@company.com",
        "fromName": "CX",
    }
    created = result(client.post("/API/v3/distributions", json=body))
    assert created["id"].startswith("EMD_")
    assert result(client.get(f"/API/v3/distributions/{created['id']}"))["headers"]["subject"] == "Hello"
    assert len(result(client.get("/API/v3/distributions", params={"surveyId": survey_id}))["elements"]) == 3
    result(client.delete(f"/API/v3/distributions/{created['id']}"))
    error_of(client.get(f"/API/v3/distributions/{created['id']}"), 404)
    assert mock.response_problems == []


def test_stats_and_links_page_by_skip_token(spec: Spec) -> None:
    sizes = SeedSizes(n_surveys=1, n_responses=1, n_contacts=250, n_mailing_lists=1)
    mock = MockQualtrics(spec, sizes=sizes, validate_responses=True)
    dist_id, dist = next(iter(mock.brands["mockbrand"].distributions.items()))
    with sync_client(create_app(mock)) as client:
        stats = result(client.get(f"/API/v3/distributions/{dist_id}/stats"))
        assert stats["sent"] == 250
        url = f"/API/v3/distributions/{dist_id}/links"
        page = result(client.get(url, params={"surveyId": dist["surveyId"]}))
        links = page["elements"]
        assert "skipToken=" in page["nextPage"]
        while page["nextPage"]:
            page = result(client.get(page["nextPage"]))
            links += page["elements"]
    assert len(links) == 250
    assert len({link["contactId"] for link in links}) == 250
    assert all(dist["surveyId"] in link["link"] for link in links)
    assert mock.response_problems == []
