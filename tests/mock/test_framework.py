"""Envelopes, auth, brand isolation, validation and the generic store, on every operation of the spec."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from qualtrics_mock import DEFAULT_TOKEN, OTHER_BRAND_TOKEN, MockQualtrics, Spec, create_app
from qualtrics_mock.inprocess import sync_client
from qualtrics_mock.spec import Operation, load_document

from .conftest import BASE_URL, error_of, first_survey, result


def test_unknown_route_is_a_404_envelope(client: httpx.Client) -> None:
    error = error_of(client.get("/API/v3/no-such-thing"), 404)
    assert "does not exist" in error["errorMessage"]


def test_one_trailing_slash_reaches_the_same_operation(client: httpx.Client) -> None:
    plain = result(client.get("/API/v3/surveys"))
    slashed = result(client.get("/API/v3/surveys/"))
    assert [s["id"] for s in slashed["elements"]] == [s["id"] for s in plain["elements"]]
    survey_id = plain["elements"][0]["id"]
    assert result(client.get(f"/API/v3/surveys/{survey_id}/"))["id"] == survey_id


def test_double_slashes_answer_as_the_single_slash_path(client: httpx.Client, mock: MockQualtrics) -> None:
    """Qualtrics accepts `/API/v3//surveys/...` and `/directories/POOL_x//contacts` (QualtricsAPI sends them)."""
    survey_id = first_survey(client)
    assert result(client.get(f"/API/v3//surveys//{survey_id}"))["id"] == survey_id
    directory_id = next(iter(mock.brands["mockbrand"].directories))
    plain = result(client.get(f"/API/v3/directories/{directory_id}/contacts"))
    doubled = result(client.get(f"/API/v3/directories/{directory_id}//contacts"))
    assert doubled["elements"] == plain["elements"]
    assert "//" not in (doubled["nextPage"] or "").split("://", 1)[-1]
    error_of(client.get("/API/v3/surveys//nothing//here"), 404)


def test_wrong_method_is_a_405_envelope_with_allow(client: httpx.Client) -> None:
    response = client.delete("/API/v3/surveys")
    error_of(response, 405)
    assert "GET" in response.headers["allow"]


def test_odd_method_is_a_405_envelope(client: httpx.Client) -> None:
    error_of(client.request("TRACE", "/API/v3/surveys"), 405)


@pytest.mark.parametrize("headers", [{}, {"X-API-TOKEN": "not-a-token"}, {"Authorization": "Bearer nope"}])
def test_missing_or_unknown_token_is_401(mock: MockQualtrics, headers: dict[str, str]) -> None:
    with sync_client(create_app(mock), token=None, headers=headers) as anonymous:
        error = error_of(anonymous.get("/API/v3/whoami"), 401)
    assert error["errorCode"] == "AUTH_3"


def test_whoami_names_the_tokens_user(client: httpx.Client, mock: MockQualtrics) -> None:
    me = result(client.get("/API/v3/whoami"))
    user = mock.tokens[DEFAULT_TOKEN]
    assert me == {
        "brandId": "mockbrand",
        "userId": user.user_id,
        "userName": user.user_name,
        "accountType": "UT_BRANDADMIN",
        "firstName": "Mock",
        "lastName": "Admin",
        "email": "admin@mockbrand.example",
        "datacenter": "iad1",
    }


def test_oauth_client_credentials_give_a_bearer_token(mock: MockQualtrics) -> None:
    app = create_app(mock)
    basic = base64.b64encode(b"mock-client-id:mock-client-secret").decode()
    with sync_client(app, token=None) as anonymous:
        reply = anonymous.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials", "scope": "manage:all"},
            headers={"Authorization": f"Basic {basic}"},
        )
        assert reply.status_code == 200, reply.text
        token = reply.json()["access_token"]
        assert reply.json()["expires_in"] > 0
        me = result(anonymous.get("/API/v3/whoami", headers={"Authorization": f"Bearer {token}"}))
        assert me["brandId"] == "mockbrand"
        wrong = base64.b64encode(b"mock-client-id:wrong").decode()
        refused = anonymous.post(
            "/oauth2/token", data={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {wrong}"}
        )
        error_of(refused, 401)


def test_a_token_never_sees_another_brands_data(mock: MockQualtrics, client: httpx.Client) -> None:
    mine = first_survey(client)
    with sync_client(create_app(mock), token=OTHER_BRAND_TOKEN) as other:
        theirs = [s["id"] for s in result(other.get("/API/v3/surveys"))["elements"]]
        assert theirs
        assert mine not in theirs
        error_of(other.get(f"/API/v3/surveys/{mine}"), 404)
        error_of(other.post(f"/API/v3/surveys/{mine}/export-responses", json={"format": "csv"}), 404)
        assert result(other.get("/API/v3/whoami"))["brandId"] == "otherbrand"


def test_wrongly_cased_query_parameter_is_refused_with_the_right_spelling(client: httpx.Client) -> None:
    error = error_of(client.get("/API/v3/surveys", params={"Offset": "1"}), 400)
    assert error["errorMessage"] == "Invalid request. Missing or invalid parameter offset."


def test_unknown_query_parameter_is_refused(client: httpx.Client) -> None:
    error = error_of(client.get("/API/v3/surveys", params={"colour": "red"}), 400)
    assert error["errorCode"] == "QVAL_1"


def test_ill_typed_query_parameter_is_refused(client: httpx.Client) -> None:
    error_of(client.get("/API/v3/surveys", params={"offset": "minus-one"}), 400)


def test_missing_required_query_parameter_is_refused(client: httpx.Client) -> None:
    error = error_of(client.get("/API/v3/distributions"), 400)
    assert "surveyId" in error["errorMessage"]


def test_wrongly_cased_body_field_is_refused_like_qualtrics(client: httpx.Client) -> None:
    survey = first_survey(client)
    error = error_of(client.post(f"/API/v3/surveys/{survey}/export-responses", json={"Format": "csv"}), 400)
    assert error["errorMessage"] == "Invalid request. Missing or invalid parameter format."


def test_malformed_json_is_a_400(client: httpx.Client) -> None:
    survey = first_survey(client)
    response = client.post(
        f"/API/v3/surveys/{survey}/export-responses",
        content=b"{not json",
        headers={"Content-Type": "application/json"},
    )
    error_of(response, 400)


def test_undeclared_media_type_is_a_415(client: httpx.Client) -> None:
    survey = first_survey(client)
    response = client.post(
        f"/API/v3/surveys/{survey}/export-responses", content=b"format=csv", headers={"Content-Type": "text/plain"}
    )
    error_of(response, 415)


def test_reset_restores_the_seed(mock: MockQualtrics, client: httpx.Client) -> None:
    survey = first_survey(client)
    assert result(client.delete(f"/API/v3/surveys/{survey}")) is None
    error_of(client.get(f"/API/v3/surveys/{survey}"), 404)
    mock.reset()
    assert result(client.get(f"/API/v3/surveys/{survey}"))["id"] == survey


def test_spec_loads_from_an_explicit_path(tmp_path: Any) -> None:
    import json

    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(load_document()))
    spec = Spec.load(path)
    assert "listSurveys" in spec.by_id


# --- every operation answers ---------------------------------------------------------------------------------
def _operations() -> list[Operation]:
    return Spec(load_document()).operations


def real_ids(mock: MockQualtrics) -> dict[str, str]:
    """Seeded ids by path parameter name, so requests reach the dedicated handlers' happy paths."""
    brand = mock.brands["mockbrand"]
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


