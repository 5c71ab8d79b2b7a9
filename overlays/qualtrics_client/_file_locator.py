"""Where a job's file is, when its file operation answers that instead of the file (`x-job` `locator`).

A contact export's file call answers `{jwt, url}`: the file is a GET of the url with the token in an `X-JWT`
header. That GET is built here as an ordinary call, so the engine's origin check runs on the url before any
credential, the token included, leaves the process.
"""

from __future__ import annotations

import dataclasses

from ._attempts import Call
from ._body import Expect
from ._engine import AsyncEngine, SyncEngine
from ._operations import RequestParts
from ._spec import Operation, get_path
from .errors import MalformedResponse


@dataclasses.dataclass(frozen=True)
class Locator:
    """Where a file operation's answer says the file is: the operation's `x-job` `locator`."""

    url_path: str
    token_path: str | None
    token_header: str | None

    @classmethod
    def of(cls, operation: Operation | None) -> Locator | None:
        found = (operation.job or {}).get("locator") if operation is not None else None
        if not isinstance(found, dict) or not isinstance(found.get("urlPath"), str):
            return None
        token_path, header = found.get("tokenPath"), found.get("tokenHeader")
        return cls(
            found["urlPath"],
            token_path if isinstance(token_path, str) else None,
            header if isinstance(header, str) else None,
        )

    def file_call(self, call: Call) -> Call:
        """The request for the file itself, from the locating answer (`call.payload`, as the engine parsed it)."""
        url = get_path(call.payload, self.url_path)
        if not isinstance(url, str) or not url.strip():
            raise MalformedResponse(f"the answer names no file URL at {self.url_path}")
        headers = dict(call.parts.headers)
        if self.token_path is not None:
            token = get_path(call.payload, self.token_path)
            if not isinstance(token, str) or not token or self.token_header is None:
                raise MalformedResponse(f"the answer names no file token at {self.token_path}")
            headers[self.token_header] = token
        return Call(
            RequestParts(method="GET", url=url.strip(), headers=headers),
            retry_safe=True,  # reading a file changes nothing
            is_async=call.is_async,
            max_retries=call.max_retries,
            deadline=call.deadline,
            expect=Expect.FILE,
        )


def locate(engine: SyncEngine, call: Call, locator: Locator | None) -> Call:
    """The call that answers the file: `call` itself, or the one its answer points to."""
    if locator is None:
        return call
    engine.send(call)  # read whole and checked as JSON; its payload is on `call`
    return locator.file_call(call)


async def alocate(engine: AsyncEngine, call: Call, locator: Locator | None) -> Call:
    if locator is None:
        return call
    await engine.send(call)
    return locator.file_call(call)
