"""The quotas and quota groups of a survey, kept on the survey record, and how responses fill them.

A quota counts a finished response whose answers meet its `Logic`; once `Count` reaches `Occurrences` the quota
is full: it counts no more, and (with the default action, `EndCurrentSurvey`) a respondent who meets it is
sent to the end of the survey. Plain functions over the survey record, so they are testable without HTTP and
shared by the quota handlers, sessions and seeding.
"""

from __future__ import annotations

import copy
import random
import string
from typing import Any

from .surveydef import evaluate_logic, selected

QUOTAS = "quotas"  # survey record key: quota id -> quota
GROUPS = "quotaGroups"  # survey record key: group id -> group
_ALPHABET = string.ascii_letters + string.digits
ENDS_SURVEY = "EndCurrentSurvey"


def new_id(prefix: str, taken: dict[str, Any], rng: random.Random) -> str:
    while True:
        candidate = prefix + "".join(rng.choice(_ALPHABET) for _ in range(15))
        if candidate not in taken:
            return candidate


def quotas(survey: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = survey.setdefault(QUOTAS, {})
    return found


def groups(survey: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = survey.setdefault(GROUPS, {})
    return found


def _number(value: Any, default: int) -> int:
    """Counts and limits may arrive as numbers or as strings of digits."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def limit_of(quota: dict[str, Any]) -> int:
    return _number(quota.get("Occurrences"), 100)


def count_of(quota: dict[str, Any]) -> int:
    return _number(quota.get("Count"), 0)


def is_full(quota: dict[str, Any]) -> bool:
    return count_of(quota) >= limit_of(quota)


def matches(quota: dict[str, Any], answers: dict[str, Any]) -> bool:
    """Whether answers meet the quota's logic; logic that is empty or not Qualtrics's shape meets nothing."""
    logic = quota.get("Logic")
    parts = logic if isinstance(logic, list) else [logic]
    usable = [p for p in parts if isinstance(p, dict) and any(str(k).isdigit() for k in p)]
    return bool(usable) and all(evaluate_logic(part, answers) for part in usable)


def default_group(survey: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The group a quota created without `quotaGroupId` joins; Qualtrics keeps one per survey."""
    for group in groups(survey).values():
        return group
    group_id = new_id("QG_", groups(survey), rng)
    group = {
        "ID": group_id,
        "Name": "Quota Group 1",
        "Selected": False,
        "MultipleMatch": "PlaceInAll",
        "Public": False,
        "Quotas": [],
    }
    groups(survey)[group_id] = group
    return group


def add_quota(survey: dict[str, Any], body: dict[str, Any], group: dict[str, Any], rng: random.Random) -> str:
    """Store a new quota from a create body; the body's `ID` is kept when it is a free `QO_` id."""
    wanted = body.get("ID")
    free = isinstance(wanted, str) and wanted.startswith("QO_") and wanted not in quotas(survey)
    quota_id = str(wanted) if free else new_id("QO_", quotas(survey), rng)
    quota = {"Count": 0, "LogicType": "Simple", "QuotaSchedule": None, **copy.deepcopy(body), "ID": quota_id}
    quotas(survey)[quota_id] = quota
    group.setdefault("Quotas", []).append(quota_id)
    return quota_id


def replace_quota(survey: dict[str, Any], quota_id: str, body: dict[str, Any]) -> None:
    """An update replaces the definition; the count so far stays unless the body sets one."""
    old = quotas(survey)[quota_id]
    quotas(survey)[quota_id] = {"Count": old.get("Count", 0), **copy.deepcopy(body), "ID": quota_id}


def remove_quota(survey: dict[str, Any], quota_id: str) -> None:
    quotas(survey).pop(quota_id, None)
    for group in groups(survey).values():
        group["Quotas"] = [q for q in group.get("Quotas") or [] if q != quota_id]


def remove_group(survey: dict[str, Any], group_id: str) -> None:
    """Deleting a group deletes its quotas too."""
    group = groups(survey).pop(group_id)
    for quota_id in list(group.get("Quotas") or []):
        quotas(survey).pop(quota_id, None)


def _fill(quota: dict[str, Any]) -> float:
    return count_of(quota) / limit_of(quota) if limit_of(quota) else 1.0


# How a group chooses among several of its quotas that one response meets (`MultipleMatch`); the rest of the
# names pick one quota, `PlaceInAll` (the default) counts the response in every one.
_PICKS = {
    "LeastFilled": lambda met: min(met, key=count_of),
    "MostFilled": lambda met: max(met, key=count_of),
    "LeastFilledPercent": lambda met: min(met, key=_fill),
    "MostFilledPercent": lambda met: max(met, key=_fill),
    "CurrentDefinedOrder": lambda met: met[0],
    "ReverseOrder": lambda met: met[-1],
}


def record(survey: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    """Count a finished response against the quotas it meets that are not full, as each quota's group's
    `MultipleMatch` says; quotas in no group count it whenever they match. Returns the ids that counted it."""
    met = {qid: q for qid, q in quotas(survey).items() if matches(q, answers) and not is_full(q)}
    counted: list[str] = []
    grouped: set[str] = set()
    for group in groups(survey).values():
        members = [met[qid] for qid in group.get("Quotas") or [] if qid in met]
        grouped.update(str(q) for q in group.get("Quotas") or [])
        pick = _PICKS.get(str(group.get("MultipleMatch") or "PlaceInAll"))
        chosen = [pick(members)] if pick and members else members
        counted += [q["ID"] for q in chosen if q["ID"] not in counted]
    counted += [qid for qid in met if qid not in grouped and qid not in counted]
    for quota_id in counted:
        quotas(survey)[quota_id]["Count"] = count_of(quotas(survey)[quota_id]) + 1
    return counted


def closes_survey(survey: dict[str, Any], answers: dict[str, Any]) -> bool:
    """Whether the answers so far meet a full quota whose action ends the survey for the respondent."""
    return any(
        str(quota.get("QuotaAction") or ENDS_SURVEY) == ENDS_SURVEY and is_full(quota) and matches(quota, answers)
        for quota in quotas(survey).values()
    )


# The ids the spec's examples name (quotaId, quotaGroupId) belong to the seeded first survey's quota and group,
# so the spec's own examples reach real data.
FIRST_QUOTA_ID = "QO_EI9KoaKyVNqatAd"
FIRST_GROUP_ID = "QG_NjQyHmg3bpNHlEl"


def seed(survey: dict[str, Any], answers_seen: list[dict[str, Any]], *, first: bool = False) -> None:
    """One group with one quota (dissatisfied respondents, QID1 choice 5), counted over the seeded answers.
    Ids come from the survey id, so seeding them takes nothing from the shared id sequence."""
    rng = random.Random(survey["id"])  # noqa: S311 - ids, not secrets
    group_id = FIRST_GROUP_ID if first else new_id("QG_", groups(survey), rng)
    group = {
        "ID": group_id,
        "Name": "Quota Group 1",
        "Selected": False,
        "MultipleMatch": "PlaceInAll",
        "Public": False,
        "Quotas": [],
    }
    groups(survey)[group_id] = group
    ends = {"ActionType": ENDS_SURVEY, "Type": "Expression", "LogicType": "QuotaAction"}
    quota = {
        "ID": FIRST_QUOTA_ID if first else "",
        "Name": "Dissatisfied customers",
        "Occurrences": 100,
        "Logic": {"0": {"0": selected("QID1", 5), "Type": "If"}, "Type": "BooleanExpression"},
        "QuotaAction": ENDS_SURVEY,
        "ActionInfo": {"0": {"0": ends, "Type": "If"}, "Type": "BooleanExpression"},
        "QuotaRealm": "Survey",
        "EndSurveyOptions": {
            "EndingType": "Default",
            "ResponseFlag": "QuotaMet",
            "SurveyTermination": "DefaultMessage",
        },
    }
    add_quota(survey, quota, group, rng)
    for answers in answers_seen:
        record(survey, answers)
