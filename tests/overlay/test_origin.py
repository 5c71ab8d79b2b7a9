"""Credential safety: the token goes only to https *.qualtrics.com or the configured base origin."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualtrics_client import Qualtrics, UnsafeURL
from qualtrics_client._http import parse_url
from qualtrics_client._origin import is_trusted, validate_base_url

from ._httpx import httpx
from .conftest import TOKEN, Sleeps, envelope, make_client

QUALTRICS_BASE = validate_base_url("https://iad1.qualtrics.com")[1]
MOCK_BASE = validate_base_url("http://127.0.0.1:8080")[1]

ORIGINS = [
    ("https://iad1.qualtrics.com/API/v3/x", QUALTRICS_BASE, True),
    ("https://fra1.qualtrics.com/API/v3/x?offset=5", QUALTRICS_BASE, True),  # another datacenter
    ("https://IAD1.QUALTRICS.COM/API/v3/x", QUALTRICS_BASE, True),  # case-insensitive
    ("https://co1.sub.qualtrics.com/x", QUALTRICS_BASE, True),
    ("https://iad1.qualtrics.com:443/x", QUALTRICS_BASE, True),  # the default port, spelled out
    ("https://iad1.qualtrics.com:8443/x", QUALTRICS_BASE, False),  # another port
    ("http://iad1.qualtrics.com/x", QUALTRICS_BASE, False),  # scheme downgrade
    ("https://user:pw@iad1.qualtrics.com/x", QUALTRICS_BASE, False),  # userinfo
    ("https://user@iad1.qualtrics.com/x", QUALTRICS_BASE, False),
    ("https://evilqualtrics.com/x", QUALTRICS_BASE, False),  # no dot boundary
    ("https://qualtrics.com.evil.com/x", QUALTRICS_BASE, False),
    ("https://iad1.qualtrics.com.evil.com/x", QUALTRICS_BASE, False),
    ("https://iad1.qualtrics.co/x", QUALTRICS_BASE, False),
    ("https://evil.com/iad1.qualtrics.com", QUALTRICS_BASE, False),
    ("https://evil.com/?h=.qualtrics.com", QUALTRICS_BASE, False),
    ("https://evil.com#.qualtrics.com", QUALTRICS_BASE, False),
    ("https://iad1.qualtrics.com./x", QUALTRICS_BASE, False),  # trailing dot: not an exact suffix
    ("http://127.0.0.1:8080/API/v3/x", MOCK_BASE, True),  # the configured base origin
    ("http://127.0.0.1:8081/API/v3/x", MOCK_BASE, False),  # same host, other port
    ("https://127.0.0.1:8080/API/v3/x", MOCK_BASE, False),  # other scheme
    ("http://localhost:8080/API/v3/x", MOCK_BASE, False),  # other host spelling
    ("http://u:p@127.0.0.1:8080/API/v3/x", MOCK_BASE, False),
    ("https://fra1.qualtrics.com/x", MOCK_BASE, True),  # Qualtrics itself stays trusted
]


@pytest.mark.parametrize(("url", "base", "trusted"), ORIGINS)
def test_origin_table(url: str, base: tuple[str, str, int | None], trusted: bool) -> None:
    assert is_trusted(parse_url(url), base) is trusted


@given(st.from_regex(r"[a-z0-9.-]{1,30}", fullmatch=True))
def test_only_qualtrics_suffix_is_trusted(host: str) -> None:
    try:
        parts = parse_url(f"https://{host}/x")
    except ValueError:
        return
    expected = parts.host.endswith(".qualtrics.com") and ".." not in parts.host and not parts.host.startswith(".")
    if is_trusted(parts, QUALTRICS_BASE):
        assert expected


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.com/API/v3/x",
        "http://iad1.qualtrics.com/API/v3/x",
        "https://a:b@iad1.qualtrics.com/x",
        "https://iad1.qualtrics.com:444/x",
    ],
)
def test_request_to_untrusted_url_is_refused_before_sending(url: str, sleeps: Sleeps) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=envelope({}))

    with make_client(handler, sleeps) as client, pytest.raises(UnsafeURL) as info:
        client.request("GET", url)
    assert sent == []
    assert TOKEN not in str(info.value)


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_elsewhere_is_refused(status: int, sleeps: Sleeps) -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(status, headers={"Location": "https://collector.evil.com/steal"})

    with make_client(handler, sleeps) as client, pytest.raises(UnsafeURL):
        client.request("GET", "/API/v3/surveys")
    assert sent == ["https://iad1.qualtrics.com/API/v3/surveys"]


def test_redirect_to_downgraded_scheme_is_refused(sleeps: Sleeps) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://iad1.qualtrics.com/API/v3/surveys"})

    with make_client(handler, sleeps) as client, pytest.raises(UnsafeURL):
        client.request("GET", "/API/v3/surveys")


def test_redirect_within_qualtrics_is_followed(sleeps: Sleeps) -> None:
    seen: list[tuple[str, str, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.method, str(request.url), request.headers.get("x-api-token")))
        if request.url.host == "iad1.qualtrics.com":
            return httpx.Response(307, headers={"Location": "https://fra1.qualtrics.com/API/v3/surveys?x=1"})
        return httpx.Response(200, json=envelope({"moved": True}))

    with make_client(handler, sleeps) as client:
        result = client.request("POST", "/API/v3/surveys", json={"a": 1})
    assert result.result == {"moved": True}
    assert seen == [
        ("POST", "https://iad1.qualtrics.com/API/v3/surveys", TOKEN),
        ("POST", "https://fra1.qualtrics.com/API/v3/surveys?x=1", TOKEN),
    ]


def test_303_becomes_get(sleeps: Sleeps) -> None:
    methods: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        methods.append(request.method)
        if len(methods) == 1:
            return httpx.Response(303, headers={"Location": "/API/v3/result"})
        return httpx.Response(200, json=envelope({}))

    with make_client(handler, sleeps) as client:
        client.request("POST", "/API/v3/start", json={})
    assert methods == ["POST", "GET"]


def test_redirect_loop_is_bounded(sleeps: Sleeps) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "/API/v3/again"})

    with make_client(handler, sleeps) as client, pytest.raises(UnsafeURL, match="redirects"):
        client.request("GET", "/API/v3/x")


def test_mock_base_origin_gets_token() -> None:
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("x-api-token"))
        return httpx.Response(200, json=envelope({}))

    with Qualtrics(TOKEN, base_url="http://127.0.0.1:8080", transport=httpx.MockTransport(handler)) as client:
        client.request("GET", "/API/v3/anything")
        with pytest.raises(UnsafeURL):
            client.request("GET", "http://127.0.0.1:9999/API/v3/whoami")
    assert seen == [TOKEN]


def test_multipart_uses_random_boundary(sleeps: Sleeps) -> None:
    from qualtrics_client._operations import multipart_headers

    first = multipart_headers({"Content-Type": "multipart/form-data; boundary=+++"})
    second = multipart_headers({"content-type": "multipart/form-data; boundary=+++"})
    assert "+++" not in first["Content-Type"]
    assert first["Content-Type"] != second["Content-Type"]
    assert len(second) == 1
