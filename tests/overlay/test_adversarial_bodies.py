"""A 2xx whose body cannot be used (a proxy's page, empty, cut, bad UTF-8, garbled gzip, nested too deep) is a
typed, retryable fault: retried for retry-safe calls, raised for the others, never an empty page that ends a
listing. Sync and async."""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable

import pytest

from qualtrics_client import MalformedResponse, QualtricsError, Spec

from ._httpx import httpx
from .conftest import Sleeps, envelope, error_body, make_async_client, make_client

GOOD = json.dumps(envelope({"elements": [{"id": "W_1", "note": "x"}], "nextPage": None})).encode()


def _html(request: httpx.Request) -> httpx.Response:
    page = b"<html><body><h1>502 Bad Gateway</h1><p>the proxy gave up</p></body></html>"
    return httpx.Response(200, content=page, headers={"content-type": "text/html"})


def _empty(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=b"", headers={"content-type": "application/json"})


def _cut(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=GOOD[: len(GOOD) // 2], headers={"content-type": "application/json"})


def _bad_utf8(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=b'{"meta": {"x": "\xff\xfe"}}', headers={"content-type": "application/json"})


def _garbled_gzip(request: httpx.Request) -> httpx.Response:
    headers = {"content-type": "application/json", "content-encoding": "gzip"}
    # A stream, not `content=`: httpx would decode `content` while building the response, not in the client.
    return httpx.Response(200, stream=httpx.ByteStream(b"\x1f\x8b\x08\x00garbage"), headers=headers)


def _too_deep(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=b"[" * 100_000, headers={"content-type": "application/json"})


BAD_BODIES: dict[str, Callable[[httpx.Request], httpx.Response]] = {
    "html": _html,
    "empty": _empty,
    "cut": _cut,
    "bad-utf8": _bad_utf8,
    "garbled-gzip": _garbled_gzip,
    "too-deep": _too_deep,
}


class Then:
    """One bad answer, then good ones; counts requests."""

    def __init__(self, bad: Callable[[httpx.Request], httpx.Response], times: int = 1) -> None:
        self.bad, self.left, self.requests = bad, times, 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.left:
            self.left -= 1
            return self.bad(request)
        return httpx.Response(200, content=GOOD, headers={"content-type": "application/json"})


@pytest.mark.parametrize("name", BAD_BODIES)
def test_bad_body_of_a_safe_call_is_retried(name: str, spec: Spec, sleeps: Sleeps) -> None:
    server = Then(BAD_BODIES[name])
    with make_client(server, sleeps, spec) as client:
        items = list(client.paginate("listWidgets"))
    assert [item["id"] for item in items] == ["W_1"]
    assert server.requests == 2
    assert len(sleeps.calls) == 1  # backed off like a 5xx


@pytest.mark.parametrize("name", BAD_BODIES)
def test_bad_body_of_an_unsafe_call_is_raised(name: str, spec: Spec, sleeps: Sleeps) -> None:
    server = Then(BAD_BODIES[name])
    with make_client(server, sleeps, spec) as client, pytest.raises(MalformedResponse) as info:
        client.call("createWidget")
    assert server.requests == 1
    assert info.value.http_status == 200
    assert isinstance(info.value, QualtricsError)


@pytest.mark.parametrize("name", BAD_BODIES)
def test_bad_body_raised_once_retries_are_spent(name: str, spec: Spec, sleeps: Sleeps) -> None:
    server = Then(BAD_BODIES[name], times=100)
    with make_client(server, sleeps, spec, max_retries=2) as client, pytest.raises(MalformedResponse):
        client.call("getWidget", widget_id="W_1")
    assert server.requests == 3


@pytest.mark.anyio
@pytest.mark.parametrize("name", BAD_BODIES)
async def test_async_bad_body(name: str, spec: Spec, sleeps: Sleeps) -> None:
    server = Then(BAD_BODIES[name])
    async with make_async_client(server, sleeps, spec) as client:
        items = [item async for item in client.paginate("listWidgets")]
        assert [item["id"] for item in items] == ["W_1"]
        server.left = 1
        with pytest.raises(MalformedResponse):
            await client.call("createWidget")


def test_the_whole_html_body_is_kept_on_the_error(spec: Spec, sleeps: Sleeps) -> None:
    page = b"<html>" + b"x" * 5000 + b"</html>"
    handler = lambda request: httpx.Response(200, content=page, headers={"content-type": "text/html"})  # noqa: E731
    with make_client(handler, sleeps, spec) as client, pytest.raises(MalformedResponse) as info:
        client.call("createWidget")
    assert info.value.body == page


def test_a_raw_request_to_no_known_operation_keeps_a_non_json_body(sleeps: Sleeps) -> None:
    # Nothing says this path answers JSON and the server does not claim it: the bytes are the answer.
    with make_client(lambda r: httpx.Response(200, content=b"plain"), sleeps) as client:
        assert client.request("GET", "/somewhere/else").content == b"plain"


def test_a_raw_request_whose_body_claims_json_but_is_cut_is_retried(sleeps: Sleeps) -> None:
    server = Then(_cut)
    with make_client(server, sleeps) as client:
        assert client.request("GET", "/somewhere/else").raw["result"]["elements"][0]["id"] == "W_1"
    assert server.requests == 2


def test_a_gzip_body_that_decodes_is_fine(spec: Spec, sleeps: Sleeps) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": "application/json", "content-encoding": "gzip"}
        return httpx.Response(200, content=gzip.compress(GOOD), headers=headers)

    with make_client(handler, sleeps, spec) as client:
        assert [item["id"] for item in client.paginate("listWidgets")] == ["W_1"]


class FaultyPages:
    """`total` widgets, 100 a page, answering one request in five with a mixed fault, from a seeded draw."""

    def __init__(self, total: int, rate: float = 0.2, seed: int = 12) -> None:
        self.total, self.rate = total, rate
        self.rng = random.Random(seed)  # noqa: S311 - reproducible faults, not secrets
        self.faults: dict[str, int] = {}

    def _fault(self, request: httpx.Request) -> httpx.Response | None:
        if self.rng.random() >= self.rate:
            return None
        kind = self.rng.choice(["429", "5xx", "drop", "html", "empty", "cut", "gzip"])
        self.faults[kind] = self.faults.get(kind, 0) + 1
        if kind == "drop":
            raise httpx.RemoteProtocolError("peer closed connection", request=request)
        if kind in ("429", "5xx"):
            code = 429 if kind == "429" else self.rng.choice([500, 502, 503, 504])
            return httpx.Response(code, json=error_body(code, "F", "fault"))
        return {"html": _html, "empty": _empty, "cut": _cut, "gzip": _garbled_gzip}[kind](request)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        fault = self._fault(request)
        if fault is not None:
            return fault
        offset = int(request.url.params.get("offset", "0"))
        end = min(self.total, offset + 100)
        next_page = f"https://iad1.qualtrics.com/API/v3/widgets?offset={end}" if end < self.total else None
        items = [{"id": f"W_{i}", "note": None} for i in range(offset, end)]
        return httpx.Response(200, json=envelope({"elements": items, "nextPage": next_page}))


def test_ten_thousand_items_through_mixed_faults(spec: Spec, sleeps: Sleeps) -> None:
    server = FaultyPages(10_000)
    with make_client(server, sleeps, spec, max_retries=10) as client:
        ids = [item["id"] for item in client.paginate("listWidgets")]
    assert ids == [f"W_{i}" for i in range(10_000)]  # none lost, none repeated, in order
    assert set(server.faults) == {"429", "5xx", "drop", "html", "empty", "cut", "gzip"}


@pytest.mark.anyio
async def test_async_ten_thousand_items_through_mixed_faults(spec: Spec, sleeps: Sleeps) -> None:
    server = FaultyPages(10_000, seed=13)
    async with make_async_client(server, sleeps, spec, max_retries=10) as client:
        ids = [item["id"] async for item in client.paginate("listWidgets")]
    assert ids == [f"W_{i}" for i in range(10_000)]
    assert sum(server.faults.values()) > 10
