"""Distributions: the list by survey in Qualtrics's element shape, the nested create body, get with the
`surveyId` clients send, personal links (skipToken), history made by sends and moved by survey sessions,
reminders and thank-yous, SMS distributions."""

from __future__ import annotations

from typing import Any

import httpx

from qualtrics_mock import MockQualtrics, SeedSizes, Spec, create_app
from qualtrics_mock.inprocess import sync_client

from .conftest import error_of, first_survey, result

LIST_KEYS = {
    "id",
    "parentDistributionId",
    "ownerId",
    "organizationId",
    "requestStatus",
    "requestType",
    "sendDate",
    "createdDate",
    "modifiedDate",
    "customHeaders",
    "headers",
    "recipients",
    "message",
    "surveyLink",
    "embeddedData",
    "stats",
}
HEADER = {"fromEmail": "noreply@qemailserver.com", "fromName": "CX", "replyToEmail": "cx@example.com", "subject": "Hi"}
MESSAGE = {"libraryId": "UR_3I9x1DqSbBlTBcy", "messageId": "MS_0Vdgk8CrbmdnW4B"}


def first_list(mock: MockQualtrics) -> tuple[str, list[str]]:
    lists = next(iter(mock.brands["mockbrand"].mailing_lists.values()))
    list_id, found = next(iter(lists.items()))
    return list_id, list(found["members"])


def send(client: httpx.Client, survey_id: str, list_id: str, **extra: Any) -> str:
    body = {
        "header": HEADER,
        "message": MESSAGE,
        "recipients": {"mailingListId": list_id},
        "surveyLink": {"surveyId": survey_id, "type": "Individual"},
        "sendDate": "2025-04-20T10:00:00Z",
        **extra,
    }
    created = result(client.post("/API/v3/distributions", json=body))
    assert set(created) == {"id"}
    dist_id: str = created["id"]
    return dist_id


