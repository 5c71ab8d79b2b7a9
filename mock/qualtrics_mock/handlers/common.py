"""Helpers the family handlers share: looking up brand data (404 otherwise) and shaping results."""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..envelope import not_found
from ..ids import prefix_of
from ..pagination import paged as _paged
from ..synth import example_result


def survey_of(ctx: Context, survey_id: str | None = None) -> dict[str, Any]:
    sid = survey_id or ctx.path.get("surveyId") or ""
    survey = ctx.brand.surveys.get(sid)
    if survey is None:
        raise not_found("survey")
    return survey


def documents(ctx: Context, status: int) -> bool:
    """Whether the operation's spec lists this status; handlers answer only documented errors."""
    return ctx.op.documents(status)


def survey_in_body(ctx: Context, survey_id: Any) -> dict[str, Any] | None:
    """The survey a body field names: 404 if the operation documents it, else None (the caller carries on, so
    schema-valid requests are never refused with an undocumented status)."""
    survey = ctx.brand.surveys.get(str(survey_id))
    if survey is None and documents(ctx, 404):
        raise not_found("survey")
    return survey


def directory_of(ctx: Context) -> str:
    directory_id = ctx.path.get("directoryId", "")
    if directory_id not in ctx.brand.directories:
        raise not_found("directory")
    return directory_id


def mailing_list_of(ctx: Context) -> dict[str, Any]:
    lists = ctx.brand.mailing_lists.get(directory_of(ctx), {})
    found = lists.get(ctx.path.get("mailingListId", ""))
    if found is None:
        raise not_found("mailing list")
    return found


def with_example(ctx: Context, values: dict[str, Any]) -> dict[str, Any]:
    """The spec's example result (so documented fields are present) overlaid with real values."""
    base = example_result(ctx.mock.spec, ctx.op)
    if not isinstance(base, dict):
        return values
    # An example id the values do not name (e.g. `contactId` beside our `id`) takes the new id of its prefix.
    new_ids = {prefix_of(v): v for v in values.values() if prefix_of(v)}
    for key, value in base.items():
        if key not in values and prefix_of(value) in new_ids:
            base[key] = new_ids[prefix_of(value)]
    return {**base, **values}


def paged(ctx: Context, items: list[Any], default_style: str = "offset") -> dict[str, Any]:
    """One page in the style the operation declares (x-pagination), with an absolute nextPage URL."""
    return _paged(ctx, items, default_style)
