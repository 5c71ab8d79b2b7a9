"""A contact search pages by the bare `result.skipToken` its `x-pagination.cursorPath` names: the same POST,
body and query are sent again with `?skipToken=` set, until a page comes without one. Sync and async, on the
bundled spec."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from qualtrics_client._spec import Spec, packaged_spec

from ._httpx import httpx
from .conftest import Sleeps, make_async_client, make_client

SPEC: Spec = packaged_spec()
DIRECTORY = "POOL_1Ab2Cd3Ef4Gh5Ij"
FILTER = {"filter": {"filterType": "lastName", "comparison": "eq", "value": "Test"}}


class SearchServer:
    """Three pages of two contacts; the last one carries no skipToken. A `nextPage` is set too, to show it is
    not what the pager reads for this operation."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        start = int(request.url.params.get("skipToken", "0"))
        result: dict[str, Any] = {
            "elements": [{"id": f"CID_{n:015d}"} for n in range(start, min(start + 2, 5))],
            "nextPage": "https://iad1.qualtrics.com/API/v3/not-this-one",
        }
        if start + 2 < 5:
            result["skipToken"] = str(start + 2)
        return httpx.Response(200, json={"meta": {"httpStatus": "200 - OK"}, "result": result})


def _check(server: SearchServer, ids: list[str]) -> None:
    assert ids == [f"CID_{n:015d}" for n in range(5)]
    assert [r.method for r in server.requests] == ["POST"] * 3
    assert [r.url.params.get("skipToken") for r in server.requests] == [None, "2", "4"]
    assert all(r.url.params.get("pageSize") == "2" for r in server.requests)
    assert all(json.loads(r.content) == FILTER for r in server.requests)
    assert {r.url.path for r in server.requests} == {f"/API/v3/directories/{DIRECTORY}/contacts/search"}


def test_the_search_pages_by_its_bare_skip_token(sleeps: Sleeps) -> None:
    server = SearchServer()
    with make_client(server, sleeps, SPEC) as client:
        pages = client.paginate("searchDirectoryContacts", directory_id=DIRECTORY, body=FILTER, page_size=2).pages()
        ids = [item["id"] for page in pages for item in page.raw["result"]["elements"]]
    _check(server, ids)


def test_the_async_search_pages_the_same(sleeps: Sleeps) -> None:
    server = SearchServer()

    async def run() -> list[str]:
        async with make_async_client(server, sleeps, SPEC) as client:
            pager = client.paginate("searchDirectoryContacts", directory_id=DIRECTORY, body=FILTER, page_size=2)
            return [item["id"] async for page in pager.pages() for item in page.raw["result"]["elements"]]

    _check(server, asyncio.run(run()))


def test_the_search_declares_where_its_cursor_is() -> None:
    paging = SPEC.operation("searchDirectoryContacts").paging
    assert paging is not None
    assert paging.cursor_path == "result.skipToken"
    assert paging.bare_cursor
    listed = SPEC.operation("listDirectoryContacts").paging
    assert listed is not None
    assert not listed.bare_cursor
