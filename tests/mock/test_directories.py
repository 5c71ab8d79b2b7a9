"""XM Directory: directories, directory contacts (paging, CRUD, the shapes of Qualtrics's document), contact
search with real filtering, opted-out contacts and contact history."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from qualtrics_mock import MockQualtrics

from .conftest import error_of, result


def directory(client: httpx.Client) -> str:
    directory_id: str = result(client.get("/API/v3/directories"))["elements"][0]["directoryId"]
    return directory_id


def contacts(mock: MockQualtrics, directory_id: str) -> dict[str, dict[str, Any]]:
    return mock.brands["mockbrand"].contacts[directory_id]


def test_directories_name_their_pool_id_and_count(client: httpx.Client, mock: MockQualtrics) -> None:
    first = result(client.get("/API/v3/directories"))["elements"][0]
    assert first["directoryId"].startswith("POOL_")
    assert len(first["directoryId"]) == len("POOL_") + 15
    assert first["contactCount"] == len(contacts(mock, first["directoryId"]))
    assert mock.response_problems == []


def test_contacts_page_by_skip_token(client: httpx.Client, mock: MockQualtrics) -> None:
    directory_id = directory(client)
    page = result(client.get(f"/API/v3/directories/{directory_id}/contacts", params={"pageSize": 40}))
    seen = [c["contactId"] for c in page["elements"]]
    token = parse_qs(urlsplit(page["nextPage"]).query)["skipToken"][0]
    assert not token.isdigit()  # opaque, as Qualtrics's
    while page["nextPage"]:
        page = result(client.get(page["nextPage"]))
        seen += [c["contactId"] for c in page["elements"]]
    assert seen == list(contacts(mock, directory_id))
    assert len(seen) == 150
    garbage = result(client.get(f"/API/v3/directories/{directory_id}/contacts", params={"skipToken": "garbage!"}))
    assert garbage == {"elements": [], "nextPage": None}
    assert mock.response_problems == []


def test_contacts_take_what_qualtricsapi_sends(client: httpx.Client) -> None:
    """QualtricsAPI 0.6.2 asks for `pageSize=1000&useNewPaginationScheme=true`, through a double slash."""
    directory_id = directory(client)
    page = result(client.get(f"/API/v3/directories/{directory_id}//contacts?pageSize=1000&useNewPaginationScheme=true"))
    assert len(page["elements"]) == 150
    assert page["nextPage"] is None
    assert set(page["elements"][0]) == {
        "contactId",
        "firstName",
        "lastName",
        "email",
        "phone",
        "extRef",
        "language",
        "unsubscribed",
    }


def test_contact_crud_in_qualtrics_shapes(client: httpx.Client, mock: MockQualtrics) -> None:
    base = f"/API/v3/directories/{directory(client)}/contacts"
    created = result(
        client.post(base, json={"firstName": "Fabio", "email": "f@example.com", "embeddedData": {"Tier": 1}})
    )
    assert set(created) == {"id"}
    contact_id = created["id"]
    assert contact_id.startswith("CID_")
    assert len(contact_id) == 19
    fetched = result(client.get(f"{base}/{contact_id}"))
    assert fetched["email"] == "f@example.com"
    assert fetched["emailDomain"] == "example.com"
    assert isinstance(fetched["creationDate"], int)
    assert fetched["creationDate"] > 1_600_000_000_000
    assert fetched["embeddedData"] == {"Tier": "1"}  # Qualtrics keeps embedded data as strings
    assert fetched["directoryUnsubscribed"] is False
    assert fetched["mailingListMembership"] == {}
    updated = client.put(f"{base}/{contact_id}", json={"language": "PT"})
    assert updated.status_code == 200
    assert set(updated.json()) == {"meta"}  # the update answers `meta` only
    assert result(client.get(f"{base}/{contact_id}"))["language"] == "PT"
    result(client.delete(f"{base}/{contact_id}"))
    error_of(client.get(f"{base}/{contact_id}"), 404)
    assert mock.response_problems == []


def test_a_contact_shows_its_mailing_lists(client: httpx.Client, mock: MockQualtrics) -> None:
    directory_id = directory(client)
    ml = result(client.get(f"/API/v3/directories/{directory_id}/mailinglists"))["elements"][0]
    member = mock.brands["mockbrand"].mailing_lists[directory_id][ml["mailingListId"]]["members"][0]
    detail = result(
        client.get(f"/API/v3/directories/{directory_id}/contacts/{member}", params={"includeSegments": "true"})
    )
    membership = detail["mailingListMembership"][ml["mailingListId"]]
    assert membership["name"] == ml["name"]
    assert membership["contactLookupId"].startswith("CGC_")
    assert detail["segmentMembership"] == {}
    assert mock.response_problems == []


def test_unknown_directory_is_404(client: httpx.Client) -> None:
    error_of(client.get("/API/v3/directories/POOL_nope/contacts"), 404)


def search(client: httpx.Client, directory_id: str, body: dict[str, Any], **params: Any) -> httpx.Response:
    return client.post(f"/API/v3/directories/{directory_id}/contacts/search", json=body, params=params)


def test_search_filters_on_fields_case_insensitively(client: httpx.Client, mock: MockQualtrics) -> None:
    directory_id = directory(client)
    wanted = {c["contactId"] for c in contacts(mock, directory_id).values() if c["lastName"] == "Hopper"}
    found = result(
        search(client, directory_id, {"filter": {"filterType": "lastName", "comparison": "eq", "value": " hopper "}})
    )
    assert {hit["id"] for hit in found["elements"]} == wanted
    assert wanted
    hit = found["elements"][0]
    assert {"phoneNumber", "externalDataReference", "creationDate"} <= set(hit)
    assert "embeddedData" not in hit
    not_hopper = result(
        search(client, directory_id, {"filter": {"filterType": "lastName", "comparison": "neq", "value": "Hopper"}})
    )
    assert not {hit["id"] for hit in not_hopper["elements"]} & wanted
    assert mock.response_problems == []


def test_search_combines_filters_and_lists(client: httpx.Client, mock: MockQualtrics) -> None:
    directory_id = directory(client)
    list_id, ml = next(iter(mock.brands["mockbrand"].mailing_lists[directory_id].items()))
    body = {
        "filter": {
            "conjunction": "and",
            "filters": [
                {"filterType": "inList", "comparison": True, "mailingListId": list_id},
                {"filterType": "firstName", "comparison": "eq", "value": "Ada"},
            ],
        }
    }
    found = result(search(client, directory_id, body, includeEmbedded="true"))
    expected = [c for c in ml["members"] if contacts(mock, directory_id)[c]["firstName"] == "Ada"]
    assert [hit["id"] for hit in found["elements"]] == expected
    assert all(hit["embeddedData"]["Region"] for hit in found["elements"])
    either = {
        "conjunction": "or",
        "filters": [body["filter"]["filters"][1], {"filterType": "firstName", "comparison": "eq", "value": "Ken"}],
    }
    names = {hit["firstName"] for hit in result(search(client, directory_id, {"filter": either}))["elements"]}
    assert names == {"Ada", "Ken"}
    too_many = {"conjunction": "and", "filters": [body["filter"]["filters"][1]] * 6}
    error_of(search(client, directory_id, {"filter": too_many}), 400)
    error_of(search(client, directory_id, {"filter": {"filterType": "email", "comparison": "gt", "value": "x"}}), 400)


def test_search_pages_with_a_bare_skip_token(client: httpx.Client, mock: MockQualtrics) -> None:
    directory_id = directory(client)
    body = {"filter": {"filterType": "infoFieldState", "field": "email", "comparison": "notEmpty"}}
    seen: list[str] = []
    page = result(search(client, directory_id, body, pageSize=40))
    while True:
        seen += [hit["id"] for hit in page["elements"]]
        assert "nextPage" not in page
        if "skipToken" not in page:
            break
        page = result(search(client, directory_id, body, pageSize=40, skipToken=page["skipToken"]))
    assert seen == list(contacts(mock, directory_id))
    # A page as long as pageSize carries a token even when nothing follows; the next page is then empty.
    exact = result(search(client, directory_id, body, pageSize=150))
    assert result(search(client, directory_id, body, pageSize=150, skipToken=exact["skipToken"])) == {"elements": []}


def test_search_by_creation_date(client: httpx.Client, mock: MockQualtrics) -> None:
    directory_id = directory(client)
    new_id = result(client.post(f"/API/v3/directories/{directory_id}/contacts", json={"email": "late@example.com"}))[
        "id"
    ]
    for contact in contacts(mock, directory_id).values():
        if contact["contactId"] != new_id:
            contact["creationDate"] = 1_500_000_000_000  # 2017-07-14
    recent = result(
        search(client, directory_id, {"filter": {"filterType": "created", "comparison": "gte", "value": "2018-08-29"}})
    )
    assert [hit["id"] for hit in recent["elements"]] == [new_id]
    same_day = result(
        search(client, directory_id, {"filter": {"filterType": "created", "comparison": "eq", "value": "2017-07-14"}})
    )
    assert len(same_day["elements"]) == 100


def test_opted_out_contacts_follow_the_opt_out(client: httpx.Client, mock: MockQualtrics) -> None:
    directory_id = directory(client)
    base = f"/API/v3/directories/{directory_id}/contacts"
    assert result(client.get(f"{base}/optedOutContacts"))["elements"] == []
    contact_id = next(iter(contacts(mock, directory_id)))
    result(client.put(f"{base}/{contact_id}", json={"unsubscribed": True}))
    opted = result(client.get(f"{base}/optedOutContacts"))["elements"]
    assert [c["contactId"] for c in opted] == [contact_id]
    assert opted[0]["directoryUnsubscribed"] is True
    assert opted[0]["directoryUnsubscribeDate"].endswith("Z")
    assert result(client.get(f"{base}/optedOutContacts", params={"since": "2099-01-01T00:00:00Z"}))["elements"] == []
    assert result(client.get(f"{base}/{contact_id}"))["directoryUnsubscribed"] is True
    assert mock.response_problems == []


def test_history_lists_the_distributions_a_contact_received(client: httpx.Client, mock: MockQualtrics) -> None:
    brand = mock.brands["mockbrand"]
    directory_id = directory(client)
    list_id = next(iter(brand.mailing_lists[directory_id]))
    member = brand.mailing_lists[directory_id][list_id]["members"][0]
    sent = sorted(d["id"] for d in brand.distributions.values() if d["recipients"]["mailingListId"] == list_id)
    history = result(
        client.get(f"/API/v3/directories/{directory_id}/contacts/{member}/history", params={"type": "email"})
    )
    assert sorted(entry["distributionId"] for entry in history["elements"]) == sent
    assert sent
    assert {entry["result"] for entry in history["elements"]} == {"Success"}
    dates = [entry["date"] for entry in history["elements"]]
    assert dates == sorted(dates, reverse=True)
    paged = result(
        client.get(
            f"/API/v3/directories/{directory_id}/contacts/{member}/history", params={"type": "email", "pageSize": 1}
        )
    )
    assert parse_qs(urlsplit(paged["nextPage"]).query)["offset"] == ["1"]
    outsider = result(client.post(f"/API/v3/directories/{directory_id}/contacts", json={"email": "new@example.com"}))[
        "id"
    ]
    assert (
        result(
            client.get(f"/API/v3/directories/{directory_id}/contacts/{outsider}/history", params={"type": "response"})
        )["elements"]
        == []
    )
    error_of(client.get(f"/API/v3/directories/{directory_id}/contacts/{member}/history", params={"type": "sms"}), 400)
    assert mock.response_problems == []


def test_response_history_is_the_contacts_recorded_responses(client: httpx.Client, mock: MockQualtrics) -> None:
    brand = mock.brands["mockbrand"]
    directory_id = directory(client)
    contact = next(iter(contacts(mock, directory_id).values()))
    survey_id, responses = next(iter(brand.responses.items()))
    response_id, response = next(iter(responses.items()))
    response["values"]["recipientEmail"] = contact["email"].upper()  # Qualtrics matches emails whatever the case
    url = f"/API/v3/directories/{directory_id}/contacts/{contact['contactId']}/history"
    history = result(client.get(url, params={"type": "response"}))["elements"]
    assert [(entry["responseId"], entry["surveyId"]) for entry in history] == [(response_id, survey_id)]
    assert history[0]["dateStarted"] == response["values"]["startDate"]
    assert history[0]["surveyFinished"] is True
    assert mock.response_problems == []
