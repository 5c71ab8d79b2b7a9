"""The other Python Qualtrics clients, pinned, each installed in a venv of its own (never the project's).

The interoperability tests run their documented flows against the local Qualtrics, and the benchmarks race
them against ours; both take the clients from here so that the pins are written once. One venv per client,
because their pins conflict: QualtricsAPI 0.6.2 calls `DataFrame.append`, which pandas 2 removed, while
qualtrics-utils 0.6.5 requires pandas 2.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENVS = ROOT / "build" / "other-clients"
PINS: dict[str, tuple[str, ...]] = {
    "qualtrics": ("qualtrics==0.4.2",),
    # The pandas and numpy of QualtricsAPI's own time (it was last released before pandas 2).
    "QualtricsAPI": ("QualtricsAPI==0.6.2", "pandas==1.5.3", "numpy==1.26.4"),
    # Its generated clients import attrs and httpx without declaring them.
    "qualtrics-utils": ("qualtrics-utils==0.6.5", "attrs==25.4.0", "httpx==0.28.1"),
}


def python(client: str) -> Path:
    return VENVS / client / "bin" / "python"


def installed_versions(client: str) -> dict[str, str]:
    names = [pin.split("==")[0] for pin in PINS[client]]
    code = f"import importlib.metadata as m, json; print(json.dumps({{n: m.version(n) for n in {names!r}}}))"
    done = subprocess.run([str(python(client)), "-c", code], capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        return {}
    found: dict[str, str] = json.loads(done.stdout)
    return found


def ensure(client: str) -> Path:
    """The client's venv interpreter, with exactly its pins installed (installed once, then reused)."""
    wanted = {pin.split("==")[0]: pin.split("==")[1] for pin in PINS[client]}
    if not python(client).exists():
        venv.create(VENVS / client, with_pip=True, clear=True)
    if installed_versions(client) != wanted:
        subprocess.run(  # noqa: S603
            [str(python(client)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PINS[client]],
            check=True,
        )
    return python(client)


if __name__ == "__main__":
    for name in sys.argv[1:] or PINS:
        print(ensure(name))
