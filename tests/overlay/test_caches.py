"""What is cached per origin, URL and operation never lets a new origin skip the credential check."""

from __future__ import annotations

import pytest

from qualtrics_client import Spec, UnsafeURL
from qualtrics_client._http import parse_url
from qualtrics_client._origin import is_trusted, require_trusted, validate_base_url

from ._httpx import httpx
from .conftest import Sleeps, envelope, make_client
from .test_origin import ORIGINS

QUALTRICS_BASE = validate_base_url("https://iad1.qualtrics.com")[1]


def test_cached_verdicts_still_refuse_each_new_untrusted_origin() -> None:
    trusted = "https://iad1.qualtrics.com/API/v3/x"
    for _ in range(3):  # warm every cache with the trusted origin first
        assert require_trusted(trusted, QUALTRICS_BASE).host == "iad1.qualtrics.com"
    for url in (
        "https://iad1.qualtrics.com:8443/API/v3/x",
        "http://iad1.qualtrics.com/API/v3/x",
        "https://user@iad1.qualtrics.com/API/v3/x",
        "https://evil.com/API/v3/x",
    ):
        with pytest.raises(UnsafeURL):
            require_trusted(url, QUALTRICS_BASE)
        with pytest.raises(UnsafeURL):
            require_trusted(parse_url(url), QUALTRICS_BASE)  # the already-parsed form the engine passes


def test_origin_table_holds_when_asked_twice_in_any_order() -> None:
    for url, base, expected in [*ORIGINS, *reversed(ORIGINS)]:
        assert is_trusted(parse_url(url), base) is expected


def test_cached_parse_is_the_uncached_parse() -> None:
    parts = parse_url("/API/v3/x?b=2&a=1", "https://iad1.qualtrics.com")
    assert parse_url("/API/v3/x?b=2&a=1", "https://iad1.qualtrics.com") is parts
    assert parts.url == str(httpx.URL("https://iad1.qualtrics.com").join("/API/v3/x?b=2&a=1"))
    assert parts.query == {"b": "2", "a": "1"}
    parts.query["c"] = "3"  # a fresh dict each time: the cached parts cannot be altered through it
    assert parts.query == {"b": "2", "a": "1"}


def test_a_new_untrusted_next_page_is_refused_after_trusted_pages(spec: Spec, sleeps: Sleeps) -> None:
    seen: list[str] = []
    pages = {
        "/API/v3/widgets": "https://iad1.qualtrics.com/API/v3/widgets?offset=1",
        "/API/v3/widgets?offset=1": "https://fra1.qualtrics.com/API/v3/widgets?offset=2",
        "/API/v3/widgets?offset=2": "https://fra1.qualtrics.com.evil.com/API/v3/widgets?offset=3",
    }

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        key = request.url.raw_path.decode()
        return httpx.Response(200, json=envelope({"elements": [{"id": key}], "nextPage": pages.get(key)}))

    with make_client(handler, sleeps, spec) as client:
        for _ in range(2):  # twice: the second pass runs on warm caches
            seen.clear()
            with pytest.raises(UnsafeURL, match="evil"):
                for _ in client.paginate("listWidgets"):
                    pass
            assert len(seen) == 3
            assert not any("evil" in url for url in seen)


def test_resolved_operations_are_kept_per_client(spec: Spec, sleeps: Sleeps) -> None:
    with make_client(lambda r: httpx.Response(200, json=envelope({})), sleeps, spec) as client:
        first = client._bound("getWidget")
        assert client._bound("getWidget") is first
        assert client._bound("get_widget").operation is first.operation
        with pytest.raises(Exception, match="unknown operation"):
            client._bound("noSuchOperation")
        assert "noSuchOperation" not in client._bound_cache  # failures are not remembered
