"""Resolving credentials and the base URL from arguments, then the environment. Arguments always win."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from ._auth import ApiToken, ClientCredentials, Credentials
from ._origin import Origin, base_url_for_datacenter, validate_base_url
from .errors import ConfigurationError

ENV_TOKEN = "QUALTRICS_API_TOKEN"  # noqa: S105 - a variable name, not a secret
ENV_DATACENTER = "QUALTRICS_DATACENTER"
ENV_BASE_URL = "QUALTRICS_BASE_URL"
ENV_CLIENT_ID = "QUALTRICS_CLIENT_ID"
ENV_CLIENT_SECRET = "QUALTRICS_CLIENT_SECRET"  # noqa: S105 - a variable name


@dataclass(frozen=True)
class Resolved:
    credentials: Credentials
    base_url: str
    origin: Origin


def resolve(
    *,
    api_token: str | None,
    datacenter: str | None,
    base_url: str | None,
    client_id: str | None,
    client_secret: str | None,
    scope: str,
    environ: Mapping[str, str] | None = None,
) -> Resolved:
    env = os.environ if environ is None else environ
    if datacenter is not None and base_url is not None:
        raise ConfigurationError("pass either datacenter or base_url, not both")
    if datacenter is None and base_url is None:
        base_url = env.get(ENV_BASE_URL) or None
        datacenter = None if base_url else (env.get(ENV_DATACENTER) or None)
    if base_url is None and datacenter is None:
        raise ConfigurationError(f"no datacenter: pass datacenter= or base_url=, or set {ENV_DATACENTER}")
    url, origin = validate_base_url(base_url if base_url is not None else base_url_for_datacenter(str(datacenter)))

    credentials: Credentials
    if api_token is None and client_id is None:
        api_token = env.get(ENV_TOKEN) or None
        if api_token is None:
            client_id, client_secret = env.get(ENV_CLIENT_ID) or None, env.get(ENV_CLIENT_SECRET) or None
    if api_token is not None:
        if client_id is not None:
            raise ConfigurationError("pass either an API token or OAuth client credentials, not both")
        if not api_token.strip() or any(c in api_token for c in "\r\n"):
            raise ConfigurationError("the API token is empty or malformed")
        credentials = ApiToken(api_token.strip())
    elif client_id is not None and client_secret is not None:
        credentials = ClientCredentials(client_id, client_secret, scope)
    else:
        raise ConfigurationError(
            f"no credentials: pass api_token= or client_id= and client_secret=, or set "
            f"{ENV_TOKEN} (or {ENV_CLIENT_ID} and {ENV_CLIENT_SECRET})"
        )
    return Resolved(credentials, url, origin)
