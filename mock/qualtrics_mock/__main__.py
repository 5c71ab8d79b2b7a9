"""`python -m qualtrics_mock --host 127.0.0.1 --port 8080`: serve the mock and print how to reach it."""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn

from .jobs import JobSettings
from .limits import LimitSettings
from .server import config
from .state import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MockQualtrics, SeedSizes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="qualtrics_mock", description="A stateful local Qualtrics v3 API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--spec", help="bundled spec JSON (default: qualtrics_api/openapi.json)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--surveys", type=int, default=3, help="surveys to seed")
    parser.add_argument("--responses", type=int, default=200, help="responses per survey")
    parser.add_argument("--contacts", type=int, default=150)
    parser.add_argument("--job-mode", choices=["immediate", "polls", "timed", "fail"], default="polls")
    parser.add_argument("--job-polls", type=int, default=2)
    parser.add_argument("--job-seconds", type=float, default=1.0)
    parser.add_argument("--no-rate-limits", action="store_true")
    parser.add_argument(
        "--response-settle-seconds",
        type=float,
        default=0.0,
        help="getResponse answers 202 'not yet available' for this long after a response is recorded",
    )
    parser.add_argument("--log-level", default="info")
    parser.add_argument(
        "--write-operations-doc", metavar="PAGE", help="rewrite the operations table in PAGE (docs/mock.md) and exit"
    )
    args = parser.parse_args(argv)
    if args.write_operations_doc:
        write_operations_doc(Path(args.write_operations_doc), args.spec)
        return
    mock = MockQualtrics(
        spec_path=args.spec,
        seed=args.seed,
        sizes=SeedSizes(n_surveys=args.surveys, n_responses=args.responses, n_contacts=args.contacts),
        jobs=JobSettings(args.job_mode, args.job_polls, args.job_seconds),
        limits=LimitSettings(enabled=not args.no_rate_limits),
    )
    mock.response_settle_seconds = args.response_settle_seconds
    print(f"Qualtrics mock at http://{args.host}:{args.port}  (base URL; paths are /API/v3/...)")
    print(f"X-API-TOKEN: {mock.default_token}")
    print(f"OAuth client: {DEFAULT_CLIENT_ID} / {DEFAULT_CLIENT_SECRET}", flush=True)
    uvicorn.Server(config(mock, args.host, args.port, args.log_level)).run()


def write_operations_doc(page: Path, spec_path: str | None = None) -> None:
    from . import handlers  # noqa: F401 - registers the family handlers
    from .context import with_operations_table
    from .spec import Spec

    page.write_text(with_operations_table(page.read_text(encoding="utf-8"), Spec.load(spec_path)), encoding="utf-8")


if __name__ == "__main__":
    main()
