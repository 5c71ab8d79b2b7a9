"""Event subscriptions (webhooks): create from `{topics, publicationUrl, encrypt, sharedKey}`, list, get, delete.

Nothing is ever posted to the URL; `successfulCalls` stays 0. The shared key is kept but never shown.
"""

from __future__ import annotations

from typing import Any

from ..context import NO_RESULT, Context, route
from ..envelope import invalid_parameter, not_found
from .common import paged

STORE_KEY = "event-subscriptions"  # not a path, so the generic store never seeds or lists it


def _all(ctx: Context) -> dict[str, dict[str, Any]]:
    return ctx.brand.store.setdefault(STORE_KEY, {})


def _public(record: dict[str, Any]) -> dict[str, Any]:
    return {k: record[k] for k in ("id", "scope", "topics", "publicationUrl", "encrypted", "successfulCalls")}


def _subscription(ctx: Context) -> dict[str, Any]:
    found = _all(ctx).get(ctx.path.get("subscriptionId", ""))
    if found is None:
        raise not_found("subscription")
    return found


@route("createEventSubscription")
def create_event_subscription(ctx: Context) -> Any:
    body = ctx.json
    url = str(body.get("publicationUrl") or "")
    if not url.startswith(("https://", "http://")):
        raise invalid_parameter("publicationUrl")
    if body.get("encrypt") and not body.get("sharedKey"):
        raise invalid_parameter("sharedKey")
    record: dict[str, Any] = {
        "id": ctx.mock.ids.new("SUB_"),
        "scope": "brand",
        "topics": body.get("topics"),
        "publicationUrl": url,
        "encrypted": bool(body.get("encrypt")),
        "successfulCalls": 0,
        "sharedKey": body.get("sharedKey"),
    }
    _all(ctx)[record["id"]] = record
    return {"id": record["id"]}


@route("listEventSubscriptions")
def list_event_subscriptions(ctx: Context) -> Any:
    return paged(ctx, [_public(r) for r in _all(ctx).values()], "offset")


@route("getEventSubscription")
def get_event_subscription(ctx: Context) -> Any:
    return _public(_subscription(ctx))


@route("deleteEventSubscription")
def delete_event_subscription(ctx: Context) -> Any:
    del _all(ctx)[_subscription(ctx)["id"]]
    return NO_RESULT
