"""The mock's file answers honour Range and If-Range as a file server does: 206 with Content-Range for one
range, the whole file when If-Range names another version or several ranges are asked, 416 past the end."""

from __future__ import annotations

import httpx
import pytest

from .conftest import error_of, first_survey
from .test_contact_exports import run_export
from .test_exports import run_export as run_response_export


def response_export(client: httpx.Client) -> tuple[str, bytes, str]:
    """The URL of a finished response export's file, its bytes and its ETag."""
    survey_id = first_survey(client)
    whole, _ = run_response_export(client, survey_id, format="csv")
    url = str(whole.request.url.copy_with(query=None))
    return url, whole.content, whole.headers["etag"]


def contact_export(client: httpx.Client) -> tuple[str, dict[str, str], bytes, str]:
    base, progress, _ = run_export(client, {"format": "csv", "embeddedData": []})
    where = client.get(f"{base}/{progress['fileId']}/file").json()["result"]
    jwt = {"X-JWT": where["jwt"]}
    whole = client.get(where["url"], headers=jwt)
    return where["url"], jwt, whole.content, whole.headers["etag"]


def test_a_file_carries_a_strong_validator_and_accepts_ranges(client: httpx.Client) -> None:
    url, data, etag = response_export(client)
    again = client.get(url)
    assert again.status_code == 200
    assert again.headers["accept-ranges"] == "bytes"
    assert etag.startswith('"')
    assert again.headers["etag"] == etag  # the same bytes, the same tag
    assert again.content == data


@pytest.mark.parametrize(
    ("asked", "first", "last"),
    [("bytes=10-", 10, None), ("bytes=0-99", 0, 99), ("bytes=-50", None, None), ("bytes=5-999999999", 5, None)],
)
def test_one_range_is_answered_with_206(client: httpx.Client, asked: str, first: int | None, last: int | None) -> None:
    url, data, etag = response_export(client)
    size = len(data)
    start = size - 50 if first is None else first
    end = size - 1 if last is None else last
    part = client.get(url, headers={"Range": asked, "If-Range": etag})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes {start}-{end}/{size}"
    assert part.content == data[start : end + 1]
    assert int(part.headers["content-length"]) == end + 1 - start


def test_if_range_naming_another_version_gets_the_whole_file(client: httpx.Client) -> None:
    url, data, _ = response_export(client)
    whole = client.get(url, headers={"Range": "bytes=10-", "If-Range": '"another-version"'})
    assert whole.status_code == 200
    assert whole.content == data
    assert "content-range" not in whole.headers


@pytest.mark.parametrize("asked", ["bytes=0-1,5-9", "bytes=abc", "items=0-5", "bytes=9-3"])
def test_ranges_it_does_not_serve_get_the_whole_file(client: httpx.Client, asked: str) -> None:
    url, data, _ = response_export(client)
    whole = client.get(url, headers={"Range": asked})
    assert whole.status_code == 200
    assert whole.content == data


@pytest.mark.parametrize("asked", ["bytes={size}-", "bytes={size}-{size}", "bytes=-0"])
def test_a_range_past_the_end_is_416(client: httpx.Client, asked: str) -> None:
    url, data, _ = response_export(client)
    refused = client.get(url, headers={"Range": asked.format(size=len(data))})
    error_of(refused, 416)
    assert refused.headers["content-range"] == f"bytes */{len(data)}"


def test_the_contact_export_file_honours_ranges_too(client: httpx.Client) -> None:
    url, jwt, data, etag = contact_export(client)
    part = client.get(url, headers={**jwt, "Range": "bytes=7-", "If-Range": etag})
    assert part.status_code == 206
    assert part.content == data[7:]
    assert part.headers["content-range"] == f"bytes 7-{len(data) - 1}/{len(data)}"
    error_of(client.get(url, headers={**jwt, "Range": f"bytes={len(data) + 1}-"}), 416)
    # The locating answer itself is JSON and takes no range.
    assert client.get(url, headers={"Range": "bytes=7-"}).json()["result"]["url"] == url
