"""Construction: credentials and base URL from arguments or environment, validation, repr without secrets."""

from __future__ import annotations

import pytest

from qualtrics_client import ConfigurationError, Qualtrics

from ._httpx import httpx
from .conftest import TOKEN


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "QUALTRICS_API_TOKEN",
        "QUALTRICS_DATACENTER",
        "QUALTRICS_BASE_URL",
        "QUALTRICS_CLIENT_ID",
        "QUALTRICS_CLIENT_SECRET",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("dc", ["iad1", "fra1", "ca1", "sjc1", "eu"])
def test_valid_datacenters(dc: str) -> None:
    with Qualtrics(TOKEN, datacenter=dc) as client:
        assert client.base_url == f"https://{dc}.qualtrics.com"


@pytest.mark.parametrize("dc", ["IAD1", "iad1.evil.com", "iad-1", "", "1iad", "iad1/", "iad1@x", "a" * 40])
def test_invalid_datacenters(dc: str) -> None:
    with pytest.raises(ConfigurationError):
        Qualtrics(TOKEN, datacenter=dc)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://iad1.qualtrics.com", "https://iad1.qualtrics.com"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://localhost:9000/", "http://localhost:9000"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("https://proxy.example.org:8443", "https://proxy.example.org:8443"),
    ],
)
def test_valid_base_urls(url: str, expected: str) -> None:
    with Qualtrics(TOKEN, base_url=url) as client:
        assert client.base_url == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://iad1.qualtrics.com",
        "http://10.0.0.1:8080",
        "ftp://iad1.qualtrics.com",
        "https://u:p@x.qualtrics.com",
        "https://iad1.qualtrics.com/API/v3",
        "not a url",
        "https://x.qualtrics.com/?a=1",
    ],
)
def test_invalid_base_urls(url: str) -> None:
    with pytest.raises(ConfigurationError):
        Qualtrics(TOKEN, base_url=url)


def test_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALTRICS_API_TOKEN", TOKEN)
    monkeypatch.setenv("QUALTRICS_DATACENTER", "fra1")
    with Qualtrics() as client:
        assert client.base_url == "https://fra1.qualtrics.com"
    monkeypatch.setenv("QUALTRICS_BASE_URL", "http://127.0.0.1:8080")
    with Qualtrics() as client:
        assert client.base_url == "http://127.0.0.1:8080"
    with Qualtrics(datacenter="ca1") as client:  # an argument beats the environment
        assert client.base_url == "https://ca1.qualtrics.com"


def test_environment_oauth(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALTRICS_CLIENT_ID", "cid")
    monkeypatch.setenv("QUALTRICS_CLIENT_SECRET", "csecret-xyz")
    with Qualtrics(datacenter="iad1") as client:
        assert "cid" in repr(client)
        assert "csecret-xyz" not in repr(client)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},  # no credentials
        {"api_token": TOKEN},  # no datacenter
        {"api_token": TOKEN, "datacenter": "iad1", "base_url": "https://iad1.qualtrics.com"},
        {"api_token": TOKEN, "datacenter": "iad1", "client_id": "c", "client_secret": "s"},
        {"api_token": "bad\r\ntoken", "datacenter": "iad1"},
        {"client_id": "c", "datacenter": "iad1"},  # secret missing
    ],
)
def test_configuration_errors(kwargs: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError):
        Qualtrics(**kwargs)  # type: ignore[arg-type]


def test_repr_hides_token() -> None:
    with Qualtrics(TOKEN, datacenter="iad1") as client:
        text = repr(client)
    assert TOKEN not in text
    assert "iad1.qualtrics.com" in text


def test_default_timeouts_are_explicit() -> None:
    seen: list[dict[str, float | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, json={"meta": {}, "result": {}})

    with Qualtrics(TOKEN, datacenter="iad1", transport=httpx.MockTransport(handler)) as client:
        client.request("GET", "/API/v3/anything")
    assert seen
    assert all(value is not None and value > 0 for value in seen[0].values())


def test_context_manager_closes() -> None:
    client = Qualtrics(TOKEN, datacenter="iad1", transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    with client:
        pass
    with pytest.raises(RuntimeError):
        client.request("GET", "/API/v3/whoami")
