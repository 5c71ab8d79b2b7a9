"""Serving the mock with uvicorn: in the foreground (`python -m qualtrics_mock`) or in a background thread
(the pytest fixture, benchmarks)."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

import uvicorn

from .app import create_app
from .state import MockQualtrics


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def config(mock: MockQualtrics, host: str, port: int, log_level: str = "warning") -> uvicorn.Config:
    # h11 rather than httptools: a dropped-connection fault needs the server to close the socket
    # mid-response, which h11's strict content-length handling makes reliable.
    return uvicorn.Config(create_app(mock), host=host, port=port, log_level=log_level, http="h11", lifespan="off")


@dataclass
class RunningServer:
    mock: MockQualtrics
    base_url: str
    token: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_in_thread(mock: MockQualtrics, host: str = "127.0.0.1", port: int | None = None) -> RunningServer:
    port = port or free_port(host)
    server = uvicorn.Server(config(mock, host, port))
    thread = threading.Thread(target=server.run, name="qualtrics-mock", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the mock server did not start")
        time.sleep(0.01)
    return RunningServer(mock, f"http://{host}:{port}", mock.default_token, server, thread)
