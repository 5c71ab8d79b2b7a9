"""File answers as a file server gives them: a strong ETag, `Accept-Ranges: bytes`, one `Range` answered with
206 and `Content-Range` (unless an `If-Range` names another version), 416 with `Content-Range: bytes */size`
when the range starts past the end. Several ranges, or a `Range` that does not parse, get the whole file, as
RFC 9110 allows a server to do; so does a `Range` on anything but GET.
"""

from __future__ import annotations

import hashlib
import re

from starlette.requests import Request
from starlette.responses import Response

from . import envelope

_ONE_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)
UNSATISFIABLE = "unsatisfiable"


def etag_of(data: bytes) -> str:
    """A strong validator: the content's own digest, so the same bytes always carry the same tag."""
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def _wanted(header: str, size: int) -> tuple[int, int] | str | None:
    """(first, last) byte asked for; None when the whole file is answered; UNSATISFIABLE past the end."""
    found = _ONE_RANGE.match(header)
    if found is None:
        return None
    first, last = found.group(1), found.group(2)
    if not first and not last:
        return None
    if not first:  # the last N bytes
        count = int(last)
        if count == 0:
            return UNSATISFIABLE
        return max(0, size - count), size - 1
    start = int(first)
    if start >= size:
        return UNSATISFIABLE
    end = min(int(last), size - 1) if last else size - 1
    if end < start:
        return None  # an invalid range is ignored
    return start, end


def file_response(request: Request, data: bytes, media_type: str, headers: dict[str, str]) -> Response:
    """`data` whole (200), the one range asked for (206), or 416; `headers` (Content-Disposition...) on each."""
    tag = etag_of(data)
    common = {**headers, "ETag": tag, "Accept-Ranges": "bytes"}
    asked = request.headers.get("range")
    if asked is None or request.method != "GET":
        return Response(data, media_type=media_type, headers=common)
    condition = request.headers.get("if-range")
    if condition is not None and condition.strip() != tag:
        return Response(data, media_type=media_type, headers=common)  # another version: the whole file
    wanted = _wanted(asked, len(data))
    if wanted == UNSATISFIABLE:
        return envelope.error(
            416,
            "The requested range is not satisfiable.",
            headers={"Content-Range": f"bytes */{len(data)}", "ETag": tag, "Accept-Ranges": "bytes"},
        )
    if not isinstance(wanted, tuple):
        return Response(data, media_type=media_type, headers=common)
    start, end = wanted
    part = {**common, "Content-Range": f"bytes {start}-{end}/{len(data)}"}
    return Response(data[start : end + 1], status_code=206, media_type=media_type, headers=part)