def _example_request(spec: Spec, op: Operation, ids: dict[str, str]) -> dict[str, Any]:
    path = op.template
    for param in op.params:
        if param.location == "path":
            value = ids.get(param.name) or (param.schema.get("examples") or ["X_1"])[0]
            path = path.replace("{" + param.name + "}", str(value))
    query = {p.name: (p.schema.get("examples") or ["x"])[0] for p in op.params if p.location == "query" and p.required}
    query.update({k: v for k, v in ids.items() if k in query})
    request: dict[str, Any] = {"method": op.method, "url": path, "params": query}
    if op.bodies:
        media = next(iter(op.bodies))
        content = spec.deref(op.raw["requestBody"], "")[0]["content"][media]
        example = content.get("example")
        if example is None and content.get("examples"):
            example = next(iter(content["examples"].values())).get("value")
        if media.endswith("json"):
            request["json"] = example if example is not None else {}
            if isinstance(example, dict) and "surveyId" in example:
                request["json"] = {**example, "surveyId": ids["surveyId"]}
        elif media == "multipart/form-data":
            fields = {k: str(v) for k, v in (example or {}).items() if k != "file"}
            request["files"] = {"file": ("upload.json", b"[]", "application/json")}
            request["data"] = fields
        elif media == "application/x-www-form-urlencoded":
            request["data"] = example or {}
        else:
            request["content"] = b"data"
            request["headers"] = {"Content-Type": media}
    return request


