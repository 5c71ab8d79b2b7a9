"""Export options from the spec, and `fetch_responses`: only the caller's options are sent, the response
schema types the columns, the continuation token is kept, and the zip is read from a file."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from qualtrics_client import ConfigurationError, Spec, fetch_responses
from qualtrics_client._spec import packaged_spec
from qualtrics_client.frames import continuation_token, export_body, export_fields, questions

from ._frames_fixtures import SATISFACTION, SCHEMA, csv_text
from ._httpx import httpx
from .conftest import Sleeps, envelope, make_client

EXPORT = "/API/v3/surveys/SV_1/export-responses"


def test_option_names_come_from_the_spec() -> None:
    spec = packaged_spec()
    fields = export_fields(spec)
    assert {"format", "startDate", "useLabels", "continuationToken", "filterId"} <= set(fields)
    body = export_body(
        spec,
        {
            "format": "csv",
            "start_date": date(2025, 1, 2),
            "endDate": datetime(2025, 2, 1, 12, tzinfo=timezone(timedelta(hours=-5))),
            "use_labels": True,
            "question_ids": ("QID1", "QID2"),
            "limit": 10,
            "time_zone": None,  # not set: not sent
        },
    )
    assert body == {
        "format": "csv",
        "startDate": "2025-01-02T00:00:00Z",
        "endDate": "2025-02-01T12:00:00-05:00",
        "useLabels": True,
        "questionIds": ["QID1", "QID2"],
        "limit": 10,
    }
    assert export_body(spec, {"startDate": "2025-03-04"}) == {"startDate": "2025-03-04T00:00:00Z"}
    assert export_body(spec, {"startDate": datetime(2025, 3, 4, 5)}) == {"startDate": "2025-03-04T05:00:00Z"}


def test_a_field_the_spec_lacks_is_refused() -> None:
    document = json.loads(json.dumps(packaged_spec().document))
    operation = document["paths"]["/API/v3/surveys/{surveyId}/export-responses"]["post"]
    schema = packaged_spec().resolve(operation["requestBody"]["content"]["application/json"]["schema"])
    schema = {**schema, "properties": {k: v for k, v in schema["properties"].items() if k != "filterId"}}
    operation["requestBody"]["content"]["application/json"]["schema"] = schema
    with pytest.raises(ConfigurationError, match="unknown export option 'filter_id'"):
        export_body(Spec(document, package=None), {"filter_id": "x"})
    assert export_body(packaged_spec(), {"filter_id": "x"}) == {"filterId": "x"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"formt": "csv"}, "did you mean format"),
        ({"format": "parquet"}, "one of csv"),
        ({"limit": 0}, "at least 1"),
        ({"limit": "10"}, "an integer"),
        ({"useLabels": "yes"}, "true or false"),
        ({"startDate": "last week"}, "not an ISO 8601"),
        ({"questionIds": [1, 2]}, "a list of strings"),
    ],
)
def test_bad_options_are_named(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        export_body(packaged_spec(), options)


class Survey:
    """Qualtrics for one survey: export job, file, and (optionally) its response schema."""

    def __init__(self, *, schema: bool, token: str | None = None) -> None:
        self.schema = schema
        self.token = token
        self.bodies: list[dict[str, Any]] = []
        self.paths: list[str] = []

    def zip(self, labels: bool) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("Survey.csv", csv_text(labels=labels))
        return buffer.getvalue()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.paths.append(path)
        if request.method == "POST" and path == EXPORT:
            self.bodies.append(json.loads(request.content))
            result: dict[str, Any] = {"progressId": "ES_1", "status": "inProgress", "percentComplete": 0.0}
            return httpx.Response(200, json=envelope(result))
        if path == f"{EXPORT}/ES_1":
            done: dict[str, Any] = {"status": "complete", "percentComplete": 100.0, "fileId": "F-1"}
            if self.token:
                done["continuationToken"] = self.token
            return httpx.Response(200, json=envelope(done))
        if path == f"{EXPORT}/F-1/file":
            labels = bool(self.bodies[-1].get("useLabels"))
            return httpx.Response(200, content=self.zip(labels), headers={"content-type": "application/zip"})
        if path == "/API/v3/surveys/SV_1/response-schema" and self.schema:
            return httpx.Response(200, json=envelope(SCHEMA))
        error = {"httpStatus": "404 - Not Found", "error": {"errorCode": "NF", "errorMessage": "not found"}}
        return httpx.Response(404, json={"meta": error})


def test_fetch_sends_only_the_callers_options_and_types_by_the_schema(sleeps: Sleeps) -> None:
    survey = Survey(schema=True, token="TOKEN-2")
    with make_client(survey, sleeps) as client:
        frame = fetch_responses(client, "SV_1", start_date="2025-01-01", allow_continuation=True)
    assert survey.bodies == [
        {"format": "csv", "startDate": "2025-01-01T00:00:00Z", "allowContinuation": True, "useLabels": True}
    ]
    assert list(frame["Q1"].cat.categories) == SATISFACTION
    assert frame["Q1"][0] == "Very satisfied"
    assert questions(frame)["Q1"] == "How satisfied are you?"
    assert continuation_token(frame) == "TOKEN-2"
    assert frame.attrs["qualtrics"]["survey_id"] == "SV_1"
    assert "/API/v3/surveys/SV_1/response-schema" in survey.paths


def test_fetch_without_a_schema_endpoint_reads_by_the_header_rows(sleeps: Sleeps, tmp_path: Path) -> None:
    survey = Survey(schema=False)
    with make_client(survey, sleeps) as client:
        frame = fetch_responses(client, "SV_1", labels=False, continuation_token="T1", save_to=tmp_path / "r.zip")
    assert survey.bodies == [{"format": "csv", "continuationToken": "T1"}]
    assert (tmp_path / "r.zip").exists()
    assert frame["Q1"].tolist()[:2] == [1, 4]  # codes, as numbers: no schema, so no choices to order by
    assert frame["Q1"].isna().tolist() == [False, False, True]
    assert str(frame["StartDate"].dtype).startswith("datetime64")
    assert continuation_token(frame) is None


def test_fetch_leaves_no_file_behind(sleeps: Sleeps, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    with make_client(Survey(schema=True), sleeps) as client:
        fetch_responses(client, "SV_1", schema=False)
    assert list(tmp_path.iterdir()) == []


def test_labels_are_not_asked_for_together_with_label_columns(sleeps: Sleeps) -> None:
    survey = Survey(schema=False)
    with make_client(survey, sleeps) as client:
        fetch_responses(client, "SV_1", include_label_columns=True, schema=False)
    assert survey.bodies == [{"format": "csv", "includeLabelColumns": True}]


def test_an_instant_with_its_own_offset_is_kept() -> None:
    moment = datetime(2025, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert export_body(packaged_spec(), {"end_date": moment}) == {"endDate": "2025-05-06T07:08:09Z"}


def test_async_fetch(sleeps: Sleeps) -> None:
    import asyncio

    from qualtrics_client.frames import fetch_responses_async

    from .conftest import make_async_client

    survey = Survey(schema=True, token="T-3")

    async def run() -> Any:
        async with make_async_client(survey, sleeps) as client:
            return await fetch_responses_async(client, "SV_1", limit=5)

    frame = asyncio.run(run())
    assert survey.bodies == [{"format": "csv", "limit": 5, "useLabels": True}]
    assert list(frame["Q1"].cat.categories) == SATISFACTION
    assert continuation_token(frame) == "T-3"


class JsonSurvey(Survey):
    def zip(self, labels: bool) -> bytes:
        from ._frames_fixtures import records

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("Survey.ndjson", "".join(json.dumps(r) + "\n" for r in records()))
        return buffer.getvalue()


@pytest.mark.parametrize("labels", [True, False])
def test_json_fetch_sends_no_presentation_options_and_reads_labels_or_codes(sleeps: Sleeps, labels: bool) -> None:
    survey = JsonSurvey(schema=True)
    with make_client(survey, sleeps) as client:
        frame = fetch_responses(client, "SV_1", format="ndjson", labels=labels)
    assert survey.bodies == [{"format": "ndjson"}]  # useLabels is refused with json and ndjson
    assert frame["Q1"].tolist()[:2] == (["Very satisfied", "Dissatisfied"] if labels else [1, 4])
