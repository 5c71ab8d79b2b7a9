"""XM Directory flows through the client against the local Qualtrics, over real HTTP: a contact export and a
transaction contact import run as jobs, and the new lists page."""

from __future__ import annotations

import csv
import io

import httpx

from qualtrics_client import Qualtrics
from qualtrics_mock.server import RunningServer


def first_directory(qualtrics: Qualtrics) -> str:
    directory_id: str = qualtrics.call("listDirectories").raw["result"]["elements"][0]["directoryId"]
    return directory_id


def test_contact_export_runs_to_a_file_of_the_matching_contacts(
    qualtrics: Qualtrics, local_qualtrics: RunningServer
) -> None:
    directory_id = first_directory(qualtrics)
    body = {
        "format": "csv",
        "embeddedData": ["Region"],
        "filter": {"filterType": "firstName", "comparison": "eq", "value": "Ada"},
    }
    outcome = qualtrics.run_job("createContactExport", directory_id=directory_id, body=body)
    assert outcome.status == "COMPLETED"
    assert outcome.file_id
    where = qualtrics.call("getContactExportFile", directory_id=directory_id, file_id=outcome.file_id).raw["result"]
    # The file itself is fetched from `url` with the `jwt` as the X-JWT header: by hand here, by the client below.
    with httpx.Client() as http:
        got = http.get(where["url"], headers={"X-JWT": where["jwt"], "X-API-TOKEN": local_qualtrics.token})
    assert b"".join(qualtrics.iter_file(outcome)) == got.content
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert rows
    assert {row["firstName"] for row in rows} == {"Ada"}
    assert len(rows) == outcome.progress.raw["result"]["totalContacts"]


def test_transaction_import_fills_a_batch_the_client_then_pages(qualtrics: Qualtrics) -> None:
    directory_id = first_directory(qualtrics)
    lists = qualtrics.call("listMailingLists", directory_id=directory_id).raw["result"]["elements"]
    mailing_list_id = lists[0]["mailingListId"]
    batch_id = qualtrics.call("createTransactionBatch", directory_id=directory_id, body={}).raw["result"]["batchId"]
    contacts = [
        {"email": f"buyer{n}@example.com", "transactionData": {"OrderId": f"A{n}", "Amount": n}} for n in range(30)
    ]
    outcome = qualtrics.run_job(
        "importTransactionContacts",
        directory_id=directory_id,
        mailing_list_id=mailing_list_id,
        body={"transactionMeta": {"batchId": batch_id, "fields": ["OrderId", "Amount"]}, "contacts": contacts},
    )
    assert outcome.status == "complete"
    assert outcome.progress.raw["result"]["transactions"]["count"] == {"created": 30}
    pages = list(
        qualtrics.paginate(
            "listTransactionBatchTransactions", directory_id=directory_id, batch_id=batch_id, page_size=7
        ).pages()
    )
    orders = [t["data"]["OrderId"] for page in pages for t in page.raw["result"]["elements"]]
    assert len(pages) == 5
    assert sorted(orders) == sorted(f"A{n}" for n in range(30))


def test_history_and_opt_outs_page(qualtrics: Qualtrics) -> None:
    directory_id = first_directory(qualtrics)
    lists = qualtrics.call("listMailingLists", directory_id=directory_id).raw["result"]["elements"]
    mailing_list_id = lists[0]["mailingListId"]
    members = qualtrics.call(
        "listMailingListContacts", directory_id=directory_id, mailing_list_id=mailing_list_id, page_size=3
    ).raw["result"]["elements"]
    for member in members:
        qualtrics.call(
            "updateMailingListContact",
            directory_id=directory_id,
            mailing_list_id=mailing_list_id,
            contact_id=member["contactId"],
            body={"unsubscribed": True},
        )
    opted = qualtrics.paginate(
        "listMailingListOptedOutContacts", directory_id=directory_id, mailing_list_id=mailing_list_id, page_size=2
    )
    pages = list(opted.pages())
    assert len(pages) == 2
    assert sorted(c["contactId"] for p in pages for c in p.raw["result"]["elements"]) == sorted(
        m["contactId"] for m in members
    )
    history = qualtrics.paginate(
        "getDirectoryContactHistory",
        directory_id=directory_id,
        contact_id=members[0]["contactId"],
        type_="email",
        page_size=1,
    )
    entries = [e for p in history.pages() for e in p.raw["result"]["elements"]]
    assert entries
    assert all(entry["distributionId"].startswith("EMD_") for entry in entries)
