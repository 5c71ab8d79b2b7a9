"""XM Directory mailing lists and their members: Qualtrics's shapes (epoch-millisecond dates, lookup ids, the
list's own opt-out), members' history, opted-out and bounced members."""

from __future__ import annotations

from typing import Any

import httpx

from qualtrics_mock import MockQualtrics

from .conftest import error_of, result
from .test_directories import directory


def lists_base(client: httpx.Client) -> str:
    return f"/API/v3/directories/{directory(client)}/mailinglists"


def first_list(client: httpx.Client) -> dict[str, Any]:
    found: dict[str, Any] = result(client.get(lists_base(client)))["elements"][0]
    return found


def test_lists_in_qualtrics_shape(client: httpx.Client, mock: MockQualtrics) -> None:
    lists = result(client.get(lists_base(client)))["elements"]
    assert len(lists) == 3
    assert sum(ml["contactCount"] for ml in lists) == 150
    assert set(lists[0]) == {"mailingListId", "name", "contactCount", "ownerId", "creationDate", "lastModifiedDate"}
    assert isinstance(lists[0]["creationDate"], int)  # epoch milliseconds, as QualtricsAPI parses them
    assert lists[0]["creationDate"] < lists[0]["lastModifiedDate"]
    assert mock.response_problems == []


def test_list_lifecycle(client: httpx.Client, mock: MockQualtrics) -> None:
    base = lists_base(client)
    created = result(client.post(base, json={"name": "VIPs"}))
    assert set(created) == {"id"}
    list_id = created["id"]
    assert list_id.startswith("CG_")
    assert len(list_id) == 18
    assert result(client.get(f"{base}/{list_id}"))["name"] == "VIPs"
    result(client.put(f"{base}/{list_id}", json={"name": "VIP customers"}))
    assert result(client.get(f"{base}/{list_id}"))["name"] == "VIP customers"
    # QualtricsAPI deletes with a JSON body and a trailing slash; both are fine.
    result(client.request("DELETE", f"{base}/{list_id}/", json={"name": "VIP customers"}))
    error_of(client.get(f"{base}/{list_id}"), 404)
    assert mock.response_problems == []


def test_members_lookup_ids_and_detail(client: httpx.Client, mock: MockQualtrics) -> None:
    base = lists_base(client)
    list_id = result(client.post(base, json={"name": "VIPs"}))["id"]
    added = result(
        client.post(
            f"{base}/{list_id}/contacts",
            json={"firstName": "Ana", "email": "ana@example.com", "embeddedData": {"Region": "LATAM"}},
        )
    )
    assert set(added) == {"id", "contactLookupId"}
    assert added["contactLookupId"].startswith("CGC_")
    members = result(client.get(f"{base}/{list_id}/contacts"))["elements"]
    assert [(m["contactId"], m["contactLookupId"]) for m in members] == [(added["id"], added["contactLookupId"])]
    assert members[0]["mailingListUnsubscribed"] is False
    assert "embeddedData" not in members[0]
    with_embedded = result(client.get(f"{base}/{list_id}/contacts", params={"includeEmbedded": "true"}))
    assert with_embedded["elements"][0]["embeddedData"] == {"Region": "LATAM"}
    detail = result(client.get(f"{base}/{list_id}/contacts/{added['id']}"))
    assert detail["contactLookupId"] == added["contactLookupId"]
    assert detail["emailDomain"] == "example.com"
    assert detail["mailingListUnsubscribed"] is False
    assert isinstance(detail["lastModified"], int)
    result(client.delete(f"{base}/{list_id}/contacts/{added['id']}"))
    assert result(client.get(f"{base}/{list_id}/contacts"))["elements"] == []
    error_of(client.get(f"{base}/{list_id}/contacts/{added['id']}"), 404)
    # The directory contact stays.
    result(client.get(f"/API/v3/directories/{directory(client)}/contacts/{added['id']}"))
    assert mock.response_problems == []


def test_adding_a_known_email_updates_that_contact(client: httpx.Client, mock: MockQualtrics) -> None:
    base = lists_base(client)
    directory_id = directory(client)
    existing = next(iter(mock.brands["mockbrand"].contacts[directory_id].values()))
    list_id = result(client.post(base, json={"name": "Dedupe"}))["id"]
    added = result(client.post(f"{base}/{list_id}/contacts", json={"email": existing["email"], "firstName": "Renamed"}))
    assert added["id"] == existing["contactId"]
    assert existing["firstName"] == "Renamed"
    assert len(mock.brands["mockbrand"].contacts[directory_id]) == 150


