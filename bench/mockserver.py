"""The mock as a separate process for the benchmarks: `python -m bench.mockserver --port N ...`.

A separate process keeps the server's CPU off the client's interpreter and GIL. This launcher adds what the
benchmarks need without touching the mock: seed sizes, a big synthetic export file, and a `/__bench/*`
side door (counters, latency on/off) answered before the mock sees the request.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

import uvicorn

from qualtrics_mock import exports
from qualtrics_mock.app import create_app
from qualtrics_mock.faults import Fault
from qualtrics_mock.jobs import JobSettings
from qualtrics_mock.limits import LimitSettings
from qualtrics_mock.state import MockQualtrics, SeedSizes

from .bigexport import build_big_zip

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SideDoor:
    """Answers `/__bench/stats`, `/__bench/reset` and `/__bench/latency?seconds=S`; passes the rest on."""

    def __init__(self, app: ASGIApp, mock: MockQualtrics) -> None:
        self.app = app
        self.mock = mock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or not path.startswith("/__bench/"):
            await self.app(scope, receive, send)
            return
        limiter = self.mock.limiter
        if path == "/__bench/reset":
            limiter.max_in_flight = limiter.total_in_flight
            limiter.rejected = 0
            self.mock.request_count = 0
        elif path == "/__bench/latency":
            query = parse_qs(scope.get("query_string", b"").decode())
            seconds = float(query.get("seconds", ["0"])[0])
            self.mock.faults.clear()
            if seconds > 0:
                self.mock.faults.add(Fault(kind="latency", every=1, latency=seconds))
        body = json.dumps(
            {
                "max_in_flight": limiter.max_in_flight,
                "rejected": limiter.rejected,
                "requests": self.mock.request_count,
            }
        ).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.mockserver")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--surveys", type=int, default=3)
    parser.add_argument("--contacts", type=int, default=150)
    parser.add_argument("--export-bytes", type=int, default=0, help="uncompressed CSV size of every export")
    parser.add_argument("--rate-limits", action="store_true", help="enforce the 30/15 concurrency caps")
    args = parser.parse_args(argv)
    mock = MockQualtrics(
        sizes=SeedSizes(n_surveys=args.surveys, n_responses=20, n_contacts=args.contacts, n_distributions=0),
        jobs=JobSettings("immediate"),
        # The per-minute brand limit (3000) would refuse the pagination runs; concurrency is still counted.
        limits=LimitSettings(enabled=args.rate_limits),
    )
    if args.export_bytes:
        # Built once, served for every export: the mock's own exporter would need millions of seeded responses.
        big = build_big_zip(mock, args.export_bytes)

        def patched(
            survey: dict[str, Any], chosen: list[dict[str, Any]], options: dict[str, Any]
        ) -> exports.ExportFile:
            return exports.ExportFile(*big)

        exports.package = patched
    # The settings of qualtrics_mock.server.config (h11, no lifespan), with the side door in front of the app.
    server_config = uvicorn.Config(
        SideDoor(create_app(mock), mock),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        http="h11",
        lifespan="off",
    )
    print("ready", flush=True)
    sys.stdout.flush()
    uvicorn.Server(server_config).run()


if __name__ == "__main__":
    main()
