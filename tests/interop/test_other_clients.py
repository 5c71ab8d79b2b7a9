"""Clients written by others against the live Qualtrics run their documented flows on the local Qualtrics
unchanged but for the base URL, and meet no 4xx or 5xx answer.

Each flow runs in the other clients' own venv (tools/other_clients.py) as a subprocess against the mock served
over loopback. A flow that the client itself gets wrong against the real API is listed in KNOWN_BROKEN with the
evidence, and must still fail in exactly that way here (so the list cannot go stale); docs/interop.md says the
same for readers.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from tools import other_clients

from . import others_driver

DRIVER = Path(others_driver.__file__)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "interop.md"

# (client, flow) -> (the request the real API refuses too, why)
KNOWN_BROKEN: dict[tuple[str, str], tuple[str, str]] = {
    ("qualtrics", "quotas"): (
        "GET /API/v3/surveys/{surveyId}/quotas",
        "Qualtrics serves quotas under /API/v3/survey-definitions/{surveyId}/quotas (its survey-definitions "
        "document); qualtrics 0.4.2 asks the reference's old address, which answers 404.",
    ),
}

CASES = [
    pytest.param(client, flow, id=f"{client}-{flow}") for client, flows in others_driver.FLOWS.items() for flow in flows
]


@pytest.fixture(scope="session")
def other_pythons() -> dict[str, Path]:
    return {name: other_clients.ensure(name) for name in other_clients.PINS}


def first(listing: httpx.Response, *keys: str) -> str:
    elements = listing.json()["result"]["elements"]
    assert elements, f"the seeded state has no element at {listing.url}"
    for key in keys:
        if isinstance(elements[0].get(key), str):
            return str(elements[0][key])
    raise AssertionError(f"no {keys} in {elements[0]}")


def seeded_ids(base_url: str, token: str) -> dict[str, str]:
    with httpx.Client(base_url=f"{base_url}/API/v3", headers={"X-API-TOKEN": token}, timeout=30) as http:
        survey = first(http.get("/surveys"), "id")
        directory = first(http.get("/directories"), "directoryId", "id")
        mailing_list = first(http.get(f"/directories/{directory}/mailinglists"), "mailingListId", "id")
        library = first(http.get("/libraries"), "libraryId", "id")
        message = first(http.get(f"/libraries/{library}/messages"), "id", "messageId")
    return {
        "surveyId": survey,
        "directoryId": directory,
        "mailingListId": mailing_list,
        "libraryId": library,
        "messageId": message,
    }


def run_flow(python: Path, client: str, flow: str, base_url: str, token: str, ids: dict[str, str]) -> dict[str, Any]:
    argv = [str(python), str(DRIVER), client, flow, base_url, token, json.dumps(ids)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
    assert done.returncode == 0, done.stderr[-2000:]
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def failures(answer: dict[str, Any]) -> list[str]:
    return [f"{method} {path} -> {status}" for method, path, status in answer["exchanges"] if status >= 400]


@pytest.mark.parametrize(("client", "flow"), CASES)
def test_flow_meets_no_error_answer(
    other_pythons: dict[str, Path], qualtrics_mock_server: Any, client: str, flow: str
) -> None:
    base_url, token = qualtrics_mock_server.base_url, qualtrics_mock_server.token
    answer = run_flow(other_pythons[client], client, flow, base_url, token, seeded_ids(base_url, token))
    assert answer["exchanges"], "the flow sent no request"
    broken = KNOWN_BROKEN.get((client, flow))
    if broken is None:
        assert failures(answer) == [], answer.get("traceback") or answer
        assert answer["ok"], answer.get("traceback") or answer
        return
    refused, _why = broken
    method, template = refused.split(" ", 1)
    prefix = template.split("{", 1)[0]
    assert any(m == method and p.startswith(prefix) and status == 404 for m, p, status in answer["exchanges"]), (
        f"{client} {flow} no longer fails as documented: {answer}"
    )


def test_known_broken_flows_are_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for (client, flow), (refused, _why) in KNOWN_BROKEN.items():
        row = f"| `{client}` | `{flow}` | `{refused}` |"
        assert row in text, f"docs/interop.md lacks the row {row}"
