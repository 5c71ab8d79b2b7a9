"""A user's API token: created on demand (40 characters, as Qualtrics's are), then answered until replaced.

A token is only given for a user of the brand: one of its accounts, or one created through `createUser` (which the
generic store keeps under the users path).
"""

from __future__ import annotations

from typing import Any

from ..context import Context, route
from ..envelope import not_found

STORE_KEY = "user-api-tokens"  # not a path, so the generic store never seeds or lists it


def _user_id(ctx: Context) -> str:
    user_id = ctx.path.get("userId", "")
    created = ctx.brand.store.get("/API/v3/users") or {}  # users made through the generic store
    known = user_id in created or any(u.user_id == user_id for u in ctx.brand.users.values())
    if not known:
        raise not_found("user")
    return user_id


@route("createUserApiToken")
def create_user_api_token(ctx: Context) -> Any:
    token = ctx.mock.ids.new("", 40)  # seeded, so runs are reproducible
    ctx.brand.store.setdefault(STORE_KEY, {})[_user_id(ctx)] = {"apiToken": token}
    return {"apiToken": token}


@route("getUserApiToken")
def get_user_api_token(ctx: Context) -> Any:
    found = ctx.brand.store.get(STORE_KEY, {}).get(_user_id(ctx))
    if found is None:
        raise not_found("API token")
    return dict(found)
