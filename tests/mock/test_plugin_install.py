"""The wheel installed without the `mock` extra: pytest still runs in that environment (the plugin entry
point loads nothing but pytest), and a test that asks for a mock fixture fails with a message naming the extra.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIP_TIMEOUT = 300


def _run(*args: str | Path, cwd: Path | None = None, timeout: float = PIP_TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def bare_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel (no extras) and pytest; skipped when no package index can be reached."""
    root = tmp_path_factory.mktemp("bare")
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", root / "dist", ROOT)
    if built.returncode != 0:
        pytest.skip(f"cannot build the wheel here (offline?): {built.stderr[-500:]}")
    wheel = next((root / "dist").glob("qualtrics_client-*.whl"))
    venv.create(root / "venv", with_pip=True)
    python = root / "venv" / "bin" / "python"
    installed = _run(python, "-m", "pip", "install", "-q", wheel, "pytest")
    if installed.returncode != 0:
        pytest.skip(f"cannot install the wheel's dependencies (offline?): {installed.stderr[-500:]}")
    return python


def test_pytest_runs_where_the_extra_is_missing(bare_env: Path, tmp_path: Path) -> None:
    absent = _run(bare_env, "-c", "import importlib.util as u; print(u.find_spec('starlette'))")
    assert absent.stdout.strip() == "None", "the bare environment must not have the mock extra"
    (tmp_path / "test_plain.py").write_text("def test_plain():\n    assert sum([1, 2]) == 3\n", encoding="utf-8")
    (tmp_path / "test_wants_mock.py").write_text(
        "def test_wants_mock(qualtrics_mock):\n    assert qualtrics_mock.token\n", encoding="utf-8"
    )
    outcome = _run(bare_env, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", cwd=tmp_path, timeout=120)
    output = outcome.stdout + outcome.stderr
    assert "1 passed" in output, output
    assert "1 error" in output, output  # the fixture's setup fails, only that test
    assert "need the mock extra" in output, output
    assert "ModuleNotFoundError" not in output, output
    assert "qualtrics_mock" in _run(bare_env, "-m", "pytest", "--trace-config", "--co", "-q", cwd=tmp_path).stdout


def test_the_plugin_imports_nothing_heavy_at_pytest_start() -> None:
    probe = (
        "import sys, qualtrics_mock.pytest_plugin; "
        "heavy = [m for m in ('starlette', 'uvicorn', 'jsonschema', 'httpx', 'qualtrics_client', 'qualtrics_api') "
        "if m in sys.modules]; print(heavy)"
    )
    outcome = _run(sys.executable, "-c", probe, timeout=60)
    assert outcome.returncode == 0, outcome.stderr
    assert outcome.stdout.strip() == "[]"
