"""Family handlers; importing this package registers them (see context.route)."""

from . import (
    auth,
    definition_documents,
    definitions,
    directories,
    distributions,
    event_subscriptions,
    generic,
    libraries,
    quotas,
    responses,
    sessions,
    sms,
    surveys,
    translations,
    versions,
)

__all__ = [
    "auth",
    "definition_documents",
    "definitions",
    "directories",
    "distributions",
    "event_subscriptions",
    "generic",
    "libraries",
    "quotas",
    "responses",
    "sessions",
    "sms",
    "surveys",
    "translations",
    "versions",
]
