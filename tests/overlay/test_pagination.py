"""One pager for every list operation: URLs, bare cursors, stop conditions, faults, sync and async."""

from __future__ import annotations

import random

import pytest

from qualtrics_client import Spec, UnsafeURL

from ._httpx import httpx
from .conftest import Sleeps, envelope, error_body, make_async_client, make_client


class Pages:
    """A list endpoint over `total` items answering nextPage as absolute URLs, optionally on other hosts."""

    def __init__(
        self,
        total: int,
        size: int,
        hosts: tuple[str, ...] = ("iad1.qualtrics.com",),
        fault_rate: float = 0.0,
        seed: int = 7,
    ) -> None:
        self.total, self.size, self.hosts = total, size, hosts
        self.fault_rate = fault_rate
        self.rng = random.Random(seed)  # noqa: S311 - reproducible faults, not secrets
        self.requests = 0
        self.faults = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.fault_rate and self.rng.random() < self.fault_rate:
            self.faults += 1
            kind = self.faults % 4
            if kind == 0:
                raise httpx.RemoteProtocolError("dropped", request=request)
            if kind == 1:
                raise httpx.ConnectError("refused", request=request)
            code = 429 if kind == 2 else self.rng.choice([500, 502, 503, 504, 520])
            return httpx.Response(code, json=error_body(code, "F", "fault"))
        offset = int(request.url.params.get("offset", "0"))
        end = min(self.total, offset + self.size)
        host = self.hosts[(offset // self.size) % len(self.hosts)]
        next_page = f"https://{host}/API/v3/widgets?offset={end}&pageSize={self.size}" if end < self.total else None
        items = [{"id": f"W_{i}", "count": str(i)} for i in range(offset, end)]
        return httpx.Response(200, json=envelope({"elements": items, "nextPage": next_page}))


def test_pages_follow_absolute_urls_across_hosts(spec: Spec, sleeps: Sleeps) -> None:
    server = Pages(25, 10, hosts=("iad1.qualtrics.com", "fra1.qualtrics.com"))
    with make_client(server, sleeps, spec) as client:
        items = list(client.paginate("listWidgets", page_size=10))
        pages = list(client.paginate("listWidgets").pages())
    assert [item["id"] for item in items] == [f"W_{i}" for i in range(25)]
    # Without generated models (a spec-only client) items are the JSON as received; the repair stays in `data`.
    assert items[3]["count"] == "3"
    assert pages[0].data["result"]["elements"][3]["count"] == 3
    assert len(pages) == 3
    assert pages[-1].result["nextPage"] is None


def test_ten_thousand_items_with_a_fifth_of_requests_failing(spec: Spec, sleeps: Sleeps) -> None:
    server = Pages(10_000, 100, hosts=("iad1.qualtrics.com", "sjc1.qualtrics.com"), fault_rate=0.2)
    with make_client(server, sleeps, spec, max_retries=12) as client:
        ids = [item["id"] for item in client.paginate("listWidgets", page_size=100)]
    assert server.faults > 15  # faults really happened, of every kind
    assert len(ids) == 10_000
    assert len(set(ids)) == 10_000
    assert ids == [f"W_{i}" for i in range(10_000)]
    assert server.requests == 100 + server.faults


@pytest.mark.anyio
async def test_async_ten_thousand_items_with_faults(spec: Spec, sleeps: Sleeps) -> None:
    server = Pages(10_000, 250, fault_rate=0.2, seed=11)
    async with make_async_client(server, sleeps, spec, max_retries=12) as client:
        ids = [item["id"] async for item in client.paginate("listWidgets")]
    assert server.faults > 5
    assert ids == [f"W_{i}" for i in range(10_000)]


def test_bare_cursor_goes_into_cursor_param(spec: Spec, sleeps: Sleeps) -> None:
    seen: list[dict[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        seen.append(params)
        token = params.get("skipToken")
        following = {None: "tok-2", "tok-2": "tok-3", "tok-3": None}[token]
        return httpx.Response(200, json=envelope({"elements": [token or "first"], "nextPage": following}))

    with make_client(handler, sleeps, spec) as client:
        items = list(client.paginate("listLinks"))
    assert items == ["first", "tok-2", "tok-3"]
    assert seen == [{}, {"skipToken": "tok-2"}, {"skipToken": "tok-3"}]


def test_bare_offset_keeps_original_params(spec: Spec, sleeps: Sleeps) -> None:
    seen: list[dict[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(dict(request.url.params))
        nxt = "2" if "offset" not in request.url.params else None
        return httpx.Response(200, json=envelope({"elements": [1, 2], "nextPage": nxt}))

    with make_client(handler, sleeps, spec) as client:
        assert list(client.paginate("listWidgets", page_size=2)) == [1, 2, 1, 2]
    assert seen == [{"pageSize": "2"}, {"pageSize": "2", "offset": "2"}]


@pytest.mark.parametrize("terminal", [None, "", "   ", False, {"x": 1}, []])
def test_stops_on_null_or_empty_next_page(terminal: object, spec: Spec, sleeps: Sleeps) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(200, json=envelope({"elements": [len(calls)], "nextPage": terminal}))

    with make_client(handler, sleeps, spec) as client:
        assert list(client.paginate("listWidgets")) == [1]
    assert len(calls) == 1


def test_stops_on_repeated_next_page(spec: Spec, sleeps: Sleeps) -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        url = "https://iad1.qualtrics.com/API/v3/widgets?offset=" + ("1" if len(calls) == 1 else "2")
        if len(calls) > 2:
            url = "https://iad1.qualtrics.com/API/v3/widgets?offset=1"  # loops back
        return httpx.Response(200, json=envelope({"elements": [len(calls)], "nextPage": url}))

    with make_client(handler, sleeps, spec) as client:
        assert list(client.paginate("listWidgets")) == [1, 2, 3]
    assert len(calls) == 3


def test_missing_result_or_elements_yields_nothing(spec: Spec, sleeps: Sleeps) -> None:
    bodies = iter([{"meta": {}}, {"meta": {}, "result": None}, {"meta": {}, "result": {"elements": None}}])

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=next(bodies))

    with make_client(handler, sleeps, spec) as client:
        for _ in range(3):
            assert list(client.paginate("listWidgets")) == []


def test_next_page_to_foreign_host_raises_before_sending(spec: Spec, sleeps: Sleeps) -> None:
    hosts: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hosts.append(request.url.host)
        return httpx.Response(200, json=envelope({"elements": [1], "nextPage": "https://evil.example/p?offset=1"}))

    with make_client(handler, sleeps, spec) as client:
        pager = iter(client.paginate("listWidgets"))
        assert next(pager) == 1
        with pytest.raises(UnsafeURL):
            next(pager)
    assert hosts == ["iad1.qualtrics.com"]


def test_max_pages(spec: Spec, sleeps: Sleeps) -> None:
    with make_client(Pages(100, 10), sleeps, spec) as client:
        assert len(list(client.paginate("listWidgets", max_pages=2))) == 20


@pytest.mark.anyio
async def test_async_pages(spec: Spec, sleeps: Sleeps) -> None:
    async with make_async_client(
        Pages(30, 10, hosts=("iad1.qualtrics.com", "ca1.qualtrics.com")), sleeps, spec
    ) as client:
        pages = [page async for page in client.paginate("listWidgets").pages()]
    assert [len(page.result["elements"]) for page in pages] == [10, 10, 10]
