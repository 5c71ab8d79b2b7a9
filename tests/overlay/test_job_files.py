"""Job files as the spec describes them: a contact export's file is found through its `locator` (a URL and an
X-JWT token) and fetched, resumed and origin-checked like any download; a bare JSON export is a file, not an
envelope; a job ends on the terminal words its progress operation lists. Sync and async, on the bundled spec."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest

from qualtrics_client import Forbidden, JobFailed, JobOutcome, MalformedResponse, UnsafeURL
from qualtrics_client._body import Expect, expectation
from qualtrics_client._spec import Spec, packaged_spec

from ._httpx import httpx
from .conftest import BASE, Sleeps, make_async_client, make_client

SPEC: Spec = packaged_spec()
DIRECTORY = "POOL_1Ab2Cd3Ef4Gh5Ij"
FILE_ID = "CEF_1Qw2Er3Ty4Ui5Op"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJmaWxlIjoiMSJ9.c2ln"
LOCATE_PATH = f"/API/v3/directories/{DIRECTORY}/export-contacts/{FILE_ID}/file"
CSV = b"contactId,firstName\n" + b"".join(b"CID_%015d,Ada\n" % n for n in range(20_000))


def contact_outcome() -> JobOutcome:
    unused: Any = None
    return JobOutcome(
        kind="contactExport",
        progress_id="CEX_1",
        status="COMPLETED",
        file_id=FILE_ID,
        start=unused,
        progress=unused,
        file_operation=SPEC.operation("getContactExportFile"),
        path_values={"directoryId": DIRECTORY},
    )


class _Cut(httpx.SyncByteStream, httpx.AsyncByteStream):
    """`data` up to `upto` bytes, then a dropped connection."""

    def __init__(self, data: bytes, upto: int | None) -> None:
        self.data, self.upto = data, upto

    def _chunks(self) -> list[bytes]:
        return [self.data if self.upto is None else self.data[: self.upto]]

    def __iter__(self) -> Any:
        yield from self._chunks()
        if self.upto is not None:
            raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")

    async def __aiter__(self) -> Any:
        for chunk in self._chunks():
            yield chunk
        if self.upto is not None:
            raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")


class ContactExportServer:
    """Answers the locating request with `{jwt, url}`, and the url (given the X-JWT) with CSV, honouring Range;
    the first file body breaks at `cut`."""

    def __init__(self, url: str, *, cut: int | None = 100_000) -> None:
        self.url, self.cut = url, cut
        self.jwt = JWT  # the token the file answers to
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == LOCATE_PATH and "x-jwt" not in request.headers:
            where = {
                "meta": {"httpStatus": "200 - OK", "requestId": "r1"},
                "result": {"jwt": self.jwt, "url": self.url},
            }
            return httpx.Response(200, json=where)
        if request.headers.get("x-jwt") != self.jwt:
            return httpx.Response(403, json={"meta": {"httpStatus": "403 - Forbidden"}})
        start, status = 0, 200
        headers = {"content-type": "text/csv", "etag": '"v1"', "content-disposition": 'attachment; filename="c.csv"'}
        wanted = re.fullmatch(r"bytes=(\d+)-", request.headers.get("range", ""))
        if wanted and request.headers.get("if-range") == '"v1"':
            start, status = int(wanted.group(1)), 206
            headers["content-range"] = f"bytes {start}-{len(CSV) - 1}/{len(CSV)}"
        body = CSV[start:]
        headers["content-length"] = str(len(body))
        upto, self.cut = self.cut, None
        return httpx.Response(status, headers=headers, stream=_Cut(body, upto))


def test_a_located_file_is_fetched_from_its_url_with_the_token_and_resumed(sleeps: Sleeps, tmp_path: Path) -> None:
    server = ContactExportServer(f"https://fra1.qualtrics.com/files/{FILE_ID}")
    with make_client(server, sleeps) as client:
        saved = client.download(contact_outcome(), tmp_path)
    assert saved == tmp_path / "c.csv"
    assert saved.read_bytes() == CSV
    locate, first, resumed = server.requests
    assert locate.url.path == LOCATE_PATH
    assert "x-jwt" not in locate.headers
    assert str(first.url) == f"https://fra1.qualtrics.com/files/{FILE_ID}"
    assert first.headers["x-jwt"] == JWT
    assert "range" not in first.headers
    assert resumed.headers["x-jwt"] == JWT
    assert resumed.headers["range"] == "bytes=100000-"


def test_a_located_file_streams_through_iter_file(sleeps: Sleeps) -> None:
    server = ContactExportServer(BASE + LOCATE_PATH)
    with make_client(server, sleeps) as client:
        assert b"".join(client.iter_file(contact_outcome(), chunk_size=4096)) == CSV


def test_a_located_file_downloads_async(sleeps: Sleeps, tmp_path: Path) -> None:
    server = ContactExportServer(BASE + LOCATE_PATH)

    async def run() -> tuple[Path, bytes]:
        async with make_async_client(server, sleeps) as client:
            saved = await client.download(contact_outcome(), tmp_path)
            streamed = b"".join([chunk async for chunk in client.iter_file(contact_outcome())])
        return saved, streamed

    saved, streamed = asyncio.run(run())
    assert saved.read_bytes() == CSV
    assert streamed == CSV


@pytest.mark.parametrize(
    "url",
    [
        "https://files.example.com/export.csv",
        "http://iad1.qualtrics.com/export.csv",  # not https
        "https://iad1.qualtrics.com.example.com/export.csv",
        "https://user:pw@iad1.qualtrics.com/export.csv",
    ],
)
def test_the_token_never_goes_to_a_foreign_url(url: str, sleeps: Sleeps, tmp_path: Path) -> None:
    server = ContactExportServer(url)
    with make_client(server, sleeps) as client, pytest.raises(UnsafeURL):
        client.download(contact_outcome(), tmp_path)
    assert [r.url.path for r in server.requests] == [LOCATE_PATH]  # nothing sent anywhere else
    assert not list(tmp_path.iterdir())


def test_a_locating_answer_without_a_url_is_malformed(sleeps: Sleeps, tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"meta": {"httpStatus": "200 - OK"}, "result": {"jwt": JWT}})

    with make_client(handler, sleeps) as client, pytest.raises(MalformedResponse, match=r"result\.url"):
        client.download(contact_outcome(), tmp_path)


def test_the_locating_call_itself_still_answers_its_json(sleeps: Sleeps) -> None:
    server = ContactExportServer(BASE + LOCATE_PATH)
    with make_client(server, sleeps) as client:
        where = client.call("getContactExportFile", directory_id=DIRECTORY, file_id=FILE_ID)
    assert where.raw["result"] == {"jwt": JWT, "url": BASE + LOCATE_PATH}


def test_file_operations_expect_files_whatever_media_they_list() -> None:
    assert expectation(SPEC.operation("getResponseExportFile")) is Expect.FILE
    assert expectation(SPEC.operation("getContactExportFile")) is Expect.JSON  # it answers where the file is
    media = SPEC.operation("getResponseExportFile").raw["responses"]["200"]["content"]
    assert {"application/json", "application/x-ndjson", "text/csv"} <= set(media)


@pytest.mark.parametrize(
    ("media", "body"),
    [
        ("application/x-ndjson", b'{"responseId": "R_1"}\n{"responseId": "R_2"}\n'),
        ("application/json", json.dumps({"responses": [{"responseId": "R_1"}]}).encode()),
        ("text/csv", b"ResponseId\nR_1\n"),
    ],
)
def test_a_bare_export_file_is_its_bytes(media: str, body: bytes, sleeps: Sleeps, tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": media}, content=body)

    unused: Any = None
    outcome = JobOutcome(
        "responseExport",
        "ES_1",
        "complete",
        "F_1",
        unused,
        unused,
        SPEC.operation("getResponseExportFile"),
        {"surveyId": "SV_1"},
    )
    with make_client(handler, sleeps) as client:
        direct = client.call("getResponseExportFile", survey_id="SV_1", file_id="F_1")
        saved = client.download(outcome, tmp_path / "export.out")
    assert direct.content == body
    assert direct.raw is None  # not read as an envelope
    assert saved.read_bytes() == body


def _progress_server(statuses: list[str]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(200, json={"meta": {"httpStatus": "200 - OK"}, "result": {"progressId": "CEX_1"}})
        status = statuses.pop(0) if len(statuses) > 1 else statuses[0]
        return httpx.Response(200, json={"meta": {"httpStatus": "200 - OK"}, "result": {"status": status}})

    return handler


@pytest.mark.parametrize("terminal", ["TIMED_OUT", "ERROR"])
def test_a_contact_export_that_times_out_or_errs_ends_polling(terminal: str, sleeps: Sleeps) -> None:
    handler = _progress_server(["CREATED", "IN_PROGRESS", terminal])
    with make_client(handler, sleeps) as client, pytest.raises(JobFailed) as raised:
        client.run_job("createContactExport", directory_id=DIRECTORY, body={"format": "csv"}, timeout=10_000)
    assert raised.value.status == terminal
    assert len(sleeps.calls) == 2  # two running polls, then the terminal one: no waiting for the timeout


def test_the_words_a_progress_operation_lists_decide_and_no_other(sleeps: Sleeps) -> None:
    # "complete" ends a response export, but a contact export's only done word is COMPLETED.
    handler = _progress_server(["complete", "COMPLETED"])
    with make_client(handler, sleeps) as client:
        outcome = client.run_job("createContactExport", directory_id=DIRECTORY, body={"format": "csv"})
    assert outcome.status == "COMPLETED"
    assert len(sleeps.calls) == 1


def test_a_failed_export_says_why_from_its_failure_path(sleeps: Sleeps) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(200, json={"meta": {"httpStatus": "200 - OK"}, "result": {"progressId": "ES_1"}})
        failed = {"status": "failed", "errorCode": "EXP_1", "errorMessage": "The survey has too many columns"}
        return httpx.Response(200, json={"meta": {"httpStatus": "200 - OK"}, "result": failed})

    with make_client(handler, sleeps) as client, pytest.raises(JobFailed, match="too many columns"):
        client.run_job("exportResponses", survey_id="SV_1", body={"format": "csv"})


class LapsingServer(ContactExportServer):
    """Each locating answer gives a new token; the first one lapses while its body is still arriving."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.tokens = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == LOCATE_PATH and "x-jwt" not in request.headers:
            self.tokens += 1
            self.jwt = f"token-{self.tokens}"
        answer = super().__call__(request)
        if request.headers.get("x-jwt") == "token-1":
            self.jwt = "lapsed"
        return answer


