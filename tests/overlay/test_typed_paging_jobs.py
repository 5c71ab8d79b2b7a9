"""Typed pagers and job runners: one vocabulary (models, with the JSON as received beside them)."""

from __future__ import annotations

import asyncio
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from qualtrics_api.api import JobProgress
from qualtrics_api.models.get_response_export_progress_response_200 import GetResponseExportProgressResponse200
from qualtrics_api.models.survey_summary import SurveySummary
from qualtrics_client import AsyncQualtrics, ItemDecodeError, Qualtrics, QualtricsDecodeWarning

from ._httpx import httpx
from .conftest import TOKEN, Sleeps, envelope

RECEIVED = [
    {"id": "SV_1", "name": "one", "lastModified": "2024-01-01T00:00:00Z", "isActive": "true", "extra": 1},
    {"id": "SV_2", "name": "two", "lastModified": "2024-02-01 12:30:00", "isActive": False},
    {"id": "SV_3", "name": "three"},
]


def pages(request: httpx.Request) -> httpx.Response:
    offset = int(request.url.params.get("offset", "0"))
    items = RECEIVED[offset : offset + 2]
    following = f"https://fra1.qualtrics.com/API/v3/surveys?offset={offset + 2}" if offset + 2 < len(RECEIVED) else None
    return httpx.Response(200, json=envelope({"elements": items, "nextPage": following}))


def test_a_typed_pager_yields_models_and_keeps_the_json_as_received(sleeps: Sleeps) -> None:
    with Qualtrics(TOKEN, datacenter="iad1", transport=httpx.MockTransport(pages), sleep=sleeps) as client:
        items = list(client.surveys.paginate_list_surveys(page_size=2))
        pairs = list(client.surveys.paginate_list_surveys(page_size=2).with_raw())
        whole = list(client.surveys.paginate_list_surveys(page_size=2).pages())
        untyped = list(client.paginate("listSurveys", page_size=2))
    assert all(isinstance(item, SurveySummary) for item in items)
    assert [item.id for item in items] == ["SV_1", "SV_2", "SV_3"]
    assert items[0].is_active is True  # "true" repaired, in the model only
    assert items[1].last_modified.isoformat() == "2024-02-01T12:30:00"  # type: ignore[union-attr]
    assert items[0].additional_properties == {"extra": 1}
    assert [raw for _, raw in pairs] == RECEIVED  # exactly as received: "Z", "true" and the MySQL date untouched
    assert [model for model, _ in pairs] == items
    assert [type(page.model).__name__ for page in whole] == ["ListSurveysResponse200"] * 2
    assert whole[0].result["elements"] == RECEIVED[:2]  # Result.result reads the JSON as received
    assert untyped == items  # the untyped pager speaks the same vocabulary


def bad_element(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=envelope({"elements": [RECEIVED[0], {"name": "no id"}], "nextPage": None}))


@pytest.mark.filterwarnings("ignore::qualtrics_client.QualtricsDecodeWarning")
def test_an_element_that_fits_no_model_is_kept_beside_the_others() -> None:
    with Qualtrics(TOKEN, datacenter="iad1", transport=httpx.MockTransport(bad_element)) as client:
        pairs = list(client.surveys.paginate_list_surveys().with_raw())
        iterator = iter(client.surveys.paginate_list_surveys())
        first = next(iterator)
        with pytest.raises(ItemDecodeError, match="listSurveys: a list element fits no generated model") as caught:
            next(iterator)
    assert isinstance(first, SurveySummary)
    assert isinstance(pairs[0][0], SurveySummary)
    assert pairs[1] == (None, {"name": "no id"})
    assert caught.value.raw == {"name": "no id"}


def test_a_bad_element_is_warned_about() -> None:
    client = Qualtrics(TOKEN, datacenter="iad1", transport=httpx.MockTransport(bad_element))
    with client, pytest.warns(QualtricsDecodeWarning, match="listSurveys"):
        pairs = list(client.surveys.paginate_list_surveys().with_raw())
    assert len(pairs) == 2


def test_the_async_pager_is_the_same(sleeps: Sleeps) -> None:
    async def walk() -> tuple[list[Any], list[Any]]:
        async with AsyncQualtrics(
            TOKEN, datacenter="iad1", transport=httpx.MockTransport(pages), async_sleep=sleeps.asleep
        ) as client:
            items = [item async for item in client.surveys.paginate_list_surveys(page_size=2)]
            pairs = [pair async for pair in client.surveys.paginate_list_surveys(page_size=2).with_raw()]
        return items, pairs

    items, pairs = asyncio.run(walk())
    assert [item.id for item in items] == ["SV_1", "SV_2", "SV_3"]
    assert [raw for _, raw in pairs] == RECEIVED


def export_server(log: list[str], archive: bytes) -> httpx.MockTransport:
    statuses = [
        {"status": "inProgress", "percentComplete": "10"},
        {"status": "complete", "percentComplete": 100.0, "fileId": "1234-def"},
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        log.append(f"{request.method} {request.url.path}")
        if request.method == "POST":
            assert json.loads(request.content) == {"format": "csv", "useLabels": True}
            started = {"progressId": "ES_1", "percentComplete": 0, "status": "inProgress"}
            return httpx.Response(200, json=envelope(started))
        if request.url.path.endswith("/file"):
            return httpx.Response(200, content=archive, headers={"content-type": "application/zip"})
        return httpx.Response(200, json=envelope(statuses.pop(0)))

    return httpx.MockTransport(handler)


def zipped() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("s.csv", "ResponseId\nR_1\n")
    return buffer.getvalue()


def test_a_typed_job_runner_polls_to_the_end(sleeps: Sleeps, tmp_path: Path) -> None:
    log: list[str] = []
    reports: list[JobProgress[GetResponseExportProgressResponse200]] = []
    archive = zipped()
    with Qualtrics(TOKEN, datacenter="iad1", transport=export_server(log, archive), sleep=sleeps) as client:
        outcome = client.responses.run_export_responses(
            "SV_1", body={"format": "csv", "useLabels": True}, on_progress=reports.append
        )
        saved = client.download(outcome, tmp_path)
    assert isinstance(outcome.progress.model, GetResponseExportProgressResponse200)
    assert outcome.start.model is not None
    assert outcome.file_id == "1234-def"
    assert [report.percent for report in reports] == [10.0, 100.0]  # "10" repaired for the report
    assert saved.read_bytes() == archive
    assert log == [
        "POST /API/v3/surveys/SV_1/export-responses",
        "GET /API/v3/surveys/SV_1/export-responses/ES_1",
        "GET /API/v3/surveys/SV_1/export-responses/ES_1",
        "GET /API/v3/surveys/SV_1/export-responses/1234-def/file",
    ]


def test_the_async_runner_awaits_an_async_callback(sleeps: Sleeps) -> None:
    log: list[str] = []
    seen: list[str] = []

    async def report(progress: JobProgress[GetResponseExportProgressResponse200]) -> None:
        seen.append(progress.status)

    async def go() -> str | None:
        async with AsyncQualtrics(
            TOKEN, datacenter="iad1", transport=export_server(log, zipped()), async_sleep=sleeps.asleep
        ) as client:
            outcome = await client.responses.run_export_responses(
                survey_id="SV_1", body={"format": "csv", "useLabels": True}, on_progress=report
            )
        return outcome.file_id

    assert asyncio.run(go()) == "1234-def"
    assert seen == ["inProgress", "complete"]
