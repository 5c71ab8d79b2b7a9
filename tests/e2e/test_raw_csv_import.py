"""A response import whose body is the CSV itself (`text/csv`, the character set in a `charset` header), as
Qualtrics's response import document shows and qualtrics 0.4.2 sends it: through the client's job runner to
the local Qualtrics, which imports its rows."""

from __future__ import annotations

import io

from qualtrics_api.types import File
from qualtrics_client import Qualtrics
from qualtrics_mock.server import RunningServer

CSV = (
    "StartDate,Q1,Q2\r\n"
    "Start Date,How satisfied?,Why?\r\n"
    '"{""ImportId"":""startDate""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2_TEXT""}"\r\n'
    "2025-01-05T10:00:00Z,1,Sent as text/csv\r\n"
    "2025-01-06T10:00:00Z,2,Also as text/csv\r\n"
)


def test_a_raw_csv_body_imports_its_rows(qualtrics: Qualtrics, local_qualtrics: RunningServer) -> None:
    survey_id = qualtrics.call("listSurveys").raw["result"]["elements"][0]["id"]
    stored = local_qualtrics.mock.brands["mockbrand"].responses[survey_id]
    before = len(stored)
    body = File(payload=io.BytesIO(CSV.encode("utf-8")), file_name="responses.csv", mime_type="text/csv")
    outcome = qualtrics.run_job("importResponses", survey_id=survey_id, body=body, charset="UTF-8")
    assert outcome.status == "complete"
    assert len(stored) == before + 2
    texts = {record["values"].get("QID2_TEXT") for record in stored.values()}
    assert {"Sent as text/csv", "Also as text/csv"} <= texts


def test_the_spec_lists_the_raw_csv_body(qualtrics: Qualtrics) -> None:
    operation = qualtrics.spec.operation("importResponses")
    assert set(operation.bodies) == {"application/json", "multipart/form-data", "text/csv"}
