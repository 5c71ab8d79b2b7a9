"""whoami and OAuth 2.0 client credentials."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import envelope
from ..context import Context, route
from ..state import OAUTH_TOKEN_SECONDS, MockQualtrics
from ..validation import ParsedBody


@route("getWhoami")
def whoami(ctx: Context) -> Any:
    return ctx.user.whoami(ctx.brand.datacenter)


def oauth_token(mock: MockQualtrics, request: Request, body: ParsedBody) -> Response:
    """The reply is plain OAuth JSON, not the Qualtrics envelope, as the real endpoint answers."""
    form = body.form or (body.json if isinstance(body.json, dict) else {})
    if form.get("grant_type") != "client_credentials":
        return envelope.error(400, "Invalid request. Missing or invalid parameter grant_type.")
    user = mock.client_for(request.headers.get("authorization"), {k: str(v) for k, v in form.items()})
    if user is None:
        return envelope.error(401, "Authentication failed. Invalid client credentials.", "AUTH_3")
    return envelope.json_response(
        200,
        {
            "access_token": mock.issue_oauth_token(user),
            "token_type": "Bearer",
            "expires_in": OAUTH_TOKEN_SECONDS,
            "scope": str(form.get("scope") or "manage:all"),
        },
    )