def test_list_create_get_and_delete(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    listed = result(client.get("/API/v3/distributions", params={"surveyId": survey_id}))["elements"]
    assert len(listed) == 2
    assert all(set(d) == LIST_KEYS for d in listed)
    assert {d["surveyLink"]["surveyId"] for d in listed} == {survey_id}
    list_id, members = first_list(mock)
    dist_id = send(client, survey_id, list_id, embeddedData={"wave": "2"})
    assert dist_id.startswith("EMD_")
    assert len(dist_id) == 19
    got = result(client.get(f"/API/v3/distributions/{dist_id}", params={"surveyId": survey_id}))
    assert got["headers"] == {k: HEADER[k] for k in ("fromEmail", "replyToEmail", "fromName", "subject")}
    assert got["surveyLink"] == {"surveyId": survey_id, "expirationDate": None, "linkType": "Individual"}
    assert (got["message"]["messageId"], got["embeddedData"], got["requestType"]) == (
        MESSAGE["messageId"],
        {"wave": "2"},
        "Invite",
    )
    assert got["stats"]["sent"] == len(members)
    assert result(client.get(f"/API/v3/distributions/{dist_id}")) == got  # surveyId is optional
    error_of(client.get(f"/API/v3/distributions/{dist_id}", params={"surveyId": "SV_000000000000000"}), 404)
    assert len(result(client.get("/API/v3/distributions", params={"surveyId": survey_id}))["elements"]) == 3
    result(client.delete(f"/API/v3/distributions/{dist_id}"))
    error_of(client.get(f"/API/v3/distributions/{dist_id}"), 404)
    error_of(client.get("/API/v3/distributions"), 400)  # surveyId is required
    assert mock.response_problems == []


def test_stats_and_links_page_by_skip_token(spec: Spec) -> None:
    sizes = SeedSizes(n_surveys=1, n_responses=1, n_contacts=250, n_mailing_lists=1)
    mock = MockQualtrics(spec, sizes=sizes, validate_responses=True)
    dist_id, dist = next(iter(mock.brands["mockbrand"].distributions.items()))
    survey_id = dist["surveyLink"]["surveyId"]
    with sync_client(create_app(mock)) as client:
        stats = result(client.get(f"/API/v3/distributions/{dist_id}/stats"))
        assert (stats["sent"], stats["opened"], stats["started"], stats["finished"]) == (250, 187, 125, 83)
        url = f"/API/v3/distributions/{dist_id}/links"
        page = result(client.get(url, params={"surveyId": survey_id}))
        links = page["elements"]
        assert "skipToken=" in page["nextPage"]
        while page["nextPage"]:
            page = result(client.get(page["nextPage"]))
            links += page["elements"]
        error_of(client.get(url), 400)  # surveyId is required
    assert len(links) == 250
    assert len({link["contactId"] for link in links}) == 250
    assert all(link["link"].startswith(f"https://iad1.qualtrics.com/jfe/form/{survey_id}?Q_CHL=gl") for link in links)
    assert all(link["unsubscribed"] is False for link in links)
    assert mock.response_problems == []


def test_history_records_the_send_and_follows_a_session_to_its_response(
    client: httpx.Client, mock: MockQualtrics
) -> None:
    survey_id = first_survey(client)
    list_id, members = first_list(mock)
    dist_id = send(client, survey_id, list_id)
    history = result(client.get(f"/API/v3/distributions/{dist_id}/history"))["elements"]
    assert [entry["contactId"] for entry in history] == members[: len(history)]
    assert {entry["status"] for entry in history} == {"Success"}
    assert history[0]["sentAt"].endswith(".000Z")
    assert history[0]["contactLookupId"].startswith("CGC_")
    contact = members[0]
    session = result(
        client.post(
            f"/API/v3/surveys/{survey_id}/sessions",
            json={"language": "EN", "embeddedData": {"distributionId": dist_id, "contactId": contact}},
        )
    )
    session_id = session["sessionId"]
    started = result(client.get(f"/API/v3/distributions/{dist_id}/history"))["elements"][0]
    assert (started["status"], started["surveySessionId"], started["responseId"]) == (
        "SurveyStarted",
        session_id,
        None,
    )
    base = f"/API/v3/surveys/{survey_id}/sessions/{session_id}"
    for answers in ({"QID1": 1, "QID2": "fine"}, {"QID4": 10}):
        result(client.post(base, json={"responses": answers}))
    finished = result(client.get(f"/API/v3/distributions/{dist_id}/history"))["elements"][0]
    assert finished["status"] == "SurveyFinished"
    assert finished["responseId"] in mock.brands["mockbrand"].responses[survey_id]
    stats = result(client.get(f"/API/v3/distributions/{dist_id}/stats"))
    assert (stats["started"], stats["finished"]) == (1, 1)
    assert mock.response_problems == []


def test_reminders_go_to_who_has_not_finished_and_thank_yous_to_who_has(
    client: httpx.Client, mock: MockQualtrics
) -> None:
    survey_id = first_survey(client)
    list_id, members = first_list(mock)
    invite = send(client, survey_id, list_id)
    body = {"header": HEADER, "message": MESSAGE, "sendDate": "2025-04-27T10:00:00Z"}

    def follow_up(kind: str) -> dict[str, Any]:
        dist_id = result(client.post(f"/API/v3/distributions/{invite}/{kind}", json=body))["distributionId"]
        got: dict[str, Any] = result(client.get(f"/API/v3/distributions/{dist_id}", params={"surveyId": survey_id}))
        assert (got["parentDistributionId"], got["sendDate"]) == (invite, "2025-04-27T10:00:00Z")
        return got

    assert follow_up("thankyous")["stats"]["sent"] == 0  # nobody has finished yet
    base = f"/API/v3/surveys/{survey_id}/sessions"
    embedded = {"distributionId": invite, "contactId": members[0]}
    session_id = result(client.post(base, json={"language": "EN", "embeddedData": embedded}))["sessionId"]
    for answers in ({"QID1": 1, "QID2": "fine"}, {"QID4": 10}):
        result(client.post(f"{base}/{session_id}", json={"responses": answers}))
    reminder, thanks = follow_up("reminders"), follow_up("thankyous")
    assert (reminder["requestType"], reminder["stats"]["sent"]) == ("Reminder", len(members) - 1)
    assert (thanks["requestType"], thanks["stats"]["sent"]) == ("ThankYou", 1)
    thanked = result(client.get(f"/API/v3/distributions/{thanks['id']}/history"))["elements"]
    assert [entry["contactId"] for entry in thanked] == [members[0]]
    error_of(client.post(f"/API/v3/distributions/{reminder['id']}/reminders", json=body), 400)
    error_of(client.post("/API/v3/distributions/EMD_000000000000000/thankyous", json=body), 404)
    assert mock.response_problems == []


def test_a_scheduled_send_is_pending_until_its_date(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    list_id, _members = first_list(mock)
    dist_id = send(client, survey_id, list_id, sendDate="2099-01-01T09:00:00Z")
    history = result(client.get(f"/API/v3/distributions/{dist_id}/history"))["elements"]
    assert {(entry["status"], entry["sentAt"]) for entry in history} == {("Pending", None)}
    assert result(client.get(f"/API/v3/distributions/{dist_id}/stats"))["sent"] == 0
    mock.brands["mockbrand"].distributions[dist_id]["sendDate"] = "2025-01-01T09:00:00Z"  # the date has come
    history = result(client.get(f"/API/v3/distributions/{dist_id}/history"))["elements"]
    assert {entry["status"] for entry in history} == {"Success"}
    assert mock.response_problems == []


def test_personal_links_form_sends_nothing(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    list_id, members = first_list(mock)
    body = {
        "action": "CreateDistribution",
        "surveyId": survey_id,
        "linkType": "Individual",
        "description": "Panel links",
        "expirationDate": "2026-01-01 00:00:00",
        "mailingListId": list_id,
    }
    dist_id = result(client.post("/API/v3/distributions", json=body))["id"]
    assert result(client.get(f"/API/v3/distributions/{dist_id}/history"))["elements"] == []
    links = result(client.get(f"/API/v3/distributions/{dist_id}/links", params={"surveyId": survey_id}))
    assert {link["status"] for link in links["elements"]} == {"Email not sent"}
    assert len(links["elements"]) == min(len(members), 100)
    assert mock.response_problems == []


def test_sms_distributions(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    list_id, members = first_list(mock)
    body = {
        "sendDate": "2025-04-20T10:00:00Z",
        "surveyId": survey_id,
        "method": "Invite",
        "recipients": {"mailingListId": list_id},
        "name": "April SMS",
        "message": {"messageText": "Tell us: ${l://SurveyLink}"},
    }
    sms_id = result(client.post("/API/v3/distributions/sms", json=body))["id"]
    assert sms_id.startswith("SMSD_")
    assert len(sms_id) == 20
    got = result(client.get(f"/API/v3/distributions/sms/{sms_id}", params={"surveyId": survey_id}))
    assert (got["name"], got["method"], got["stats"]["sent"]) == ("April SMS", "Invite", len(members))
    reminder_body = {k: v for k, v in body.items() if k != "recipients"}  # a reminder goes to its invite's list
    reminder = result(
        client.post(
            "/API/v3/distributions/sms", json={**reminder_body, "method": "Reminder", "parentDistributionId": sms_id}
        )
    )["id"]
    got_reminder = result(client.get(f"/API/v3/distributions/sms/{reminder}"))
    assert (got_reminder["requestType"], got_reminder["stats"]["sent"]) == ("Reminder", len(members))
    listed = result(client.get("/API/v3/distributions/sms", params={"surveyId": survey_id}))["elements"]
    assert [d["id"] for d in listed] == [sms_id, reminder]
    error_of(client.post("/API/v3/distributions/sms", json={**body, "parentDistributionId": "SMSD_none"}), 400)
    error_of(client.get("/API/v3/distributions/sms/SMSD_000000000000000"), 404)
    result(client.delete(f"/API/v3/distributions/sms/{reminder}"))
    error_of(client.get(f"/API/v3/distributions/sms/{reminder}"), 404)
    assert [
        d["id"] for d in result(client.get("/API/v3/distributions/sms", params={"surveyId": survey_id}))["elements"]
    ] == [sms_id]
    assert mock.response_problems == []


def test_a_plain_email_to_a_list_links_no_survey(client: httpx.Client, mock: MockQualtrics) -> None:
    list_id, members = first_list(mock)
    body = {
        "header": HEADER,
        "message": {"messageText": "Our office is closed on Friday."},
        "recipients": {"mailingListId": list_id},
        "sendDate": "2025-04-20T10:00:00Z",
    }
    dist_id = result(client.post("/API/v3/distributions", json=body))["id"]
    got = result(client.get(f"/API/v3/distributions/{dist_id}"))
    assert got["message"] == {"libraryId": None, "messageId": None, "messageText": "Our office is closed on Friday."}
    assert got["surveyLink"]["surveyId"] is None
    history = result(client.get(f"/API/v3/distributions/{dist_id}/history"))["elements"]
    assert {entry["surveyLink"] for entry in history} == {None}
    assert got["stats"]["sent"] == len(members)
    assert mock.response_problems == []
