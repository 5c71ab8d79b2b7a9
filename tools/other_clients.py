"""The other Python Qualtrics clients, pinned and installed in a venv of their own (never the project's).

The interoperability tests run their documented flows against the local Qualtrics, and the benchmarks race
them against ours; both take the clients from here so that the pins are written once.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "build" / "venv-other-clients"
# qualtrics-utils 0.6.5's generated clients import attrs without declaring it, so it is pinned beside them.
PINS = ("qualtrics==0.4.2", "QualtricsAPI==0.6.2", "qualtrics-utils==0.6.5", "attrs==25.4.0")


def python() -> Path:
    return VENV / "bin" / "python"


def installed_versions() -> dict[str, str]:
    names = [pin.split("==")[0] for pin in PINS]
    code = f"import importlib.metadata as m, json; print(json.dumps({{n: m.version(n) for n in {names!r}}}))"
    done = subprocess.run([str(python()), "-c", code], capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        return {}
    found: dict[str, str] = json.loads(done.stdout)
    return found


def ensure() -> Path:
    """The venv's interpreter, with exactly the pinned clients installed (installed once, then reused)."""
    wanted = {pin.split("==")[0]: pin.split("==")[1] for pin in PINS}
    if not python().exists():
        venv.create(VENV, with_pip=True, clear=True)
    if installed_versions() != wanted:
        subprocess.run(  # noqa: S603
            [str(python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PINS], check=True
        )
    return python()


if __name__ == "__main__":
    print(ensure())
    sys.exit(0)
