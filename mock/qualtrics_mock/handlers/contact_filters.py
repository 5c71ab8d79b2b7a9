"""XM Directory contact filters, as contact search and contact exports take them, evaluated on stored contacts.

A filter is one criterion (`filterType`, `comparison`, then `value`, `mailingListId` or `field`) or several
joined by `conjunction` (`and`/`or`) under `filters` (search) or `contactFilterExpressions` (exports). String
comparisons ignore case and surrounding spaces; dates compare by day when the value is a bare date.
Pure functions: the handlers pass in the contact and the ids of the lists it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ..envelope import ApiError, invalid_parameter

STRING_FIELDS = {
    "email": "email",
    "firstName": "firstName",
    "lastName": "lastName",
    "language": "language",
    "phone": "phone",
    "extRef": "extRef",
}
DATE_FIELDS = {"created": "creationDate", "lastModified": "lastModified"}
INFO_FIELDS = ("email", "extRef", "firstName", "lastName")
MAX_COMBINED = 5
_NUMERIC: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "neq": lambda a, b: a != b,
    "gt": lambda a, b: a > b,
    "lt": lambda a, b: a < b,
    "gte": lambda a, b: a >= b,
    "lte": lambda a, b: a <= b,
}

Predicate = Callable[[dict[str, Any], set[str]], bool]


def compile_filter(spec: Any, where: str = "filter") -> Predicate:
    """A predicate over (contact, its mailing-list ids); a filter Qualtrics would refuse raises a 400."""
    if spec is None:
        return lambda _contact, _lists: True
    if not isinstance(spec, dict):
        raise invalid_parameter(where)
    if "conjunction" in spec:
        return _combined(spec, where)
    kind = spec.get("filterType")
    comparison = spec.get("comparison")
    if kind in STRING_FIELDS:
        return _string(STRING_FIELDS[kind], comparison, spec.get("value"), where)
    if kind in DATE_FIELDS:
        return _date(DATE_FIELDS[kind], comparison, spec.get("value"), where)
    if kind == "inList":
        return _in_list(comparison, spec.get("mailingListId"), where)
    if kind == "infoFieldState":
        return _info_state(spec.get("field"), comparison, where)
    raise invalid_parameter(f"{where}.filterType")


def _combined(spec: dict[str, Any], where: str) -> Predicate:
    conjunction = spec.get("conjunction")
    parts = spec.get("filters", spec.get("contactFilterExpressions"))
    if conjunction not in ("and", "or"):
        raise invalid_parameter(f"{where}.conjunction")
    if not isinstance(parts, list) or not parts:
        raise invalid_parameter(f"{where}.filters")
    if len(parts) > MAX_COMBINED:
        raise ApiError(400, f"Invalid request. At most {MAX_COMBINED} filters can be combined.")
    predicates = [compile_filter(part, f"{where}.filters[{n}]") for n, part in enumerate(parts)]
    if conjunction == "and":
        return lambda contact, lists: all(p(contact, lists) for p in predicates)
    return lambda contact, lists: any(p(contact, lists) for p in predicates)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip().lower()


def _string(field: str, comparison: Any, value: Any, where: str) -> Predicate:
    if comparison not in ("eq", "neq") or not isinstance(value, str | int | float):
        raise invalid_parameter(f"{where}.comparison" if comparison not in ("eq", "neq") else f"{where}.value")
    wanted = _text(value)
    if comparison == "eq":
        return lambda contact, _lists: _text(contact.get(field)) == wanted
    return lambda contact, _lists: _text(contact.get(field)) != wanted


def parse_when(value: Any) -> tuple[datetime, bool] | None:
    """(moment, bare date?) for `yyyy-MM-dd` or `yyyy-MM-dd hh:mm:ss` (ISO 8601 is accepted too)."""
    text = str(value).strip()
    for pattern, bare in (("%Y-%m-%d", True), ("%Y-%m-%d %H:%M:%S", False)):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC), bare
        except ValueError:
            continue
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)), False


def contact_moment(contact: dict[str, Any], field: str) -> datetime | None:
    """A contact date (epoch milliseconds in the store) as a UTC datetime."""
    raw = contact.get(field)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return datetime.fromtimestamp(raw / 1000, UTC)
    return None


def _date(field: str, comparison: Any, value: Any, where: str) -> Predicate:
    operator = _NUMERIC.get(str(comparison))
    parsed = parse_when(value) if value is not None else None
    if operator is None:
        raise invalid_parameter(f"{where}.comparison")
    if parsed is None:
        raise invalid_parameter(f"{where}.value")
    moment, bare = parsed

    def check(contact: dict[str, Any], _lists: set[str]) -> bool:
        when = contact_moment(contact, field)
        if when is None:
            return False
        if bare:
            return operator(when.date(), moment.date())
        return operator(when.replace(microsecond=0), moment.replace(microsecond=0))

    return check


def _in_list(comparison: Any, mailing_list_id: Any, where: str) -> Predicate:
    if isinstance(comparison, str) and comparison.lower() in ("true", "false"):
        comparison = comparison.lower() == "true"
    if not isinstance(comparison, bool):
        raise invalid_parameter(f"{where}.comparison")
    if not isinstance(mailing_list_id, str) or not mailing_list_id:
        raise invalid_parameter(f"{where}.mailingListId")
    return lambda _contact, lists: (mailing_list_id in lists) == comparison


def _info_state(field: Any, comparison: Any, where: str) -> Predicate:
    if field not in INFO_FIELDS:
        raise invalid_parameter(f"{where}.field")
    if comparison not in ("empty", "notEmpty"):
        raise invalid_parameter(f"{where}.comparison")
    want_empty = comparison == "empty"
    return lambda contact, _lists: (_text(contact.get(field)) == "") == want_empty
