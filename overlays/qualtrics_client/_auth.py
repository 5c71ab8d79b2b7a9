"""Credentials: an API token, or OAuth client credentials exchanged for a cached bearer token.

Secrets live only here and in request headers; `__repr__` never shows them.
"""

from __future__ import annotations

import base64
from typing import Any

from ._operations import RequestParts
from .errors import QualtricsError

# Refresh a little early so a token does not expire between check and use.
_EXPIRY_MARGIN = 30.0


class ApiToken:
    can_refresh = False

    def __init__(self, token: str) -> None:
        self._token = token

    def __repr__(self) -> str:
        return "ApiToken(***)"

    @property
    def fingerprint(self) -> str:
        return "token:" + self._token

    def secrets(self) -> tuple[str, ...]:
        return (self._token,)

    def headers(self) -> dict[str, str]:
        return {"X-API-TOKEN": self._token}


class ClientCredentials:
    can_refresh = True

    def __init__(self, client_id: str, client_secret: str, scope: str) -> None:
        self.client_id = client_id
        self._secret = client_secret
        self.scope = scope
        self._bearer: str | None = None
        self._expires_at = 0.0

    def __repr__(self) -> str:
        return f"ClientCredentials(client_id={self.client_id!r}, scope={self.scope!r})"

    @property
    def fingerprint(self) -> str:
        return "oauth:" + self.client_id + ":" + self._secret

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self._secret, self._bearer) if s)

    def valid(self, now: float) -> bool:
        return self._bearer is not None and now < self._expires_at

    def invalidate(self, rejected: str | None = None) -> None:
        # Only the token the server refused: another thread may already have fetched a fresh one.
        if rejected is None or self.headers_or_none() == rejected:
            self._bearer = None

    def headers_or_none(self) -> str | None:
        return f"Bearer {self._bearer}" if self._bearer else None

    def token_request(self) -> RequestParts:
        basic = base64.b64encode(f"{self.client_id}:{self._secret}".encode()).decode()
        return RequestParts(
            method="POST",
            url="/oauth2/token",
            data={"grant_type": "client_credentials", "scope": self.scope},
            headers={"Authorization": f"Basic {basic}"},
        )

    def store(self, payload: Any, now: float) -> None:
        token = payload.get("access_token") if isinstance(payload, dict) else None
        if not isinstance(token, str) or not token:
            raise QualtricsError("OAuth token response carried no access_token")
        try:
            lifetime = float(payload.get("expires_in", 3600))
        except (TypeError, ValueError):
            lifetime = 3600.0
        self._bearer = token
        self._expires_at = now + max(0.0, lifetime - _EXPIRY_MARGIN)

    def headers(self) -> dict[str, str]:
        if self._bearer is None:
            raise QualtricsError("no OAuth bearer token yet")
        return {"Authorization": f"Bearer {self._bearer}"}


Credentials = ApiToken | ClientCredentials
