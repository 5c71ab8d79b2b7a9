"""A survey record as the survey-definitions API shows it: the whole definition, its QSF document, its metadata
and options, in Qualtrics's PascalCase with its drift (counts as strings, flags as "true"/"false", MySQL
datetimes in a QSF with `0000-00-00 00:00:00` for none). Also the other way: a QSF document into a record."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from .surveydef import parse_iso

NO_DATE = "0000-00-00 00:00:00"
DEFAULT_OPTIONS: dict[str, Any] = {
    "BackButton": "false",
    "SaveAndContinue": "true",
    "SurveyProtection": "PublicSurvey",
    "BallotBoxStuffingPrevention": "false",
    "NoIndex": "Yes",
    "SecureResponseFiles": "true",
    "SurveyExpiration": "None",
    "SurveyTermination": "DefaultMessage",
    "Header": "",
    "Footer": "",
    "ProgressBarDisplay": "None",
    "PartialData": "+1 week",
    "ValidationMessage": "",
    "PreviousButton": " ← ",
    "NextButton": " → ",
    "SkinLibrary": "Qualtrics",
    "SkinType": "MQ",
    "Skin": "xmskin",
    "NewScoring": 1,
}
SCORING: dict[str, Any] = {
    "ScoringCategories": [],
    "ScoringCategoryGroups": [],
    "ScoringSummaryCategory": None,
    "ScoringSummaryAfterQuestions": 0,
    "ScoringSummaryAfterSurvey": 0,
    "DefaultScoringCategory": None,
    "AutoScoringCategory": None,
}


def mysql(text: Any) -> str:
    """An ISO 8601 instant as the MySQL datetime a QSF carries; none is `0000-00-00 00:00:00`."""
    if not isinstance(text, str) or not text:
        return NO_DATE
    try:
        return parse_iso(text).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return NO_DATE


def mysql_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


def status_of(survey: dict[str, Any]) -> str:
    return "Active" if survey.get("isActive") else "Inactive"


def response_set(survey: dict[str, Any]) -> str:
    """Each survey has one default response set; its id follows from the survey id."""
    return "RS_" + str(survey["id"])[3:]


def options_of(survey: dict[str, Any]) -> dict[str, Any]:
    stored: dict[str, Any] = survey.setdefault("options", copy.deepcopy(DEFAULT_OPTIONS))
    return stored


def options_view(survey: dict[str, Any]) -> dict[str, Any]:
    return {
        **copy.deepcopy(options_of(survey)),
        "SurveyLanguage": survey.get("language") or (survey.get("languages") or ["EN"])[0],
        "ActiveResponseSet": response_set(survey),
        "SurveyStartDate": survey.get("startDate"),
        "SurveyExpirationDate": survey.get("expirationDate"),
        "SurveyCreationDate": survey.get("creationDate"),
    }


def block_view(block_id: str, block: dict[str, Any]) -> dict[str, Any]:
    """A block with its id as `ID`, whatever key the record used."""
    view = {k: copy.deepcopy(v) for k, v in block.items() if k != "BlockID"}
    view["ID"] = block_id
    return view


def question_view(question: dict[str, Any]) -> dict[str, Any]:
    view = copy.deepcopy(question)
    view.setdefault("Language", [])
    return view


def metadata_view(survey: dict[str, Any], brand_id: str, *, qsf: bool = False) -> dict[str, Any]:
    """`SurveyEntry` of a QSF (MySQL dates) or the metadata endpoint's result (ISO 8601 or null)."""

    def when(key: str) -> str | None:
        value = survey.get(key)
        return mysql(value) if qsf else value

    return {
        "SurveyID": survey["id"],
        "SurveyName": survey.get("name"),
        "SurveyDescription": survey.get("description"),
        "SurveyOwnerID": survey.get("ownerId"),
        "SurveyBrandID": brand_id,
        "DivisionID": None,
        "SurveyLanguage": survey.get("language") or (survey.get("languages") or ["EN"])[0],
        "SurveyActiveResponseSet": response_set(survey),
        "SurveyStatus": status_of(survey),
        "SurveyStartDate": when("startDate"),
        "SurveyExpirationDate": when("expirationDate"),
        "SurveyCreationDate": when("creationDate"),
        "CreatorID": survey.get("ownerId"),
        "LastModified": when("lastModified"),
        "LastAccessed": when("lastAccessed"),
        "LastActivated": when("lastActivated") if survey.get("isActive") else (NO_DATE if qsf else None),
        "Deleted": None,
    }


