"""Runs in the other clients' venv (tools/other_clients.py), not the project's: one flow of one other client,
printing one JSON line.

`python others_driver.py CLIENT FLOW BASE_URL TOKEN SURVEY_ID DIR` with CLIENT `qualtrics` | `QualtricsAPI`
and FLOW `list` | `export`.
"""

from __future__ import annotations

import json
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit


def point_requests_at(base_url: str) -> None:
    """QualtricsAPI builds `https://{data_center}.qualtrics.com/API/v3/...` itself, with no base-URL setting,
    so the one transport-level change is a rewrite of that origin to the mock in requests' adapter."""
    import requests.adapters

    target = urlsplit(base_url)
    original = requests.adapters.HTTPAdapter.send

    def send(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        parts = urlsplit(request.url)
        if parts.hostname and parts.hostname.endswith(".qualtrics.com"):
            request.url = urlunsplit((target.scheme, target.netloc, parts.path, parts.query, parts.fragment))
        return original(self, request, *args, **kwargs)

    requests.adapters.HTTPAdapter.send = send  # type: ignore[method-assign]


def qualtrics_list(base_url: str, token: str) -> int:
    from qualtrics.api.client import QualtricsClient

    with QualtricsClient(token, base_url=f"{base_url}/API/v3") as client:
        return sum(1 for _ in client.surveys.iter())


def qualtrics_export(base_url: str, token: str, survey: str, folder: Path) -> int:
    import csv
    import io
    import zipfile

    from qualtrics.api.client import QualtricsClient

    with QualtricsClient(token, base_url=f"{base_url}/API/v3") as client:
        done = client.responses.export(survey, folder / "qualtrics.zip", poll_interval=0.05)
    # The library stops at the zip; its rows are read the plain way (csv module), as its users would.
    path = Path(done.path)
    with zipfile.ZipFile(path) as archive, archive.open(archive.namelist()[0]) as member:
        rows = sum(1 for _ in csv.reader(io.TextIOWrapper(member, encoding="utf-8", newline=""))) - 3
    path.unlink()
    return rows


def qualtricsapi_setup(base_url: str, token: str) -> None:
    # Its credentials helper only sets these environment variables (after asserting a 40-character token).
    os.environ["token"] = token  # noqa: SIM112 - the lower-case names are the library's
    os.environ["data_center"] = "mock"  # noqa: SIM112
    os.environ.setdefault("directory_id", "")
    point_requests_at(base_url)


def qualtricsapi_list(base_url: str, token: str) -> int:
    qualtricsapi_setup(base_url, token)
    from QualtricsAPI.Survey import Responses  # noqa: F401 - package init
    from QualtricsAPI.Users import Surveys

    return len(Surveys().list_user_surveys())


def qualtricsapi_export(base_url: str, token: str, survey: str) -> int:
    qualtricsapi_setup(base_url, token)
    from QualtricsAPI.Survey import Responses

    return len(Responses().get_survey_responses(survey=survey))


def main() -> None:
    client, flow, base_url, token, survey, folder = sys.argv[1:7]
    warnings.simplefilter("ignore")
    # Imports first, so the timing covers the flow only (ours is timed with its spec already loaded).
    if client == "qualtrics":
        import qualtrics.api.client  # noqa: F401
    else:
        import QualtricsAPI.Survey
        import QualtricsAPI.Users  # noqa: F401
    start = time.perf_counter()
    if client == "qualtrics":
        count = (
            qualtrics_list(base_url, token)
            if flow == "list"
            else qualtrics_export(base_url, token, survey, Path(folder))
        )
    else:
        count = qualtricsapi_list(base_url, token) if flow == "list" else qualtricsapi_export(base_url, token, survey)
    print(json.dumps({"seconds": time.perf_counter() - start, "count": count}))


if __name__ == "__main__":
    main()
