"""`make contract`: the schemathesis CLI against a Qualtrics base URL, read-only unless asked otherwise.

Without `--base-url` it starts the local Qualtrics in a subprocess on a free loopback port and tests that.
Against a live account keep the default (GET only): the write operations create and delete real data.
The report (JUnit XML and a HAR of every exchange) goes to `build/contract/`.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def local_mock() -> Iterator[tuple[str, str]]:
    from qualtrics_mock.state import DEFAULT_TOKEN

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    # Rate limits off: schemathesis's bursts are not what the contract run is about.
    command = [sys.executable, "-m", "qualtrics_mock", "--port", str(port), "--log-level", "warning"]
    # The command is this interpreter and fixed arguments: no untrusted input reaches it.
    process = subprocess.Popen(  # noqa: S603
        [*command, "--no-rate-limits", "--job-mode", "immediate"], stdout=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base_url}/API/v3/whoami", headers={"X-API-TOKEN": DEFAULT_TOKEN}, timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the local Qualtrics did not start") from None
                time.sleep(0.1)
        yield base_url, DEFAULT_TOKEN
    finally:
        process.terminate()
        process.wait(timeout=10)


def run_schemathesis(base_url: str, token: str, *, write: bool, max_examples: int, report_dir: Path) -> int:
    spec = resources.files("qualtrics_api").joinpath("openapi.json")
    command = [
        str(Path(sys.executable).parent / "st"),
        # The narrow per-operation exceptions, each with its reason (shared with tests/contract).
        "--config-file",
        str(ROOT / "schemathesis.toml"),
        "run",
        str(spec),
        "--url",
        base_url,
        "--header",
        f"X-API-TOKEN: {token}",
        "--seed",
        "1",
        "--max-examples",
        str(max_examples),
        "--report",
        "junit,har",
        "--report-dir",
        str(report_dir),
        "--output-sanitize",
        "true",
    ]
    if not write:
        command += ["--include-method", "GET"]
    # The arguments are the caller's own URL and token, passed as a list (no shell). From the root, so that the
    # config's `hooks = "tools.contract_hooks"` imports.
    return subprocess.call(command, cwd=ROOT)  # noqa: S603


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", help="e.g. https://iad1.qualtrics.com (default: a local Qualtrics)")
    parser.add_argument("--token", default=os.environ.get("QUALTRICS_API_TOKEN"), help="default: $QUALTRICS_API_TOKEN")
    parser.add_argument("--write", action="store_true", help="also test POST, PUT and DELETE operations")
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--report-dir", type=Path, default=ROOT / "build" / "contract")
    args = parser.parse_args(argv)
    args.report_dir.mkdir(parents=True, exist_ok=True)
    if args.base_url:
        if not args.token:
            parser.error("--token (or QUALTRICS_API_TOKEN) is needed with --base-url")
        return run_schemathesis(
            args.base_url, args.token, write=args.write, max_examples=args.max_examples, report_dir=args.report_dir
        )
    with local_mock() as (base_url, token):
        return run_schemathesis(
            base_url, token, write=args.write, max_examples=args.max_examples, report_dir=args.report_dir
        )


if __name__ == "__main__":
    raise SystemExit(main())
