"""Saved response filters of a survey (what an export's `filterId` names), with the predicate each applies.

Qualtrics keeps filters that users build in the Data & Analysis tab; the API only lists them. The mock gives
every survey three, made on first use, so `listSurveyFilters` and `filterId` exports have real state to agree on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .state import Brand

_KEY = "responses:filters"  # brand.documents key: survey id -> filters (no API path is spelled like this)
Predicate = Callable[[dict[str, Any]], bool]


@dataclass(frozen=True)
class SavedFilter:
    filter_id: str
    name: str
    created: str
    keep: Predicate

    def listed(self) -> dict[str, Any]:
        return {"filterId": self.filter_id, "filterName": self.name, "creationDate": self.created}


def _finished(response: dict[str, Any]) -> bool:
    return str(response["values"].get("finished")) == "1"


def _dissatisfied(response: dict[str, Any]) -> bool:
    return str(response["values"].get("QID1")) in ("4", "5")


def _january_2025(response: dict[str, Any]) -> bool:
    return str(response["values"].get("recordedDate", "")).startswith("2025-01")


def filters_of(brand: Brand, survey: dict[str, Any]) -> list[SavedFilter]:
    by_survey: dict[str, list[SavedFilter]] = brand.documents.setdefault(_KEY, {})
    found = by_survey.get(survey["id"])
    if found is None:
        # Ids from the survey id, so the same seed gives the same filter ids run after run.
        def make_id(name: str) -> str:
            return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{survey['id']}/{name}"))

        created = str(survey.get("creationDate") or "2025-01-01T00:00:00Z")
        found = [
            SavedFilter(make_id("finished"), "Finished responses", created, _finished),
            SavedFilter(make_id("dissatisfied"), "Dissatisfied (Q1 4 or 5)", created, _dissatisfied),
            SavedFilter(make_id("january"), "Recorded in January 2025", created, _january_2025),
        ]
        by_survey[survey["id"]] = found
    return found


def find_filter(brand: Brand, survey: dict[str, Any], filter_id: str) -> SavedFilter | None:
    return next((f for f in filters_of(brand, survey) if f.filter_id == filter_id), None)
