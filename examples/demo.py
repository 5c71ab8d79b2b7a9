"""The main job, end to end: who am I, list surveys, export responses to a file, page through contacts.

With no arguments it starts the local Qualtrics (the mock) on a free loopback port, runs against it and stops
it. With `--base-url` (or QUALTRICS_DATACENTER / QUALTRICS_BASE_URL) and a token it runs against that instead.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from qualtrics_client import Qualtrics, iter_rows, terminal_progress


@contextmanager
def local_qualtrics() -> Iterator[tuple[str, str]]:
    """Serve the mock in a background thread for the duration of the demo."""
    from qualtrics_mock.server import start_in_thread
    from qualtrics_mock.state import MockQualtrics

    server = start_in_thread(MockQualtrics())
    try:
        yield server.base_url, server.token
    finally:
        server.stop()


def main_job(qualtrics: Qualtrics, workdir: Path) -> None:
    me = qualtrics.whoami().raw["result"]
    print(f"who am I: {me.get('userName')} ({me.get('userId')}), brand {me.get('brandId')}")

    surveys = [raw for _, raw in qualtrics.paginate("listSurveys", page_size=5).with_raw()]
    print(f"surveys: {len(surveys)}")
    for survey in surveys[:5]:
        print(f"  {survey['id']}  {survey.get('name')}")
    if not surveys:
        print("no survey to export")
        return

    survey_id = surveys[0]["id"]
    print(f"exporting responses of {survey_id} as csv")
    # The client's own progress display: rich bars on a terminal, one plain line per step in a log.
    with terminal_progress(sys.stdout) as display:
        outcome = qualtrics.run_job(
            "exportResponses", survey_id=survey_id, body={"format": "csv"}, progress=display, poll_interval=0.2
        )
        saved = qualtrics.download(outcome, workdir / f"{survey_id}.zip", progress=display)
    rows = sum(1 for _ in iter_rows(saved))
    print(f"  saved {saved.name} ({saved.stat().st_size} bytes), {rows} rows")

    directories = qualtrics.call("listDirectories").raw["result"]["elements"]
    if not directories:
        print("no directory")
        return
    directory_id = directories[0].get("directoryId") or directories[0]["id"]
    pager = qualtrics.paginate("listDirectoryContacts", directory_id=directory_id, page_size=50)
    pages = 0
    contacts = 0
    for page in pager.pages():
        pages += 1
        contacts += len(page.raw["result"]["elements"])
    print(f"contacts in {directory_id}: {contacts} over {pages} pages")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", help="run against this base URL instead of the local mock")
    parser.add_argument("--token", help="API token for --base-url (default: QUALTRICS_API_TOKEN)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="qualtrics-demo-") as workdir:
        if args.base_url or os.environ.get("QUALTRICS_BASE_URL") or os.environ.get("QUALTRICS_DATACENTER"):
            with Qualtrics(args.token, base_url=args.base_url) as qualtrics:
                main_job(qualtrics, Path(workdir))
            return 0
        with local_qualtrics() as (base_url, token):
            print(f"local Qualtrics at {base_url}")
            with Qualtrics(token, base_url=base_url) as qualtrics:
                main_job(qualtrics, Path(workdir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
