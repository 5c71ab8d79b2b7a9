"""Family handlers; importing this package registers them (see context.route)."""

from . import (
    auth,
    definitions,
    directories,
    distributions,
    event_subscriptions,
    generic,
    libraries,
    responses,
    sessions,
    sms,
    surveys,
)

__all__ = [
    "auth",
    "definitions",
    "directories",
    "distributions",
    "event_subscriptions",
    "generic",
    "libraries",
    "responses",
    "sessions",
    "sms",
    "surveys",
]
