"""Contact exports as jobs with real files: Qualtrics's progress states, the file answer (`jwt`, `url`), and the
CSV or TSV that the url gives with the `X-JWT` header, holding the filtered contacts."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx

from qualtrics_mock import JobSettings, MockQualtrics

from .conftest import error_of, result
from .test_directories import directory


def run_export(client: httpx.Client, body: dict[str, Any]) -> tuple[str, dict[str, Any], list[str]]:
    directory_id = directory(client)
    base = f"/API/v3/directories/{directory_id}/export-contacts"
    started = result(client.post(base, json=body))
    states = []
    progress: dict[str, Any] = {}
    for _ in range(10):
        progress = result(client.get(f"{base}/{started['progressId']}/status"))
        states.append(progress["status"])
        if progress["status"] == "COMPLETED":
            break
    return base, progress, states


def download(client: httpx.Client, base: str, file_id: str) -> httpx.Response:
    where = result(client.get(f"{base}/{file_id}/file"))
    assert set(where) == {"jwt", "url"}
    return client.get(where["url"], headers={"X-JWT": where["jwt"]})


def test_export_runs_as_a_job_and_writes_the_csv(client: httpx.Client, mock: MockQualtrics) -> None:
    base, progress, states = run_export(client, {"format": "csv", "embeddedData": ["Region"]})
    assert states[0] == "IN_PROGRESS"
    assert states[-1] == "COMPLETED"
    assert progress["totalContacts"] == 150
    assert progress["fileId"].startswith("CEF_")
    response = download(client, base, progress["fileId"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    contacts = mock.brands["mockbrand"].contacts[directory(client)]
    assert [row["contactId"] for row in rows] == list(contacts)
    assert rows[0]["Region"] == next(iter(contacts.values()))["embeddedData"]["Region"]
    assert mock.response_problems == []


def test_export_filters_lists_and_tsv(client: httpx.Client, mock: MockQualtrics) -> None:
    directory_id = directory(client)
    list_id, ml = next(iter(mock.brands["mockbrand"].mailing_lists[directory_id].items()))
    body = {
        "format": "tsv",
        "embeddedData": "Region",
        "contactListId": list_id,
        "filter": {
            "conjunction": "and",
            "contactFilterExpressions": [
                {"filterType": "infoFieldState", "field": "email", "comparison": "notEmpty"},
                {"filterType": "firstName", "comparison": "eq", "value": "ada"},
            ],
        },
    }
    base, progress, _ = run_export(client, body)
    contacts = mock.brands["mockbrand"].contacts[directory_id]
    expected = [c for c in ml["members"] if contacts[c]["firstName"] == "Ada"]
    assert progress["totalContacts"] == len(expected) > 0
    response = download(client, base, progress["fileId"])
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    rows = list(csv.DictReader(io.StringIO(response.text), delimiter="\t"))
    assert [row["contactId"] for row in rows] == expected


def test_the_file_needs_its_jwt(client: httpx.Client) -> None:
    base, progress, _ = run_export(client, {"format": "csv", "embeddedData": []})
    where = result(client.get(f"{base}/{progress['fileId']}/file"))
    error_of(client.get(where["url"], headers={"X-JWT": "not-the-token"}), 403)
    error_of(client.get(f"{base}/CEF_unknownFile0000/file"), 404)


def test_running_exports_carry_no_file_id(client: httpx.Client) -> None:
    base = f"/API/v3/directories/{directory(client)}/export-contacts"
    started = result(client.post(base, json={"format": "csv", "embeddedData": []}))
    first = result(client.get(f"{base}/{started['progressId']}/status"))
    assert first["status"] == "IN_PROGRESS"
    assert "fileId" not in first
    error_of(client.get(f"{base}/CEX_unknownExport00/status"), 404)


def test_a_failing_export_reports_error(spec: Any) -> None:
    from qualtrics_mock import create_app
    from qualtrics_mock.inprocess import sync_client

    from .conftest import BASE_URL, TOKEN

    failing = MockQualtrics(spec, jobs=JobSettings("fail"))
    with sync_client(create_app(failing), TOKEN, BASE_URL) as http:
        base = f"/API/v3/directories/{directory(http)}/export-contacts"
        started = result(http.post(base, json={"format": "csv", "embeddedData": []}))
        assert result(http.get(f"{base}/{started['progressId']}/status"))["status"] == "ERROR"


def test_export_refuses_a_bad_filter_or_an_unknown_list(client: httpx.Client) -> None:
    base = f"/API/v3/directories/{directory(client)}/export-contacts"
    bad = {"format": "csv", "embeddedData": [], "filter": {"filterType": "email", "comparison": "between"}}
    error_of(client.post(base, json=bad), 400)
    error_of(client.post(base, json={"format": "csv", "embeddedData": [], "contactListId": "CG_nope"}), 404)
    error_of(client.post(base, json={"format": "xlsx", "embeddedData": []}), 400)
