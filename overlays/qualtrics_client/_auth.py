"""Credentials: an API token, or OAuth client credentials exchanged for a cached bearer token.

Secrets live only here and in request headers; `__repr__` never shows them.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote

from ._operations import RequestParts
from .errors import QualtricsError

# Refresh a little early so a token does not expire between check and use.
_EXPIRY_MARGIN = 30.0


def _spellings(*secrets: str | None) -> tuple[str, ...]:
    """Each secret as sent and as a server might echo it inside a URL (percent-encoded, or lowercased in a
    host name), longest first so that redacting one never leaves part of another."""
    found = {form for s in secrets if s for form in (s, quote(s, safe=""), s.lower())}
    return tuple(sorted(found, key=len, reverse=True))


class ApiToken:
    can_refresh = False

    def __init__(self, token: str) -> None:
        self._token = token
        self._secrets = _spellings(token)

    def __repr__(self) -> str:
        return "ApiToken(***)"

    @property
    def fingerprint(self) -> str:
        return "token:" + self._token

    def secrets(self) -> tuple[str, ...]:
        return self._secrets

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
        # The Basic credential too: it is the secret, merely base64-encoded.
        return _spellings(self._secret, self._basic(), self._bearer)

    def _basic(self) -> str:
        return base64.b64encode(f"{self.client_id}:{self._secret}".encode()).decode()

    def valid(self, now: float) -> bool:
        return self._bearer is not None and now < self._expires_at

    def invalidate(self, rejected: str | None = None) -> None:
        # Only the token the server refused: another thread may already have fetched a fresh one.
        if rejected is None or self.headers_or_none() == rejected:
            self._bearer = None

    def headers_or_none(self) -> str | None:
        return f"Bearer {self._bearer}" if self._bearer else None

    def token_request(self) -> RequestParts:
        return RequestParts(
            method="POST",
            url="/oauth2/token",
            data={"grant_type": "client_credentials", "scope": self.scope},
            headers={"Authorization": f"Basic {self._basic()}"},
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
