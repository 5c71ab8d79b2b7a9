"""The mock under bad input: malformed bodies are 400 envelopes, oversized ones 413 where documented, and an
id in the path that belongs to another brand is answered as an id the caller cannot see."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from qualtrics_mock import OTHER_BRAND_TOKEN, LimitSettings, MockQualtrics, Spec, create_app
from qualtrics_mock.inprocess import sync_client
from qualtrics_mock.spec import Operation, load_document

from .conftest import BASE_URL, TOKEN, error_of

SPEC = Spec(load_document())


def _json_operations() -> list[Operation]:
    return [op for op in SPEC.operations if any(media.endswith("json") for media in op.bodies)]


def _concrete(op: Operation, ids: dict[str, str]) -> str:
    path = op.path
    for name in op.path_params:
        path = path.replace("{" + name + "}", ids.get(name, "X_012345678901234"))
    return path


def _own_ids(mock: MockQualtrics, brand_id: str = "mockbrand") -> dict[str, str]:
    brand = mock.brands[brand_id]
    survey_id = next(iter(brand.surveys))
    directory_id = next(iter(brand.directories))
    list_id, mailing_list = next(iter(brand.mailing_lists[directory_id].items()))
    return {
        "surveyId": survey_id,
        "directoryId": directory_id,
        "mailingListId": list_id,
        "contactId": mailing_list["members"][0],
        "distributionId": next(iter(brand.distributions)),
        "responseId": next(iter(brand.responses[survey_id])),
    }


def _json_media(op: Operation) -> str:
    return next(media for media in op.bodies if media.endswith("json"))


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"[" * 100_000, id="100000-open-brackets"),
        pytest.param(b"[" * 5_000 + b"]" * 5_000, id="5000-levels-well-formed"),
        pytest.param(b'{"a":' * 2_000 + b"1" + b"}" * 2_000, id="2000-levels-of-objects"),
        pytest.param(b'{"name": NaN}', id="nan"),
        pytest.param(b'{"name": 1e999}', id="infinite-number"),
        pytest.param(b'{"name": "\xff\xfe"}', id="not-utf-8"),
        pytest.param(b'{"name": "x"', id="cut-short"),
    ],
)
@pytest.mark.parametrize("op", _json_operations(), ids=lambda op: op.operation_id)
def test_a_malformed_json_body_is_a_400_envelope(op: Operation, body: bytes, client: httpx.Client) -> None:
    response = client.request(op.method, _concrete(op, {}), content=body, headers={"Content-Type": _json_media(op)})
    error_of(response, 400)


def test_a_body_nested_within_the_limit_still_reaches_validation(client: httpx.Client) -> None:
    """Depth alone is not refused: a body of ten levels gets the operation's own verdict."""
    nested: Any = "x"
    for _ in range(10):
        nested = {"deeper": nested}
    response = client.post("/API/v3/directories/POOL_012345678901234/mailinglists", json={"name": "Panel", **nested})
    assert response.status_code in (200, 400), response.text


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"no boundary at all"),
        ("multipart/form-data; boundary=zzz", b"--yyy\r\nnot the declared boundary\r\n--yyy--"),
        ("multipart/form-data; boundary=\xe4\xb8\xad", b"--\xe4\xb8\xad--"),
    ],
)
def test_a_malformed_multipart_body_is_a_400_envelope(
    content_type: str, body: bytes, client: httpx.Client, mock: MockQualtrics
) -> None:
    survey_id = next(iter(mock.brands["mockbrand"].surveys))
    headers = {b"Content-Type": content_type.encode("latin-1")}
    response = client.post(f"/API/v3/surveys/{survey_id}/import-responses", content=body, headers=headers)
    error_of(response, 400)


def test_export_body_over_the_limit_is_413_where_documented(mock: MockQualtrics, client: httpx.Client) -> None:
    survey_id = next(iter(mock.brands["mockbrand"].surveys))
    big = {"format": "csv", "filter": "x" * (2 * 1024 * 1024)}
    error = error_of(client.post(f"/API/v3/surveys/{survey_id}/export-responses", json=big), 413)
    assert error["errorCode"] == "FILE_1"


@pytest.mark.parametrize("path", ["mailinglists", "contacts"])
def test_a_ten_megabyte_name_is_refused(path: str, mock: MockQualtrics, client: httpx.Client) -> None:
    directory_id = next(iter(mock.brands["mockbrand"].directories))
    body = {"name": "n" * (10 * 1024 * 1024), "firstName": "f" * (10 * 1024 * 1024)}
    response = client.post(f"/API/v3/directories/{directory_id}/{path}", json=body)
    assert response.status_code in (400, 413), response.text
    error_of(response, response.status_code)


def test_the_size_limit_is_a_setting(spec: Spec) -> None:
    mock = MockQualtrics(spec, limits=LimitSettings(max_body_bytes=64))
    directory_id = next(iter(mock.brands["mockbrand"].directories))
    with sync_client(create_app(mock), TOKEN, BASE_URL) as small:
        response = small.post(f"/API/v3/directories/{directory_id}/mailinglists", json={"name": "p" * 100})
        error_of(response, 413 if "413" in SPEC.operation("createMailingList").raw["responses"] else 400)
        assert small.post(f"/API/v3/directories/{directory_id}/mailinglists", json={"name": "Panel"}).is_success


# --- ownership -------------------------------------------------------------------------------------------------
def _foreign_cases() -> list[Operation]:
    kinds = {"surveyId", "directoryId", "mailingListId", "contactId", "distributionId", "responseId"}
    return [op for op in SPEC.operations if kinds & set(op.path_params)]


@pytest.mark.parametrize("op", _foreign_cases(), ids=lambda op: op.operation_id)
def test_another_brands_ids_in_the_path_are_not_found(op: Operation, mock: MockQualtrics, client: httpx.Client) -> None:
    theirs = _own_ids(mock, "otherbrand")
    request: dict[str, Any] = {"method": op.method, "url": _concrete(op, theirs)}
    if op.bodies:
        media = next(iter(op.bodies))
        if media.endswith("json"):
            request["json"] = {}
    response = client.request(**request)
    allowed = {404} if op.documents(404) or not op.documents(403) else {403}
    assert response.status_code in allowed, (response.status_code, response.text)
    error_of(response, response.status_code)


def test_a_parent_of_another_brand_is_refused_even_with_a_child_of_mine(
    mock: MockQualtrics, client: httpx.Client
) -> None:
    mine, theirs = _own_ids(mock), _own_ids(mock, "otherbrand")
    path = f"/API/v3/directories/{theirs['directoryId']}/contacts/{mine['contactId']}"
    error_of(client.get(path), 404)
    error_of(client.get(f"/API/v3/directories/{mine['directoryId']}/contacts/{theirs['contactId']}"), 404)


def test_the_other_brand_still_reaches_its_own_ids(mock: MockQualtrics) -> None:
    theirs = _own_ids(mock, "otherbrand")
    with sync_client(create_app(mock), OTHER_BRAND_TOKEN, BASE_URL) as other:
        assert other.get(f"/API/v3/surveys/{theirs['surveyId']}").status_code == 200
        assert other.get(f"/API/v3/directories/{theirs['directoryId']}/contacts/{theirs['contactId']}").is_success
