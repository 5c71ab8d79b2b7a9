"""mypy --strict on a user's script: the typed surface reveals real types, and a slip fails type checking.

The scripts are written to a temporary directory (a misspelt one in the project would fail `make lint`) and
checked by mypy in a subprocess, with a config of its own so only `--strict` applies.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = """
from qualtrics_api.api import Pager, Result
from qualtrics_api.models.get_survey_response_200 import GetSurveyResponse200
from qualtrics_api.models.list_surveys_response_200 import ListSurveysResponse200
from qualtrics_api.models.survey_summary import SurveySummary
from qualtrics_client import AsyncQualtrics, Qualtrics


def main(qualtrics: Qualtrics) -> None:
    survey: Result[GetSurveyResponse200] = qualtrics.surveys.get_survey(survey_id="SV_1")
    listing: Pager[SurveySummary, ListSurveysResponse200] = qualtrics.surveys.paginate_list_surveys()
    untyped: Result[object] = qualtrics.call("getSurvey", survey_id="SV_1")  # the overlay's Result fits too
    reveal_type(survey.model)
    if survey.model is not None:
        reveal_type(survey.model.result)
    for item in qualtrics.surveys.paginate_list_surveys(page_size=100):
        reveal_type(item)
    for page in qualtrics.surveys.paginate_list_surveys().pages():
        reveal_type(page.model)
    for model, raw in qualtrics.surveys.paginate_list_surveys().with_raw():
        reveal_type(model)
    outcome = qualtrics.responses.run_export_responses(survey_id="SV_1", body={"format": "csv"})
    reveal_type(outcome.progress.model)
    qualtrics.download(outcome, "responses.zip")
    reveal_type(qualtrics.call("getSurvey", survey_id="SV_1").model)


async def amain(qualtrics: AsyncQualtrics) -> None:
    survey = await qualtrics.surveys.get_survey(survey_id="SV_1")
    reveal_type(survey.model)
    async for item in qualtrics.surveys.paginate_list_surveys():
        reveal_type(item)
"""

REVEALED = [  # in the order of the script's reveal_type calls
    "qualtrics_api.models.get_survey_response_200.GetSurveyResponse200 | None",
    "qualtrics_api.models.survey.Survey | qualtrics_api.types.Unset",
    "qualtrics_api.models.survey_summary.SurveySummary",
    "qualtrics_api.models.list_surveys_response_200.ListSurveysResponse200 | None",
    "qualtrics_api.models.survey_summary.SurveySummary | None",
    "qualtrics_api.models.get_response_export_progress_response_200.GetResponseExportProgressResponse200 | None",
    "Any | None",  # call(), the untyped escape hatch
    "qualtrics_api.models.get_survey_response_200.GetSurveyResponse200 | None",
    "qualtrics_api.models.survey_summary.SurveySummary",
]

SLIPS = {
    "misspelt method": (
        'qualtrics.surveys.get_survy(survey_id="SV_1")',
        '"SurveysOperations" has no attribute "get_survy"; maybe "get_survey"?',
    ),
    "misspelt keyword": (
        'qualtrics.surveys.get_survey(survey_idd="SV_1")',
        'Unexpected keyword argument "survey_idd" for "get_survey" of "SurveysOperations"; did you mean "survey_id"?',
    ),
    "misspelt attribute": (
        'model = qualtrics.surveys.get_survey(survey_id="SV_1").model\n'
        "    assert model is not None\n"
        "    print(model.resultt)",
        '"GetSurveyResponse200" has no attribute "resultt"; maybe "result"?',
    ),
    "wrong argument type": (
        "qualtrics.surveys.list_surveys(page_size='100')",
        'Argument "page_size" to "list_surveys" of "SurveysOperations" has incompatible type "str"',
    ),
    "missing required keyword": (
        "qualtrics.responses.export_responses(survey_id='SV_1')",
        'Missing named argument "body" for "export_responses" of "ResponsesOperations"',
    ),
}


def mypy(tmp: Path, cache: Path, source: str) -> tuple[int, str]:
    script = tmp / "user_script.py"
    script.write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
    config = tmp / "mypy.ini"
    config.write_text("[mypy]\nstrict = True\n", encoding="utf-8")
    done = subprocess.run(  # noqa: S603 - this interpreter's mypy on a file the test wrote
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(cache), str(script)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


def test_a_script_on_the_typed_surface_passes_strict_with_real_types(tmp_path: Path, cache: Path) -> None:
    status, output = mypy(tmp_path, cache, GOOD)
    assert status == 0, output
    revealed = [
        line.split('Revealed type is "', 1)[1].rstrip('"') for line in output.splitlines() if "Revealed" in line
    ]
    assert revealed == REVEALED, output


@pytest.mark.parametrize("slip", sorted(SLIPS))
def test_a_slip_fails_strict(tmp_path: Path, cache: Path, slip: str) -> None:
    statement, message = SLIPS[slip]
    source = f"from qualtrics_client import Qualtrics\n\n\ndef main(qualtrics: Qualtrics) -> None:\n    {statement}\n"
    status, output = mypy(tmp_path, cache, source)
    assert status == 1, output
    assert message in output, output


def test_an_unawaited_async_call_fails_strict(tmp_path: Path, cache: Path) -> None:
    source = (
        "from qualtrics_client import AsyncQualtrics\n\n\n"
        "async def main(qualtrics: AsyncQualtrics) -> None:\n"
        '    qualtrics.surveys.get_survey(survey_id="SV_1")\n'
    )
    status, output = mypy(tmp_path, cache, source)
    assert status == 1, output
    assert "unused-coroutine" in output or "must be used" in output, output


def test_the_generated_method_groups_pass_strict(tmp_path: Path, cache: Path) -> None:
    groups = sorted(str(p) for p in (ROOT / "generated" / "qualtrics_api" / "api").glob("*/__init__.py"))
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\nstrict = True\n", encoding="utf-8")
    done = subprocess.run(  # noqa: S603 - this interpreter's mypy on the generated package
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(cache), *groups],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert len(groups) > 10
    assert done.returncode == 0, done.stdout + done.stderr
