"""Languages enabled on a survey and its translations, one flat map per language keyed by the survey's texts."""

from __future__ import annotations

import httpx

from qualtrics_mock import MockQualtrics

from .conftest import error_of, first_survey, result


def test_enable_a_language_then_translate_into_it(client: httpx.Client, mock: MockQualtrics) -> None:
    survey_id = first_survey(client)
    languages = f"/API/v3/surveys/{survey_id}/languages"
    assert result(client.get(languages)) == {"AvailableLanguages": ["EN"]}
    error_of(client.get(f"/API/v3/surveys/{survey_id}/translations/ES"), 400)  # not enabled yet
    error_of(client.put(languages, json={"AvailableLanguages": ["ES"]}), 400)  # must keep the survey's own
    assert client.put(languages, json={"AvailableLanguages": ["EN", "ES"]}).json().get("result") is None
    assert result(client.get(languages))["AvailableLanguages"] == ["EN", "ES"]

    translations = f"/API/v3/surveys/{survey_id}/translations/ES"
    template = result(client.get(translations))
    assert template["QID1_QuestionText"] == ""
    assert "QID1_Choice5" in template
    assert "QID2_QuestionText" in template
    texts = {"QID1_QuestionText": "¿Qué tan satisfecho está?", "QID1_Choice1": "Muy satisfecho"}
    result(client.put(translations, json=texts))
    again = result(client.get(translations))
    assert again["QID1_QuestionText"] == "¿Qué tan satisfecho está?"
    assert again["QID1_Choice1"] == "Muy satisfecho"
    assert again["QID1_Choice2"] == ""
    assert result(client.get(f"/API/v3/surveys/{survey_id}/translations/es"))["QID1_Choice1"] == "Muy satisfecho"
    result(client.put(translations, json={"QID1_Choice2": "Satisfecho"}))  # replaces: the others are gone
    replaced = result(client.get(translations))
    assert replaced["QID1_Choice2"] == "Satisfecho"
    assert replaced["QID1_Choice1"] == ""
    error_of(client.get("/API/v3/surveys/SV_000000000000000/languages"), 404)
    assert mock.response_problems == []