@pytest.mark.parametrize("op", _operations(), ids=lambda op: op.operation_id)
def test_every_operation_answers_with_a_documented_status_and_envelope(
    op: Operation, spec: Spec, mock: MockQualtrics, client: httpx.Client
) -> None:
    response = client.request(**_example_request(spec, op, real_ids(mock)))
    documented = {int(code) for code in op.raw["responses"] if code.isdigit()}
    assert response.status_code in documented, (response.status_code, response.text)
    if response.headers.get("content-type", "").startswith("application/json") and op.template != "/oauth2/token":
        meta = response.json()["meta"]
        assert meta["httpStatus"].startswith(str(response.status_code))
    assert mock.response_problems == []


# --- the generic store ---------------------------------------------------------------------------------------
def test_generic_store_creates_reads_updates_and_deletes(client: httpx.Client, mock: MockQualtrics) -> None:
    created = result(client.post("/API/v3/tickets", json={"subject": "Printer on fire", "priority": "High"}))
    ticket_id = created["id"]
    assert ticket_id.startswith("TCK_")  # the prefix of the spec's ticketId example
    assert ticket_id != "TCK_new789"
    got = result(client.get(f"/API/v3/tickets/{ticket_id}"))
    assert got["subject"] == "Printer on fire"
    result(client.put(f"/API/v3/tickets/{ticket_id}", json={"priority": "Low"}))
    assert result(client.get(f"/API/v3/tickets/{ticket_id}"))["priority"] == "Low"
    listed = result(client.get("/API/v3/tickets"))["elements"]
    assert any(ticket_id in item.values() for item in listed)
    result(client.delete(f"/API/v3/tickets/{ticket_id}"))
    error_of(client.get(f"/API/v3/tickets/{ticket_id}"), 404)
    error_of(client.delete(f"/API/v3/tickets/{ticket_id}"), 404)
    assert mock.response_problems == []


def test_generic_store_is_per_brand(mock: MockQualtrics, client: httpx.Client) -> None:
    ticket_id = result(client.post("/API/v3/tickets", json={"subject": "Mine"}))["id"]
    with sync_client(create_app(mock), token=OTHER_BRAND_TOKEN, base_url=BASE_URL) as other:
        error_of(other.get(f"/API/v3/tickets/{ticket_id}"), 404)


def test_seeded_ids_and_tokens_have_real_lengths(mock: MockQualtrics) -> None:
    """Clients that check lengths refuse short ids: real ids are a prefix and 15 characters, tokens 40."""
    import re

    from qualtrics_mock.seed import ID_SUFFIX_LENGTH, SEED_IDS

    real_id = re.compile(rf"^[A-Z]+_[A-Za-z0-9]{{{ID_SUFFIX_LENGTH}}}$")
    assert all(len(token) == 40 and token.isalnum() for token in mock.tokens)
    brand = mock.brands["mockbrand"]
    seen = [*brand.surveys, *brand.directories, *brand.distributions, *brand.users, *SEED_IDS.values()]
    for lists in (brand.contacts, brand.mailing_lists, brand.responses):
        for items in lists.values():
            seen.extend(items)
    assert seen
    assert [one for one in seen if not real_id.match(one)] == []
    assert SEED_IDS["SurveyId"] in brand.surveys
