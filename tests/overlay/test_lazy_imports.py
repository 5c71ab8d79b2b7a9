"""What a process imports is what it uses: importing the client loads no generated model, and one call loads
only the model modules of its own answer (each check runs in a fresh interpreter, so nothing is preloaded)."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
{setup}
WATCHED = ("qualtrics_api", "qualtrics_client", "zipfile", "difflib")
print(json.dumps(sorted(m for m in sys.modules if m.startswith(WATCHED))))
"""


def loaded(setup: str) -> set[str]:
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", PROBE.format(setup=setup)], capture_output=True, text=True, check=True
    )
    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return set(found)


def test_importing_the_client_loads_no_generated_model_nor_export_helpers() -> None:
    modules = loaded("import qualtrics_client")
    assert not {m for m in modules if m.startswith("qualtrics_api.models")}
    assert not {"qualtrics_client.files", "zipfile", "difflib"} & modules


def test_the_models_package_imports_a_model_module_only_when_its_name_is_asked_for() -> None:
    modules = loaded("import qualtrics_api.models as models\nassert models.DirectoryContact.__name__")
    models = {m for m in modules if m.startswith("qualtrics_api.models.")}
    assert "qualtrics_api.models.directory_contact" in models
    assert len(models) < 5, sorted(models)  # the class's own module (and what it imports), not all of them


def test_a_decoded_call_loads_only_its_answers_models() -> None:
    setup = """
import httpx
from qualtrics_client import Qualtrics
body = {"result": {"userId": "UR_1", "userName": "ann", "brandId": "b", "datacenter": "iad1"},
        "meta": {"httpStatus": "200 - OK", "requestId": "r"}}
transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
with Qualtrics("token", base_url="https://iad1.qualtrics.com", transport=transport) as client:
    assert client.authentication.get_whoami().model is not None
"""
    models = {m for m in loaded(setup) if m.startswith("qualtrics_api.models.")}
    assert "qualtrics_api.models.get_whoami_response_200" in models
    assert len(models) < 12, sorted(models)  # the answer's and the error envelope's, out of hundreds
