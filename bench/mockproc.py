"""Starting the bench launcher (`bench.mockserver`) in a subprocess and talking to its side door."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import httpx

from qualtrics_mock.server import free_port
from qualtrics_mock.state import DEFAULT_TOKEN

ROOT = Path(__file__).resolve().parent.parent


def installed_env() -> dict[str, str]:
    """The environment of a fresh interpreter as an installed package meets it: bytecode cached. (pip writes
    `.pyc` files at install time; a shell with PYTHONDONTWRITEBYTECODE would recompile the source tree's
    modules in every process, while site-packages' httpx keeps its caches, which is no fair comparison.)"""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@dataclass
class MockProcess:
    base_url: str
    token: str
    process: subprocess.Popen[bytes]

    def stats(self) -> dict[str, Any]:
        answer: dict[str, Any] = httpx.get(f"{self.base_url}/__bench/stats").json()
        return answer

    def reset(self) -> None:
        httpx.get(f"{self.base_url}/__bench/reset")

    def latency(self, seconds: float) -> None:
        httpx.get(f"{self.base_url}/__bench/latency", params={"seconds": seconds})

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


def start(*, surveys: int = 3, contacts: int = 150, export_bytes: int = 0, rate_limits: bool = False) -> MockProcess:
    port = free_port()
    argv = [sys.executable, "-m", "bench.mockserver", "--port", str(port)]
    argv += ["--surveys", str(surveys), "--contacts", str(contacts), "--export-bytes", str(export_bytes)]
    if rate_limits:
        argv.append("--rate-limits")
    process = subprocess.Popen(argv, cwd=ROOT, env=dict(os.environ))  # noqa: S603 - our own interpreter
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300  # a 1 GB export takes a while to build before the port opens
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"bench mock exited with {process.returncode}")
        try:
            httpx.get(f"{base_url}/__bench/stats", timeout=1)
            return MockProcess(base_url, DEFAULT_TOKEN, process)
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("bench mock did not start")
