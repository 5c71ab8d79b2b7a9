"""translations: the languages enabled on a survey and, per language, its translated texts as one flat map
(`QID1_QuestionText`, `QID1_Choice1`, ...), the keys the survey's questions give."""

from __future__ import annotations

from typing import Any

from ..context import NO_RESULT, Context, route
from ..envelope import ApiError
from .common import survey_of


def _translatable(survey: dict[str, Any]) -> list[str]:
    """The keys of every text a translation can set: each question's text and each of its choices."""
    keys = []
    for qid, question in survey["questions"].items():
        keys.append(f"{qid}_QuestionText")
        choices = question.get("Choices")
        if isinstance(choices, dict):
            keys.extend(f"{qid}_Choice{code}" for code in choices)
    return keys


def _language(ctx: Context) -> tuple[dict[str, Any], str]:
    """The survey and the language, which must be enabled on it (else 400, as an unknown language is)."""
    survey = survey_of(ctx)
    code = ctx.path.get("languageCode", "").upper()
    if code not in [str(c).upper() for c in survey.get("languages") or []]:
        raise ApiError(400, f"The language {code} is not enabled on the survey.")
    return survey, code


@route("getSurveyLanguages")
def get_languages(ctx: Context) -> Any:
    return {"AvailableLanguages": list(survey_of(ctx).get("languages") or [])}


@route("updateSurveyLanguages")
def update_languages(ctx: Context) -> Any:
    """The list sent replaces the enabled languages; it must keep the survey's own language."""
    survey = survey_of(ctx)
    wanted = [str(code).upper() for code in ctx.json.get("AvailableLanguages") or []]
    base = str(survey.get("language") or (survey.get("languages") or ["EN"])[0]).upper()
    if base not in wanted:
        raise ApiError(400, f"The survey's language {base} must stay enabled.")
    survey["languages"] = list(dict.fromkeys(wanted))
    return NO_RESULT


@route("getSurveyTranslations")
def get_translations(ctx: Context) -> Any:
    survey, code = _language(ctx)
    stored = survey.setdefault("translations", {}).get(code, {})
    return {key: stored.get(key, "") for key in _translatable(survey)} | dict(stored)


@route("updateSurveyTranslations")
def update_translations(ctx: Context) -> Any:
    """The map sent replaces the language's translations, which is why the document asks callers to include
    the ones that exist already."""
    survey, code = _language(ctx)
    texts = {str(key): value for key, value in ctx.json.items() if isinstance(value, str)}
    survey.setdefault("translations", {})[code] = texts
    return NO_RESULT
