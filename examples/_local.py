"""What every example shares: a client for the account named on the command line or in the environment, or
else for the local Qualtrics (the mock), started on a free loopback port for the example's duration."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager

from qualtrics_client import Qualtrics


def arguments(description: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--base-url", help="run against this base URL instead of the local Qualtrics")
    parser.add_argument("--token", help="API token for --base-url (default: QUALTRICS_API_TOKEN)")
    return parser


@contextmanager
def client(args: argparse.Namespace, *, quiet: bool = False) -> Iterator[Qualtrics]:
    if args.base_url or os.environ.get("QUALTRICS_BASE_URL") or os.environ.get("QUALTRICS_DATACENTER"):
        with Qualtrics(args.token, base_url=args.base_url) as qualtrics:
            yield qualtrics
        return
    from qualtrics_mock.server import start_in_thread
    from qualtrics_mock.state import MockQualtrics

    server = start_in_thread(MockQualtrics())
    try:
        if not quiet:
            print(f"local Qualtrics at {server.base_url}")
        with Qualtrics(server.token, base_url=server.base_url) as qualtrics:
            yield qualtrics
    finally:
        server.stop()
