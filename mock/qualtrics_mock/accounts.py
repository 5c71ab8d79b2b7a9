"""The accounts backend: users, their API tokens, OAuth clients and the bearer tokens issued to them.

A backend in the moto sense: typed records and the operations on them, with no HTTP in sight, so it is tested
directly; the handlers (and the app's authentication step) only translate requests into these calls.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .ids import IdFactory

# Real API tokens are 40 letters and digits; clients that check the length accept these.
TOKEN_LENGTH = 40
OAUTH_TOKEN_SECONDS = 3600


@dataclass
class User:
    user_id: str
    brand_id: str
    user_name: str
    first_name: str
    last_name: str
    email: str
    account_type: str = "UT_BRANDADMIN"

    def whoami(self, datacenter: str) -> dict[str, Any]:
        return {
            "brandId": self.brand_id,
            "userId": self.user_id,
            "userName": self.user_name,
            "accountType": self.account_type,
            "firstName": self.first_name,
            "lastName": self.last_name,
            "email": self.email,
            "datacenter": datacenter,
        }


@dataclass(frozen=True)
class OAuthClient:
    client_id: str
    secret: str
    user: User


@dataclass(frozen=True)
class BearerToken:
    token: str
    user: User
    expires_at: float

    def live(self, now: float) -> bool:
        return now < self.expires_at


@dataclass
class Accounts:
    ids: IdFactory
    clock: Callable[[], float]
    tokens: dict[str, User] = field(default_factory=dict)  # API token -> its user
    clients: dict[str, OAuthClient] = field(default_factory=dict)
    bearers: dict[str, BearerToken] = field(default_factory=dict)

    def add_user(
        self,
        brand_id: str,
        token: str,
        *,
        first_name: str = "Mock",
        last_name: str = "User",
        email: str = "",
        user_id: str | None = None,
    ) -> User:
        address = email or f"{first_name}.{last_name}@{brand_id}.example".lower()
        user = User(user_id or self.ids.new("UR_"), brand_id, address, first_name, last_name, address)
        self.tokens[token] = user
        return user

    def add_client(self, client_id: str, secret: str, user: User) -> OAuthClient:
        client = OAuthClient(client_id, secret, user)
        self.clients[client_id] = client
        return client

    def issue_bearer(self, user: User) -> BearerToken:
        bearer = BearerToken(self.ids.new("", TOKEN_LENGTH), user, self.clock() + OAUTH_TOKEN_SECONDS)
        self.bearers[bearer.token] = bearer
        return bearer

    def authenticate(self, api_token: str | None, authorization: str | None) -> tuple[str, User] | None:
        """(token, user) for an X-API-TOKEN or a live OAuth bearer token; None means 401."""
        if api_token:
            user = self.tokens.get(api_token)
            return (api_token, user) if user else None
        if authorization and authorization.lower().startswith("bearer "):
            bearer = self.bearers.get(authorization[7:].strip())
            if bearer is not None and bearer.live(self.clock()):
                return bearer.token, bearer.user
        return None

    def client_user(self, authorization: str | None, form: dict[str, str]) -> User | None:
        """The user behind OAuth client credentials: Basic auth, or client_id/client_secret form fields."""
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
            except (ValueError, binascii.Error, UnicodeDecodeError):
                return None
            client_id, _, secret = decoded.partition(":")
        client = self.clients.get(client_id or "")
        return client.user if client is not None and client.secret == secret else None
