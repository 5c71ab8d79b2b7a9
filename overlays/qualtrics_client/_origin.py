"""Where credentials may go: https hosts under qualtrics.com, or the configured base origin.

The check runs on every request before it is sent (first request, next page, redirect, OAuth token),
on the URL as httpx parsed it, so a parser mismatch cannot smuggle a host past it.
"""

from __future__ import annotations

import functools
import ipaddress
import re

from ._http import UrlParts, parse_url
from .errors import ConfigurationError, UnsafeURL

Origin = tuple[str, str, int | None]

# Host labels only: no trailing dot, no IDNA tricks, no percent-escapes.
_HOSTNAME = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+qualtrics\.com$")
_DATACENTER = re.compile(r"^[a-z]+[0-9]*$")


def origin(parts: UrlParts) -> Origin:
    return (parts.scheme, parts.host, parts.effective_port)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_qualtrics(parts: UrlParts) -> bool:
    return (
        parts.scheme == "https"
        and not parts.has_userinfo
        and parts.effective_port == 443
        and _HOSTNAME.match(parts.host) is not None
    )


def is_trusted(parts: UrlParts, base: Origin) -> bool:
    return _trusted(parts.scheme, parts.host, parts.effective_port, parts.has_userinfo, base)


@functools.lru_cache(maxsize=256)
def _trusted(scheme: str, host: str, port: int | None, has_userinfo: bool, base: Origin) -> bool:
    # The verdict per origin: keyed by everything it reads, so an origin never seen before is always checked.
    if has_userinfo:
        return False
    if (scheme, host, port) == base:
        return True
    return scheme == "https" and port == 443 and _HOSTNAME.match(host) is not None  # as `is_qualtrics`


def require_trusted(url: str | UrlParts, base: Origin) -> UrlParts:
    if isinstance(url, str):
        try:
            url = parse_url(url)
        except ValueError:
            raise UnsafeURL("refusing to send credentials to an unparseable URL") from None
    if not is_trusted(url, base):
        # The host is safe to name; the URL's query might not be, so it stays out of the message.
        raise UnsafeURL(
            f"refusing to send credentials to {url.scheme}://{url.host}: not a Qualtrics host "
            "nor the configured base URL"
        )
    return url


def base_url_for_datacenter(datacenter: str) -> str:
    if not _DATACENTER.match(datacenter) or len(datacenter) > 16:
        raise ConfigurationError(
            f"invalid datacenter id {datacenter!r}: expected lowercase letters and digits, e.g. iad1, fra1, ca1"
        )
    return f"https://{datacenter}.qualtrics.com"


def validate_base_url(url: str) -> tuple[str, Origin]:
    """Normalise a base URL; http is allowed only on loopback (the local mock)."""
    try:
        parts = parse_url(url)
    except ValueError as exc:  # its message names the problem (port out of range...), never the URL
        raise ConfigurationError(f"invalid base URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.host:
        raise ConfigurationError("base URL must be http(s)://host[:port]")
    if parts.has_userinfo:
        raise ConfigurationError("base URL must not carry user:password@")
    if parts.scheme == "http" and not is_loopback(parts.host):
        raise ConfigurationError("plain http is allowed only for a loopback base URL (the local mock)")
    if parts.path not in ("", "/") or parts.query:
        raise ConfigurationError("base URL must be an origin only; operation paths carry /API/v3")
    netloc = parts.host if ":" not in parts.host else f"[{parts.host}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    return f"{parts.scheme}://{netloc}", origin(parts)
