"""Fuzzing the client with hostile answers (status, headers, body, compression) and hostile URLs (request
paths, next pages, redirects): whatever comes back, the only exceptions that leave the client are
QualtricsError subclasses. Sync and async."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import zlib
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualtrics_client import JobOutcome, QualtricsError, Spec

from ._fixture_spec import fixture_spec
from ._httpx import httpx
from .conftest import Sleeps, envelope, make_async_client, make_client

SPEC = Spec(fixture_spec(), package=None)

NASTY_URLS = [
    "https:evil.example/x",
    "https://evil.example/API/v3/widgets",
    "//evil.example/x",
    "https://iad1.qualtrics.com/API/v3/widgets?offset=1\r\nX-Injected: 1",
    "https://iad1.qualtrics.com/a\nb",
    "https://xn--.qualtrics.com/API/v3/widgets",
    "https://xn--ls8h.qualtrics.com/",
    "https://\u2603.qualtrics.com/",
    "https://iad1.qualtrics.com:99999/API/v3/widgets",
    "https://iad1.qualtrics.com:-1/",
    "https://user:pass@iad1.qualtrics.com/",
    "http://[::1/",
    "https://[fe80::1%25eth0]/",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "https://iad1.qualtrics.com/\x00",
    "https://" + "a" * 300 + ".qualtrics.com/",
    "",
    " ",
    "%",
    "?offset=2",
    "../../../../x",
]
urls = st.one_of(
    st.sampled_from(NASTY_URLS), st.text(max_size=80), st.from_regex(r"https?://[a-z0-9.:\[\]@%-]{0,30}/?.{0,20}")
)

statuses = st.one_of(
    st.sampled_from([100, 200, 201, 204, 205, 206, 301, 302, 303, 307, 308, 400, 401, 404, 413, 429, 500, 501, 503]),
    st.integers(min_value=100, max_value=599),
)


def _body(draw: Any) -> bytes:
    kind = draw(st.sampled_from(["binary", "deep", "json", "page", "error", "empty"]))
    if kind == "binary":
        return bytes(draw(st.binary(max_size=200)))
    if kind == "deep":
        opening: bytes = draw(st.sampled_from([b"[", b'{"a":', b'[{"meta":']))
        return opening * int(draw(st.integers(900, 100_000)))
    if kind == "json":
        value = draw(
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c, max_size=3),
                max_leaves=10,
            )
        )
        return json.dumps(value).encode()
    if kind == "page":
        elements = draw(
            st.one_of(
                st.none(),
                st.lists(
                    st.dictionaries(st.sampled_from(["id", "note", "count"]), st.text(max_size=5) | st.integers()),
                    max_size=3,
                ),
                st.text(max_size=5),
            )
        )
        return json.dumps(envelope({"elements": elements, "nextPage": draw(st.none() | urls)})).encode()
    if kind == "error":
        meta = {
            "status": "Error",
            "errorMessage": draw(st.text(max_size=10)),
            "internalErrorCode": draw(st.integers() | st.text(max_size=5)),
            "errorId": draw(st.none() | st.integers()),
            "notice": draw(st.none() | st.text(max_size=10)),
            "error": draw(
                st.none()
                | st.text(max_size=3)
                | st.dictionaries(st.sampled_from(["errorCode", "errorMessage"]), st.integers() | st.text(max_size=5))
            ),
        }
        return json.dumps({"meta": meta}).encode()
    return b""


@st.composite
def answers(draw: Any) -> tuple[int, dict[str, str], bytes]:
    status = draw(statuses)
    body = _body(draw)
    headers: dict[str, str] = {}
    encoding = draw(st.sampled_from([None, "gzip", "deflate", "br", "identity", "zstd", "x-nonsense", "gzip, gzip"]))
    if encoding is not None:
        headers["content-encoding"] = encoding
        if encoding == "gzip" and draw(st.booleans()):
            body = gzip.compress(body)
        elif encoding == "deflate" and draw(st.booleans()):
            body = zlib.compress(body)
    if draw(st.booleans()):
        headers["content-type"] = draw(
            st.sampled_from(
                [
                    "application/json",
                    "text/html",
                    "application/zip",
                    "text/plain; charset=utf-8",
                    "application/json; charset=latin-1",
                    "",
                ]
            )
        )
    if draw(st.booleans()):
        headers["location"] = draw(urls)
    if draw(st.booleans()):
        headers["retry-after"] = draw(
            st.sampled_from(["0", "1", "-1", "1e9", "nan", "inf", "Wed, 21 Oct 2015 07:28:00 GMT", "soon"])
        )
    if draw(st.booleans()):
        headers["content-length"] = draw(st.sampled_from(["0", "5", "-1", "abc", str(len(body) + 10)]))
    if draw(st.booleans()):
        headers["content-range"] = draw(st.sampled_from(["bytes 0-1/2", "bytes 5-2/1", "bytes */10", "nonsense"]))
    return status, headers, body


class Scripted:
    """Plays the drawn answers in order, then a last page that ends the listing."""

    def __init__(self, script: list[tuple[int, dict[str, str], bytes]]) -> None:
        self.script = list(script)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.script:
            status, headers, body = self.script.pop(0)
            # Headers as raw bytes: httpx must not tidy what a hostile server sends.
            raw = [(k.encode(), v.encode("utf-8", "surrogateescape")) for k, v in headers.items()]
            return httpx.Response(status, headers=raw, stream=httpx.ByteStream(body))  # decoded by the client
        return httpx.Response(200, json=envelope({"elements": [], "nextPage": None}))


def _outcome() -> JobOutcome:
    unused: Any = None
    return JobOutcome(
        "responseExport",
        "ES_1",
        "complete",
        "F_1",
        unused,
        unused,
        SPEC.operation("getResponseExportFile"),
        {"surveyId": "SV_1"},
    )


def _exercise(client: Any, action: str, url: str, tmp: Path) -> None:
    if action == "page":
        list(client.paginate("listWidgets", max_pages=6))
    elif action == "create":
        client.call("createWidget")
    elif action == "raw":
        client.request("GET", url)
    elif action == "download":
        client.download(_outcome(), tmp / "out.zip")
    else:
        b"".join(client.iter_file(_outcome()))


async def _aexercise(client: Any, action: str, url: str, tmp: Path) -> None:
    if action == "page":
        [item async for item in client.paginate("listWidgets", max_pages=6)]
    elif action == "create":
        await client.call("createWidget")
    elif action == "raw":
        await client.request("GET", url)
    elif action == "download":
        await client.download(_outcome(), tmp / "out.zip")
    else:
        [chunk async for chunk in client.iter_file(_outcome())]


ACTIONS = st.sampled_from(["page", "create", "raw", "download", "iter"])
FUZZ = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)


@FUZZ
@given(script=st.lists(answers(), min_size=1, max_size=4), action=ACTIONS, url=urls)
def test_only_qualtrics_errors_escape(script: list[Any], action: str, url: str, tmp_path: Path) -> None:
    with make_client(Scripted(script), Sleeps(), SPEC, max_retries=1) as client, contextlib.suppress(QualtricsError):
        _exercise(client, action, url, tmp_path)


@FUZZ
@given(script=st.lists(answers(), min_size=1, max_size=4), action=ACTIONS, url=urls)
def test_async_only_qualtrics_errors_escape(script: list[Any], action: str, url: str, tmp_path: Path) -> None:
    async def run() -> None:
        async with make_async_client(Scripted(script), Sleeps(), SPEC, max_retries=1) as client:
            with contextlib.suppress(QualtricsError):
                await _aexercise(client, action, url, tmp_path)

    asyncio.run(run())


@settings(max_examples=300, deadline=None)
@given(url=urls, base=st.sampled_from(["https://iad1.qualtrics.com", "http://127.0.0.1:8080"]))
def test_request_urls_only_raise_qualtrics_errors(url: str, base: str) -> None:
    handler = lambda request: httpx.Response(200, json=envelope({}))  # noqa: E731
    with make_client(handler, Sleeps(), base_url=base, datacenter=None) as client, contextlib.suppress(QualtricsError):
        client.request("GET", url)
