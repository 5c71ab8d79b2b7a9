"""XM Directory: skipToken pagination, contacts, mailing lists, members and contact imports."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import httpx

from qualtrics_mock import MockQualtrics

from .conftest import error_of, result


def directory(client: httpx.Client) -> str:
    directory_id: str = result(client.get("/API/v3/directories"))["elements"][0]["id"]
    return directory_id


def test_contacts_page_by_skip_token(client: httpx.Client, mock: MockQualtrics) -> None:
    directory_id = directory(client)
    page = result(client.get(f"/API/v3/directories/{directory_id}/contacts", params={"pageSize": 40}))
    seen = [c["contactId"] for c in page["elements"]]
    token = parse_qs(urlsplit(page["nextPage"]).query)["skipToken"][0]
    assert not token.isdigit()  # opaque, as Qualtrics's
    while page["nextPage"]:
        page = result(client.get(page["nextPage"]))
        seen += [c["contactId"] for c in page["elements"]]
    assert seen == list(mock.brands["mockbrand"].contacts[directory_id])
    assert len(seen) == 150
    garbage = result(client.get(f"/API/v3/directories/{directory_id}/contacts", params={"skipToken": "garbage!"}))
    assert garbage == {"elements": [], "nextPage": None}
    assert mock.response_problems == []


def test_contact_crud(client: httpx.Client) -> None:
    base = f"/API/v3/directories/{directory(client)}/contacts"
    created = result(client.post(base, json={"firstName": "Fabio", "lastName": "Correa", "email": "f@example.com"}))
    contact_id = created["contactId"]
    assert contact_id.startswith("CID_")
    assert result(client.get(f"{base}/{contact_id}"))["email"] == "f@example.com"
    result(client.put(f"{base}/{contact_id}", json={"language": "PT"}))
    assert result(client.get(f"{base}/{contact_id}"))["language"] == "PT"
    result(client.delete(f"{base}/{contact_id}"))
    error_of(client.get(f"{base}/{contact_id}"), 404)


def test_unknown_directory_is_404(client: httpx.Client) -> None:
    error_of(client.get("/API/v3/directories/POOL_nope/contacts"), 404)


def test_mailing_lists_and_members(client: httpx.Client, mock: MockQualtrics) -> None:
    directory_id = directory(client)
    base = f"/API/v3/directories/{directory_id}/mailinglists"
    lists = result(client.get(base))["elements"]
    assert len(lists) == 3
    assert sum(ml["contactCount"] for ml in lists) == 150
    list_id = result(client.post(base, json={"name": "VIPs"}))["id"]
    assert result(client.get(f"{base}/{list_id}"))["name"] == "VIPs"
    member = result(client.post(f"{base}/{list_id}/contacts", json={"firstName": "Ana", "email": "ana@example.com"}))
    members = result(client.get(f"{base}/{list_id}/contacts"))["elements"]
    assert [m["contactId"] for m in members] == [member["contactId"]]
    result(client.delete(f"{base}/{list_id}/contacts/{member['contactId']}"))
    assert result(client.get(f"{base}/{list_id}/contacts"))["elements"] == []
    result(client.delete(f"{base}/{list_id}"))
    error_of(client.get(f"{base}/{list_id}"), 404)
    assert mock.response_problems == []


def test_contact_import_json_adds_and_updates_contacts(client: httpx.Client, mock: MockQualtrics) -> None:
    directory_id = directory(client)
    ml = result(client.get(f"/API/v3/directories/{directory_id}/mailinglists"))["elements"][0]
    existing = next(iter(mock.brands["mockbrand"].contacts[directory_id].values()))
    contacts = [
        {"firstName": "New", "lastName": "Person", "email": "new.person@example.com"},
        {"firstName": "Renamed", "lastName": existing["lastName"], "email": existing["email"]},
        {"firstName": "No", "lastName": "Channel"},
    ]
    base = f"/API/v3/directories/{directory_id}/mailinglists/{ml['mailingListId']}/contactimports"
    started = result(client.post(base, json={"contacts": contacts}))
    progress = result(client.get(f"{base}/{started['progressId']}"))
    assert progress["status"] == "inProgress"
    while progress["status"] != "complete":
        progress = result(client.get(f"{base}/{started['progressId']}"))
    assert progress["contacts"]["count"] == {"added": 1, "updated": 1, "failed": 1}
    assert existing["firstName"] == "Renamed"
    assert len(mock.brands["mockbrand"].contacts[directory_id]) == 151


def test_contact_import_multipart_file(client: httpx.Client, mock: MockQualtrics) -> None:
    directory_id = directory(client)
    ml = result(client.get(f"/API/v3/directories/{directory_id}/mailinglists"))["elements"][1]
    payload = json.dumps([{"firstName": "File", "lastName": "Upload", "email": "file.upload@example.com"}])
    base = f"/API/v3/directories/{directory_id}/mailinglists/{ml['mailingListId']}"
    files = {"file": ("contacts.json", payload.encode(), "application/json")}
    result(client.post(f"{base}/contactimports", files=files))
    emails = [c["email"] for c in result(client.get(f"{base}/contacts", params={"pageSize": 100}))["elements"]]
    page = result(client.get(f"{base}/contacts", params={"pageSize": 100}))
    while page["nextPage"]:
        page = result(client.get(page["nextPage"]))
        emails += [c["email"] for c in page["elements"]]
    assert "file.upload@example.com" in emails
