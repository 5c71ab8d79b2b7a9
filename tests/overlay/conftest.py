"""Helpers for the overlay tests: a fixture spec, recorded sleeps, clients on mock transports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from qualtrics_client import AsyncQualtrics, Qualtrics, Spec

from ._fixture_spec import fixture_spec
from ._httpx import httpx

TOKEN = "tok_SECRET_0123456789abcdef"
BASE = "https://iad1.qualtrics.com"
Handler = Callable[[httpx.Request], httpx.Response]


class Sleeps:
    """Records requested sleeps instead of sleeping: no test waits on a real clock."""

    def __init__(self) -> None:
        self.calls: list[float] = []
        self.now = 0.0

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self(seconds)

    def clock(self) -> float:
        return self.now


@pytest.fixture
def spec() -> Spec:
    return Spec(fixture_spec(), package=None)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def envelope(result: Any, **meta: Any) -> dict[str, Any]:
    return {"meta": {"httpStatus": "200 - OK", "requestId": "req-1", **meta}, "result": result}


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    return {
        "meta": {
            "httpStatus": f"{status} - X",
            "requestId": "req-err",
            "error": {"errorCode": code, "errorMessage": message},
        }
    }


def make_client(handler: Handler, sleeps: Sleeps, spec: Spec | None = None, **options: Any) -> Qualtrics:
    options.setdefault("api_token", TOKEN)
    options.setdefault("datacenter", "iad1")
    return Qualtrics(
        transport=httpx.MockTransport(handler), spec=spec, sleep=sleeps, clock=sleeps.clock, rand=lambda: 1.0, **options
    )


def make_async_client(handler: Handler, sleeps: Sleeps, spec: Spec | None = None, **options: Any) -> AsyncQualtrics:
    options.setdefault("api_token", TOKEN)
    options.setdefault("datacenter", "iad1")
    return AsyncQualtrics(
        transport=httpx.MockTransport(handler),
        spec=spec,
        async_sleep=sleeps.asleep,
        sleep=sleeps,
        clock=sleeps.clock,
        rand=lambda: 1.0,
        **options,
    )


@pytest.fixture
def anyio_backend() -> str:
    # anyio's pytest plugin (anyio ships with httpx) runs the async tests; asyncio is what users run.
    return "asyncio"
