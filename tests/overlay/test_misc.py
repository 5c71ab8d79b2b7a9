"""whoami / datacenter discovery, lazy loading, spec loading from a path."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from qualtrics_client import Qualtrics, QualtricsDecodeWarning, QualtricsError, QualtricsNotice, Spec, find_datacenter

from ._fixture_spec import fixture_spec
from ._httpx import httpx
from .conftest import TOKEN, Sleeps, envelope, make_client

WHOAMI = {
    "brandId": "acme",
    "userId": "UR_1",
    "userName": "ann",
    "accountType": "UT_BRANDADMIN",
    "firstName": "Ann",
    "lastName": "Lee",
    "email": "ann@example.com",
    "datacenter": "fra1",
}


def test_find_datacenter_via_whoami() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        assert request.headers["x-api-token"] == TOKEN
        return httpx.Response(200, json=envelope(WHOAMI, notice="Request proxied. Use fra1.qualtrics.com"))

    with pytest.warns(QualtricsNotice):
        assert find_datacenter(TOKEN, transport=httpx.MockTransport(handler)) == "fra1"
    assert seen == ["https://iad1.qualtrics.com/API/v3/whoami"]


def test_find_datacenter_without_answer() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(200, json=envelope({})))
    with warnings.catch_warnings():
        warnings.simplefilter("error", QualtricsDecodeWarning)  # only the JSON is read: no model is built
        with pytest.raises(QualtricsError, match="no datacenter"):
            find_datacenter(TOKEN, transport=transport)


def test_whoami_result(sleeps: Sleeps) -> None:
    with make_client(lambda r: httpx.Response(200, json=envelope(WHOAMI)), sleeps) as client:
        assert client.whoami().result["userName"] == "ann"


def test_import_is_lazy() -> None:
    # Of the generated package only its root and `api` (the typed surface's protocols) load with the overlay:
    # no tag group, endpoint module, model or generated client until a call needs it.
    code = (
        "import sys, qualtrics_client, qualtrics_client._spec as s; "
        "print(s.packaged_spec.cache_info().currsize, *sorted(m for m in sys.modules if m.startswith('qualtrics_api')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.split() == ["0", "qualtrics_api", "qualtrics_api.api"]


def test_spec_from_path(tmp_path: Path, sleeps: Sleeps) -> None:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(fixture_spec()))
    spec = Spec.from_path(path, package=None)
    assert spec.operation("list_widgets").operation_id == "listWidgets"
    assert spec.operation("exportResponses").is_async
    assert not spec.operation("createWidget").retry_safe
    assert spec.operation("getWidget").retry_safe  # GET defaults to safe
    transport = httpx.MockTransport(lambda r: httpx.Response(200, json=envelope({"id": "W", "count": "3"})))
    with Qualtrics(TOKEN, datacenter="iad1", transport=transport, spec=path) as client:  # loaded on first use
        assert client.spec.operation("getWidget").path == "/API/v3/widgets/{widgetId}"
        assert client.call("getWidget", widget_id="W").data["result"]["count"] == 3


def test_packaged_spec_loads() -> None:
    from qualtrics_client._spec import packaged_spec

    spec = packaged_spec()
    assert spec.operation("listSurveys").pagination is not None
    for op in spec.operations:
        assert op.method in {"GET", "POST", "PUT", "DELETE", "PATCH"}
