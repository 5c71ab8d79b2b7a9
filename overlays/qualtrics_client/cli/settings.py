"""Where the command line finds its credentials: its options, else the environment, in the spellings the
other Qualtrics tools use too (R's qualtRics, the `qualtrics` package), so one shell setup serves them all."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import ConfigurationError

# First found wins; the project's own names come first.
TOKEN_VARIABLES = ("QUALTRICS_API_TOKEN", "QUALTRICS_API_KEY", "QUALTRICS_TOKEN")
DATACENTER_VARIABLES = ("QUALTRICS_DATACENTER", "QUALTRICS_DATA_CENTER", "QUALTRICS_DATACENTER_ID")
BASE_URL_VARIABLES = ("QUALTRICS_BASE_URL",)


@dataclass(frozen=True)
class Settings:
    token: str | None
    datacenter: str | None
    base_url: str | None


def _first(env: Mapping[str, str], names: tuple[str, ...]) -> str | None:
    return next((env[name].strip() for name in names if env.get(name, "").strip()), None)


def normalise_base_url(url: str) -> str:
    """An origin from what people write: qualtRics's bare host (`fra1.qualtrics.com`) gets https, and a
    trailing `/API/v3` (how the `qualtrics` package spells its base URL) is dropped."""
    text = url.strip().rstrip("/")
    if not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
        text = "https://" + text
    return re.sub(r"/API/v3$", "", text, flags=re.IGNORECASE)


def resolve(
    token: str | None, datacenter: str | None, base_url: str | None, env: Mapping[str, str] | None = None
) -> Settings:
    environ = os.environ if env is None else env
    if datacenter and base_url:
        raise ConfigurationError("give --datacenter or --base-url, not both")
    if not datacenter and not base_url:
        base_url = _first(environ, BASE_URL_VARIABLES)
        datacenter = None if base_url else _first(environ, DATACENTER_VARIABLES)
    if not datacenter and not base_url:
        raise ConfigurationError("no datacenter: pass --datacenter or --base-url, or set QUALTRICS_DATACENTER")
    token = token or _first(environ, TOKEN_VARIABLES)
    if not token and not (environ.get("QUALTRICS_CLIENT_ID") and environ.get("QUALTRICS_CLIENT_SECRET")):
        raise ConfigurationError("no API token: pass --token or set QUALTRICS_API_TOKEN")
    return Settings(token, datacenter or None, normalise_base_url(base_url) if base_url else None)