def test_member_pages_are_capped_at_fifty(client: httpx.Client) -> None:
    ml = first_list(client)
    assert ml["contactCount"] == 50
    for n in range(5):
        result(client.post(f"{lists_base(client)}/{ml['mailingListId']}/contacts", json={"email": f"n{n}@example.com"}))
    page = result(client.get(f"{lists_base(client)}/{ml['mailingListId']}/contacts", params={"pageSize": 100}))
    assert len(page["elements"]) == 50
    assert page["nextPage"]
    seen = len(page["elements"])
    while page["nextPage"]:
        page = result(client.get(page["nextPage"]))
        seen += len(page["elements"])
    assert seen == 55


def test_list_opt_out_is_the_members_own(client: httpx.Client, mock: MockQualtrics) -> None:
    ml = first_list(client)
    base = f"{lists_base(client)}/{ml['mailingListId']}"
    members = result(client.get(f"{base}/contacts", params={"pageSize": 2}))["elements"]
    leaver, other = members[0]["contactId"], members[1]["contactId"]
    assert result(client.get(f"{base}/optedOutContacts"))["elements"] == []
    result(client.put(f"{base}/contacts/{leaver}", json={"unsubscribed": True, "embeddedData": {"Reason": "too many"}}))
    detail = result(client.get(f"{base}/contacts/{leaver}"))
    assert detail["mailingListUnsubscribed"] is True
    assert isinstance(detail["mailingListUnsubscribeDate"], int)
    assert detail["directoryUnsubscribed"] is False
    assert detail["embeddedData"]["Reason"] == "too many"
    # A directory-wide opt-out counts for the list too.
    result(client.put(f"/API/v3/directories/{directory(client)}/contacts/{other}", json={"unsubscribed": True}))
    opted = {c["contactId"]: c for c in result(client.get(f"{base}/optedOutContacts"))["elements"]}
    assert set(opted) == {leaver, other}
    assert opted[other]["directoryUnsubscribed"] is True
    assert opted[leaver]["directoryUnsubscribed"] is False
    assert result(client.get(f"{base}/optedOutContacts", params={"since": "2099-01-01T00:00:00Z"}))["elements"] == []
    assert mock.response_problems == []


def test_bounced_members_are_those_whose_email_bounced(client: httpx.Client, mock: MockQualtrics) -> None:
    ml = first_list(client)
    base = f"{lists_base(client)}/{ml['mailingListId']}"
    assert result(client.get(f"{base}/bouncedContacts"))["elements"] == []
    member = result(client.get(f"{base}/contacts", params={"pageSize": 1}))["elements"][0]["contactId"]
    result(client.put(f"{base}/contacts/{member}", json={"email": "gone@mailbox.invalid"}))
    bounced = result(client.get(f"{base}/bouncedContacts"))["elements"]
    assert [c["contactId"] for c in bounced] == [member]
    history = result(client.get(f"{base}/contacts/{member}/history", params={"type": "email"}))["elements"]
    assert history
    assert {entry["result"] for entry in history} == {"HardBounce"}
    assert all(entry["lookupId"].startswith("CGC_") for entry in history)
    # A list no distribution went to has no bounces, whatever its members' addresses.
    fresh = result(client.post(lists_base(client), json={"name": "Unsent"}))["id"]
    result(client.post(f"{lists_base(client)}/{fresh}/contacts", json={"email": "x@nowhere.invalid"}))
    assert result(client.get(f"{lists_base(client)}/{fresh}/bouncedContacts"))["elements"] == []
    assert mock.response_problems == []


def test_member_history_needs_a_known_type(client: httpx.Client) -> None:
    ml = first_list(client)
    base = f"{lists_base(client)}/{ml['mailingListId']}"
    member = result(client.get(f"{base}/contacts", params={"pageSize": 1}))["elements"][0]["contactId"]
    error_of(client.get(f"{base}/contacts/{member}/history", params={"type": "sms"}), 400)
    assert result(client.get(f"{base}/contacts/{member}/history", params={"type": "response"}))["elements"] == []
