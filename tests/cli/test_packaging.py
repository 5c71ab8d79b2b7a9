"""What a user installing the package meets: the version, the console script, the extras, the README's start."""

from __future__ import annotations

import tomllib
from pathlib import Path

import qualtrics_client

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_version_is_stated_once_in_each_place_and_agrees() -> None:
    assert PROJECT["version"] == qualtrics_client.__version__
    assert f"## [{qualtrics_client.__version__}]" in (ROOT / "CHANGELOG.md").read_text()


def test_console_script_and_extras() -> None:
    assert PROJECT["scripts"]["qualtrics"] == "qualtrics_client.cli:main"
    extras = PROJECT["optional-dependencies"]
    assert any(dep.startswith("pandas") for dep in extras["pandas"])
    assert any(dep.startswith("pyarrow") for dep in extras["arrow"])
    assert {dep.split(">")[0] for dep in extras["cli"]} == {"typer", "rich"}
    assert PROJECT["license"] == "MIT"
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert any(c.startswith("Programming Language :: Python :: 3.11") for c in PROJECT["classifiers"])


def test_readme_starts_with_pip_install_then_the_contributor_commands() -> None:
    text = (ROOT / "README.md").read_text()
    first_code = text.split("```sh\n", 1)[1].split("```", 1)[0]
    assert first_code.startswith("pip install qualtrics-client")
    assert text.index("make demo") > text.index("pip install qualtrics-client")
    assert "make test" in text


def test_new_dependencies_are_pinned_for_development() -> None:
    pins = {
        line.split("==")[0]: line.split("==")[1]
        for line in (ROOT / "requirements" / "dev.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    for name in ("pandas", "pyarrow", "typer", "rich"):
        assert name in pins