def test_a_token_refused_on_resume_has_the_file_located_again(sleeps: Sleeps, tmp_path: Path) -> None:
    server = LapsingServer(BASE + LOCATE_PATH)
    with make_client(server, sleeps) as client:
        saved = client.download(contact_outcome(), tmp_path)
    assert saved.read_bytes() == CSV
    sent = [(r.url.path, r.headers.get("x-jwt"), r.headers.get("range")) for r in server.requests]
    assert sent == [
        (LOCATE_PATH, None, None),  # located
        (LOCATE_PATH, "token-1", None),  # cut at 100,000 bytes
        (LOCATE_PATH, "token-1", "bytes=100000-"),  # refused: the token lapsed
        (LOCATE_PATH, None, None),  # located again
        (LOCATE_PATH, "token-2", "bytes=100000-"),  # the rest
    ]


def test_a_token_refused_on_the_first_request_is_an_error(sleeps: Sleeps, tmp_path: Path) -> None:
    server = ContactExportServer(BASE + LOCATE_PATH)

    def refuse(request: httpx.Request) -> httpx.Response:
        if "x-jwt" in request.headers:
            return httpx.Response(403, json={"meta": {"httpStatus": "403 - Forbidden"}})
        return server(request)

    with make_client(refuse, sleeps) as client, pytest.raises(Forbidden):
        client.download(contact_outcome(), tmp_path)