def definition_view(survey: dict[str, Any], brand_id: str) -> dict[str, Any]:
    return {
        "QuestionCount": str(len(survey["questions"])),
        "SurveyOptions": options_view(survey),
        "SurveyID": survey["id"],
        "SurveyName": survey.get("name"),
        "SurveyStatus": status_of(survey),
        "LastModified": survey.get("lastModified"),
        "BrandID": brand_id,
        "OwnerID": survey.get("ownerId"),
        "LastAccessed": survey.get("lastAccessed"),
        "CreatorID": survey.get("ownerId"),
        "LastActivated": survey.get("lastActivated") if survey.get("isActive") else None,
        "Questions": {qid: question_view(q) for qid, q in survey["questions"].items()},
        "Blocks": {bid: block_view(bid, b) for bid, b in survey["blocks"].items()},
        "ResponseSets": {response_set(survey): "Default Response Set"},
        "SurveyFlow": copy.deepcopy(survey["flow"]),
        "Scoring": copy.deepcopy(SCORING),
        "ProjectInfo": {
            "SurveyID": survey["id"],
            "ProjectCategory": survey.get("projectCategory") or "CORE",
            "ProjectType": None,
            "CompositionType": None,
            "ContentBundle": None,
        },
        "BrandBaseURL": f"https://{brand_id}.qualtrics.com",
    }


def _element(survey: dict[str, Any], element: str, primary: str, payload: Any, **more: Any) -> dict[str, Any]:
    return {
        "SurveyID": survey["id"],
        "Element": element,
        "PrimaryAttribute": primary,
        "SecondaryAttribute": more.get("secondary"),
        "TertiaryAttribute": more.get("tertiary"),
        "Payload": payload,
    }


def qsf_view(survey: dict[str, Any], brand_id: str) -> dict[str, Any]:
    blocks = [block_view(bid, b) for bid, b in survey["blocks"].items()]
    elements = [
        _element(survey, "BL", "Survey Blocks", blocks),
        _element(survey, "FL", "Survey Flow", copy.deepcopy(survey["flow"])),
        _element(survey, "SO", "Survey Options", copy.deepcopy(options_of(survey))),
        _element(survey, "SCO", "Scoring", copy.deepcopy(SCORING)),
        _element(survey, "PROJ", "CORE", {"ProjectCategory": "CORE", "SchemaVersion": "1.1.0"}, tertiary="1.1.0"),
        _element(survey, "STAT", "Survey Statistics", {"MobileCompatible": True, "ID": "Survey Statistics"}),
        _element(survey, "QC", "Survey Question Count", None, secondary=str(len(survey["questions"]))),
    ]
    for qid, question in survey["questions"].items():
        text = str(question.get("QuestionText") or "")[:100]
        elements.append(_element(survey, "SQ", qid, question_view(question), secondary=text))
    elements.append(_element(survey, "RS", response_set(survey), None, secondary="Default Response Set"))
    return {"SurveyEntry": metadata_view(survey, brand_id, qsf=True), "SurveyElements": elements}


def from_qsf(document: dict[str, Any]) -> dict[str, Any]:
    """The definition parts of a QSF document: name, language, questions, blocks, flow and options. Elements
    it does not know are ignored, as an import ignores them; blocks come as a list or a numbered map."""
    found = document.get("SurveyEntry")
    entry: dict[str, Any] = found if isinstance(found, dict) else {}
    parts: dict[str, Any] = {"name": entry.get("SurveyName"), "language": entry.get("SurveyLanguage"), "questions": {}}
    for element in document.get("SurveyElements") or []:
        if not isinstance(element, dict):
            continue
        kind, payload = element.get("Element"), element.get("Payload")
        if kind == "BL":
            listed = payload.values() if isinstance(payload, dict) else payload or []
            parts["blocks"] = {str(b["ID"]): copy.deepcopy(b) for b in listed if isinstance(b, dict) and b.get("ID")}
        elif kind == "FL" and isinstance(payload, dict):
            parts["flow"] = copy.deepcopy(payload)
        elif kind == "SO" and isinstance(payload, dict):
            parts["options"] = copy.deepcopy(payload)
        elif kind == "SQ" and isinstance(payload, dict):
            qid = str(payload.get("QuestionID") or element.get("PrimaryAttribute"))
            parts["questions"][qid] = {**copy.deepcopy(payload), "QuestionID": qid}
    return parts
