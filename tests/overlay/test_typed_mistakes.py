"""Every mistake is refused before a request leaves, with a typed error naming the operation.

The transports here fail the test if they are called at all, so "refused" means nothing was sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from qualtrics_client import (
    AsyncQualtrics,
    InvalidArguments,
    InvalidBody,
    MissingParameter,
    NotAJob,
    NotPaginated,
    Qualtrics,
    QualtricsError,
    UnknownBodyField,
    UnknownOperation,
    UnknownParameter,
    UnsafePathValue,
    UsageError,
)

from ._httpx import httpx
from .conftest import TOKEN, envelope


def refuse(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"nothing may be sent: {request.method} {request.url}")


def sync_client(**options: Any) -> Qualtrics:
    return Qualtrics(TOKEN, datacenter="iad1", transport=httpx.MockTransport(refuse), **options)


def async_client() -> AsyncQualtrics:
    return AsyncQualtrics(TOKEN, datacenter="iad1", transport=httpx.MockTransport(refuse))


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run(coroutine)


UNSAFE_PATH_VALUES = ["", " ", ".", "..", "a/b", "a?b", "a#b", "a\\b", "%2e%2E", "%252E%252E", "..%2F", "a\nb"]


@pytest.mark.parametrize("value", UNSAFE_PATH_VALUES)
def test_path_values_that_leave_their_segment_are_refused(value: str) -> None:
    client = sync_client()
    with pytest.raises(UnsafePathValue, match="removeMailingListContact: path parameter mailing_list_id=") as caught:
        client.directories.remove_mailing_list_contact(directory_id="POOL_1", mailing_list_id=value, contact_id="C")
    assert caught.value.operation_id == "removeMailingListContact"
    with pytest.raises(UnsafePathValue, match="getSurvey"):
        client.surveys.get_survey(survey_id=value)
    with pytest.raises(UnsafePathValue, match="getSurvey"):
        client.call("getSurvey", survey_id=value)
    with pytest.raises(UnsafePathValue, match="getSurvey"):
        run(async_client().surveys.get_survey(survey_id=value))


def test_unknown_operation_suggests_the_near_one() -> None:
    client = sync_client()
    for attempt in (
        lambda: client.call("getSurvy", survey_id="SV_1"),
        lambda: client.paginate("listSurvey"),
        lambda: client.run_job("exportResponse", survey_id="SV_1"),
    ):
        with pytest.raises(UnknownOperation, match="did you mean") as caught:
            attempt()
        assert isinstance(caught.value, LookupError)
    with pytest.raises(UnknownOperation, match="'getSurvy'; did you mean 'getSurvey'"):
        client.call("getSurvy")


def test_unknown_keyword_suggests_the_right_one_on_both_surfaces() -> None:
    client = sync_client()
    with pytest.raises(UnknownParameter, match="getSurvey takes no parameter 'survey_idd'; did you mean 'survey_id'"):
        client.surveys.get_survey(survey_idd="SV_1")  # type: ignore[call-arg]
    with pytest.raises(UnknownParameter, match="'surveyId'; did you mean 'survey_id'") as caught:
        client.call("getSurvey", surveyId="SV_1")
    assert caught.value.suggestion == "survey_id"
    assert isinstance(caught.value, TypeError)
    with pytest.raises(UnknownParameter, match="pageSize'; did you mean 'page_size'"):
        client.surveys.paginate_list_surveys(pageSize=10)  # type: ignore[call-arg]
    with pytest.raises(UnknownParameter, match="getSurvey"):
        run(async_client().surveys.get_survey(survey_idd="SV_1"))  # type: ignore[call-arg]


def test_missing_required_parameter() -> None:
    client = sync_client()
    with pytest.raises(MissingParameter, match="getSurvey needs survey_id"):
        client.surveys.get_survey()  # type: ignore[call-arg]
    with pytest.raises(MissingParameter, match="getSurvey needs survey_id"):
        client.call("getSurvey")
    with pytest.raises(MissingParameter, match="exportResponses needs body"):
        client.responses.export_responses(survey_id="SV_1")  # type: ignore[call-arg]
    with pytest.raises(MissingParameter, match="exportResponses needs body"):
        run(async_client().responses.export_responses(survey_id="SV_1"))  # type: ignore[call-arg]
    with pytest.raises(MissingParameter, match="exportResponses needs body"):
        client.call("exportResponses", survey_id="SV_1", body=None)


def test_too_many_positional_arguments() -> None:
    method: Any = sync_client().surveys.get_survey  # untyped on purpose: mypy would refuse the call
    with pytest.raises(InvalidArguments, match="getSurvey"):
        method("SV_1", "SV_2")


@pytest.mark.parametrize("body", ["x", 3, True, ["format"]])
def test_a_body_that_is_not_an_object(body: Any) -> None:
    client = sync_client()
    with pytest.raises(InvalidBody, match="exportResponses: the body must be an object"):
        client.responses.export_responses(survey_id="SV_1", body=body)
    with pytest.raises(InvalidBody, match="exportResponses"):
        client.call("exportResponses", survey_id="SV_1", body=body)


def test_dict_body_keys_are_checked_with_suggestions() -> None:
    client = sync_client()
    with pytest.raises(UnknownBodyField) as caught:
        client.responses.export_responses(survey_id="SV_1", body={"format": "csv", "uselabels": True, "Format": 1})
    message = str(caught.value)
    assert "body.uselabels (did you mean 'useLabels'?)" in message
    assert "body.Format (did you mean 'format'?)" in message
    assert caught.value.operation_id == "exportResponses"
    with pytest.raises(UnknownBodyField, match=r"body\.noSuchOption"):
        client.call("exportResponses", survey_id="SV_1", body={"format": "csv", "noSuchOption": 1})


def test_the_body_check_can_be_turned_off() -> None:
    sent: list[bytes] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.read())
        return httpx.Response(200, json=envelope({"progressId": "ES_1", "percentComplete": 0, "status": "inProgress"}))

    client = Qualtrics(TOKEN, datacenter="iad1", transport=httpx.MockTransport(answer), check_body=False)
    client.responses.export_responses(survey_id="SV_1", body={"format": "csv", "undocumentedOption": True})
    assert b'"undocumentedOption": true' in sent[0] or b'"undocumentedOption":true' in sent[0]
    with pytest.raises(InvalidBody):  # only the key check is off: a body must still be an object
        client.call("exportResponses", survey_id="SV_1", body="x")


def test_paginate_on_an_operation_that_does_not_page() -> None:
    with pytest.raises(NotPaginated, match="getSurvey does not page"):
        sync_client().paginate("getSurvey", survey_id="SV_1")
    with pytest.raises(NotPaginated, match="getSurvey does not page"):
        async_client().paginate("getSurvey", survey_id="SV_1")


def test_run_job_on_an_operation_that_does_not_start_one() -> None:
    with pytest.raises(NotAJob, match="getSurvey does not start a job"):
        sync_client().run_job("getSurvey", survey_id="SV_1")
    with pytest.raises(NotAJob, match="getResponseExportProgress does not start a job"):
        run(async_client().run_job("getResponseExportProgress", survey_id="SV_1", export_progress_id="ES_1"))


@pytest.mark.filterwarnings("ignore::qualtrics_client.QualtricsDecodeWarning")  # the answer is empty
def test_a_plain_string_names_an_enum_member_and_a_wrong_one_is_refused() -> None:
    client = sync_client()
    op = next(o for o in client.spec.operations if o.operation_id == "getSurveyVersion")
    param = next(p for p in op.parameters if p.get("name") == "format")
    good = param["schema"]["enum"][0]
    with pytest.raises(InvalidArguments, match=r"getSurveyVersion: format_='nope' is not one of"):
        client.call("getSurveyVersion", survey_id="SV_1", version_id="1", format_="nope")
    sent: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(200, json=envelope({}))

    with Qualtrics(TOKEN, datacenter="iad1", transport=httpx.MockTransport(answer)) as ok:
        ok.call("getSurveyVersion", survey_id="SV_1", version_id="1", format_=good)
    assert len(sent) == 1
    assert f"format={good}" in sent[0]


def test_a_progress_id_that_would_leave_the_path_is_not_polled() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        if request.method != "POST":
            raise AssertionError("the poll must not be sent")
        return httpx.Response(200, json=envelope({"progressId": "../../../surveys/SV_1", "status": "inProgress"}))

    client = Qualtrics(TOKEN, datacenter="iad1", transport=httpx.MockTransport(answer))
    with pytest.raises(UnsafePathValue, match="getResponseExportProgress"):
        client.responses.run_export_responses(survey_id="SV_1", body={"format": "csv"})
    assert seen == ["POST /API/v3/surveys/SV_1/export-responses"]


def test_every_refusal_is_a_usage_error_and_a_qualtrics_error() -> None:
    errors: list[Callable[[], object]] = [
        lambda: sync_client().call("nope"),
        lambda: sync_client().surveys.get_survey(survey_id=".."),
        lambda: sync_client().paginate("getSurvey", survey_id="SV_1"),
    ]
    for attempt in errors:
        with pytest.raises(UsageError) as caught:
            attempt()
        assert isinstance(caught.value, QualtricsError)
