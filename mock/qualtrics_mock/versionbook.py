"""Saved versions of a survey, kept on the survey record: each holds its metadata and a copy of the definition
as it was, so a version reads the same after the survey changes. Plain functions, testable without HTTP."""

from __future__ import annotations

import copy
from typing import Any

VERSIONS = "versions"  # survey record key: versions, oldest first
FIRST_VERSION_ID = 9223370503198923603  # Qualtrics version ids are long numbers, sent as strings
SNAPSHOT_KEYS = (
    "id",
    "name",
    "description",
    "ownerId",
    "isActive",
    "language",
    "languages",
    "creationDate",
    "lastModified",
    "lastActivated",
    "startDate",
    "expirationDate",
    "questions",
    "blocks",
    "flow",
    "options",
    "projectCategory",
)


def versions(survey: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = survey.setdefault(VERSIONS, [])
    return found


def save(survey: dict[str, Any], description: str, published: bool, user_id: str, when: str) -> dict[str, Any]:
    """A new version of the survey as it is now; publishing it unpublishes the others."""
    saved = versions(survey)
    number = len(saved) + 1
    metadata = {
        "description": description,
        "surveyID": survey["id"],
        "versionID": str(FIRST_VERSION_ID + 506 * (number - 1)),
        "versionNumber": number,
        "userID": user_id,
        "creationDate": when,
        "published": published,
        "wasPublished": published,
        "publishEvents": [{"date": when, "userID": user_id}] if published else [],
    }
    if published:
        for other in saved:
            other["metadata"]["published"] = False
    snapshot = {key: copy.deepcopy(survey[key]) for key in SNAPSHOT_KEYS if key in survey}
    version = {"metadata": metadata, "survey": snapshot}
    saved.append(version)
    return version


def find(survey: dict[str, Any], version_id: str) -> dict[str, Any] | None:
    return next((v for v in versions(survey) if v["metadata"]["versionID"] == version_id), None)


def listing(survey: dict[str, Any]) -> list[dict[str, Any]]:
    """Metadata of every version, newest first."""
    return [copy.deepcopy(v["metadata"]) for v in reversed(versions(survey))]


def seed(survey: dict[str, Any]) -> None:
    """An active seeded survey was published once, when it was activated."""
    if survey.get("isActive"):
        when = str(survey.get("lastActivated") or survey.get("lastModified") or survey.get("creationDate"))
        save(survey, "User-published version", True, str(survey.get("ownerId")), when)
