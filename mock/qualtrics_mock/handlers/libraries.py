"""Libraries and their messages in Qualtrics's shape: a user's own library (`UR_`, the user id) and a group
library (`GR_`); messages listed as `{id, description, category}`, one message with its text by language.

Library files and graphics stay with the generic store (no family behaviour is known for them).
"""

from __future__ import annotations

from typing import Any

from ..context import NO_RESULT, Context, route
from ..envelope import invalid_parameter, not_found
from .common import paged

LIBRARIES_KEY = "libraries"  # store keys that are no path, so the generic store never touches them
MESSAGES_KEY = "library-messages:"
SEEDED_MESSAGES = (
    ("invite", "Survey invitation", "<p>Dear ${m://FirstName}, please tell us about your visit: ${l://SurveyURL}</p>"),
    ("reminder", "Survey reminder", "<p>A reminder: your opinion matters. ${l://SurveyURL}</p>"),
    ("thankYou", "Thank you email", "<p>Thank you for taking our survey, ${m://FirstName}.</p>"),
    ("endOfSurvey", "End of survey message", "<p>Thank you. Your response has been recorded.</p>"),
    ("emailSubject", "Invitation subject", "Tell us about your visit"),
)


def libraries(ctx: Context) -> dict[str, dict[str, Any]]:
    """The brand's libraries, made at first use: the token user's own and one group library."""
    found = ctx.brand.store.get(LIBRARIES_KEY)
    if found is None:
        group_id = "GR_" + ctx.user.user_id[3:][::-1]
        found = {
            ctx.user.user_id: {
                "libraryId": ctx.user.user_id,
                "libraryName": f"{ctx.user.first_name} {ctx.user.last_name}",
            },
            group_id: {"libraryId": group_id, "libraryName": f"{ctx.brand.brand_id} group library"},
        }
        ctx.brand.store[LIBRARIES_KEY] = found
    return found


def messages_of(ctx: Context) -> dict[str, dict[str, Any]]:
    library_id = ctx.path.get("libraryId", "")
    if library_id not in libraries(ctx):
        raise not_found("library")
    key = MESSAGES_KEY + library_id
    if key not in ctx.brand.store:
        seeded = {}
        if library_id == ctx.user.user_id:
            for category, description, text in SEEDED_MESSAGES:
                message_id = ctx.mock.ids.new("MS_")
                seeded[message_id] = {
                    "id": message_id,
                    "description": description,
                    "category": category,
                    "messages": {"en": text},
                }
        ctx.brand.store[key] = seeded
    return ctx.brand.store[key]


def _message(ctx: Context) -> dict[str, Any]:
    found = messages_of(ctx).get(ctx.path.get("messageId", ""))
    if found is None:
        raise not_found("message")
    return found


def _texts(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise invalid_parameter("messages")
    return {str(k): v for k, v in value.items()}


@route("listLibraries")
def list_libraries(ctx: Context) -> Any:
    return paged(ctx, [dict(item) for item in libraries(ctx).values()], "offset")


@route("listLibraryMessages")
def list_library_messages(ctx: Context) -> Any:
    items = list(messages_of(ctx).values())
    if ctx.query.get("category"):
        items = [m for m in items if m["category"] == ctx.query["category"]]
    return paged(ctx, [{k: m[k] for k in ("id", "description", "category")} for m in items], "offset")


@route("createLibraryMessage")
def create_library_message(ctx: Context) -> Any:
    body = ctx.json
    message_id = ctx.mock.ids.new("MS_")
    messages_of(ctx)[message_id] = {
        "id": message_id,
        "description": body.get("description"),
        "category": body["category"],
        "messages": _texts(body.get("messages")),
    }
    return {"id": message_id}


@route("getLibraryMessage")
def get_library_message(ctx: Context) -> Any:
    found = _message(ctx)
    return {
        "id": found["id"],
        "description": found["description"],
        "category": found["category"],
        "messages": dict(found["messages"]),
    }


@route("updateLibraryMessage")
def update_library_message(ctx: Context) -> Any:
    found = _message(ctx)
    body = ctx.json
    for key in ("category", "description"):  # any category: Qualtrics has more than clients list
        if key in body:
            found[key] = body[key]
    if "messages" in body:
        found["messages"].update(_texts(body["messages"]))
    return NO_RESULT


@route("deleteLibraryMessage")
def delete_library_message(ctx: Context) -> Any:
    found = _message(ctx)
    del messages_of(ctx)[found["id"]]
    return NO_RESULT
