"""XM Directory contacts: a mailing list, a contact import job with the client's progress display, the
members paged through, one removed, the list deleted."""

from __future__ import annotations

import sys

from _local import arguments, client

from qualtrics_client import Qualtrics, terminal_progress


def main_job(qualtrics: Qualtrics, count: int = 25) -> dict[str, object]:
    _, directory = next(iter(qualtrics.paginate("listDirectories").with_raw()))
    directory_id = str(directory.get("directoryId") or directory["id"])
    created = qualtrics.call("createMailingList", directory_id=directory_id, body={"name": "Example customers"})
    mailing_list_id = created.raw["result"]["id"]
    print(f"mailing list {mailing_list_id} in {directory_id}")

    contacts = [{"firstName": f"Ada{n}", "lastName": "Lovelace", "email": f"ada{n}@example.com"} for n in range(count)]
    with terminal_progress(sys.stdout) as display:
        outcome = qualtrics.run_job(
            "createContactsImport",
            directory_id=directory_id,
            mailing_list_id=mailing_list_id,
            body={"contacts": contacts},
            progress=display,
            poll_interval=0.2,
        )
    print(f"import {outcome.progress_id}: {outcome.status}")

    pager = qualtrics.paginate(
        "listMailingListContacts", directory_id=directory_id, mailing_list_id=mailing_list_id, page_size=10
    )
    members = [raw for _, raw in pager.with_raw()]
    print(f"members: {len(members)}, e.g. {members[0]['email']}")
    qualtrics.call(
        "removeMailingListContact",
        directory_id=directory_id,
        mailing_list_id=mailing_list_id,
        contact_id=members[0]["contactId"],
    )
    left = sum(
        1
        for _ in qualtrics.paginate(
            "listMailingListContacts", directory_id=directory_id, mailing_list_id=mailing_list_id
        ).with_raw()
    )
    print(f"after removing one: {left}")
    qualtrics.call("deleteMailingList", directory_id=directory_id, mailing_list_id=mailing_list_id)
    print("mailing list deleted")
    return {"imported": len(members), "left": left, "emails": sorted(m["email"] for m in members)}


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__).parse_args(argv)
    with client(args) as qualtrics:
        main_job(qualtrics)
    return 0


if __name__ == "__main__":
    sys.exit(main())
