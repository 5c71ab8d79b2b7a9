"""The one spec model (`qualtrics_client._spec`): the matcher, the `$ref` resolver and paging that the client,
the local Qualtrics and the tests all read, and its lazy compilation."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from qualtrics_client._spec import Paging, Spec, normalise_path

from .._spec_loading import load_shipped_spec

DOCUMENT = load_shipped_spec()


def _concrete(path: str) -> str:
    return re.sub(r"{[^}]+}", "X_012345678901234", path)


def test_the_mock_reads_the_same_model() -> None:
    from qualtrics_mock.spec import Spec as MockSpec

    assert issubclass(MockSpec, Spec)


@pytest.mark.parametrize("op", Spec(DOCUMENT, package=None).operations, ids=lambda op: op.operation_id)
def test_client_and_mock_route_every_operation_alike(op: Any) -> None:
    from qualtrics_mock.spec import Spec as MockSpec

    client, mock = Spec(DOCUMENT, package=None), MockSpec(DOCUMENT)
    concrete = _concrete(op.path)
    found = client.match(op.method, concrete)
    routed = mock.route(op.method, concrete).operation
    assert found is not None
    assert routed is not None
    assert found.operation_id == routed.operation_id
    # A concrete path may be claimed by a literal sibling (`/distributions/link` beside `/{distributionId}`);
    # then both must agree on that sibling, which has literal segments where this one has parameters.
    if found.operation_id != op.operation_id:
        assert len(found.path_params) < len(op.path_params)


def test_a_literal_path_without_the_method_is_not_an_operation_to_either() -> None:
    """`GET /distributions/link` is no `getDistribution` call with id `link`: the literal path wins, and it
    has no GET, so the client sees no operation and the mock answers 405."""
    from qualtrics_mock.spec import Spec as MockSpec

    document = copy.deepcopy(DOCUMENT)
    document["paths"]["/API/v3/things/special"] = {"post": {"operationId": "makeSpecial", "responses": {}}}
    document["paths"]["/API/v3/things/{thingId}"] = {"get": {"operationId": "getThing", "responses": {}}}
    client, mock = Spec(document, package=None), MockSpec(document)
    assert client.match("GET", "/API/v3/things/special") is None
    assert mock.route("GET", "/API/v3/things/special").allowed == ("POST",)
    assert client.match("GET", "/API/v3/things/other").operation_id == "getThing"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("/API/v3//surveys//SV_1", "/API/v3/surveys/SV_1"),
        ("/API/v3/directories/POOL_x//contacts", "/API/v3/directories/POOL_x/contacts"),
        ("/API/v3/surveys/", "/API/v3/surveys"),
        ("/API/v3/surveys///", "/API/v3/surveys"),
        ("/", "/"),
    ],
)
def test_paths_are_read_as_qualtrics_reads_them(sent: str, read: str) -> None:
    assert normalise_path(sent) == read
    spec = Spec(DOCUMENT, package=None)
    assert spec.route("GET", sent) == spec.route("GET", read)


def test_routes_carry_the_path_values() -> None:
    routed = Spec(DOCUMENT, package=None).route("GET", "/API/v3//directories/POOL_a/contacts/CID_b/")
    assert routed.operation is not None
    assert routed.operation.operation_id == "getDirectoryContact"
    assert routed.params == {"directoryId": "POOL_a", "contactId": "CID_b"}


def test_the_resolver_follows_chains_and_is_strict_on_request() -> None:
    document = {
        "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"type": "string"}}},
        "paths": {},
    }
    spec = Spec(document, package=None)
    assert spec.resolve({"$ref": "#/components/schemas/A"}) == {"type": "string"}
    assert spec.deref({"$ref": "#/components/schemas/A"}) == ({"type": "string"}, "/components/schemas/B")
    assert spec.resolve({"$ref": "#/components/schemas/Missing"}) == {}
    assert spec.resolve({"$ref": "https://elsewhere.example/x.json"}) == {}
    with pytest.raises(LookupError):
        spec.resolve({"$ref": "#/components/schemas/Missing"}, strict=True)
    looping = Spec({"components": {"schemas": {"L": {"$ref": "#/components/schemas/L"}}}}, package=None)
    assert looping.resolve({"$ref": "#/components/schemas/L"}) == {}
    with pytest.raises(LookupError):
        looping.resolve({"$ref": "#/components/schemas/L"}, strict=True)


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ({"style": "offset", "cursorParam": "offset"}, Paging("offset", "offset", None)),
        ({"style": "skipToken"}, Paging("skipToken", "skipToken", None)),
        ({"style": "nextPage"}, Paging("nextPage", "nextPage", None)),
        ({"style": "offset", "cursorParam": "start"}, Paging("offset", "start", None)),
    ],
)
def test_paging_is_decided_in_one_place(declared: dict[str, Any], expected: Paging) -> None:
    document = {"paths": {"/things": {"get": {"operationId": "listThings", "x-pagination": declared}}}}
    assert Spec(document, package=None).operation("listThings").paging == expected


def test_paging_names_the_declared_page_size_parameter() -> None:
    spec = Spec(DOCUMENT, package=None)
    assert spec.operation("listDirectoryContacts").paging.page_size == "pageSize"  # type: ignore[union-attr]
    assert spec.operation("getSurvey").paging is None


def test_operations_compile_only_when_first_used() -> None:
    spec = Spec(DOCUMENT, package=None)
    assert spec._compiled == {}
    spec.operation("getSurvey")
    assert list(spec._compiled) == ["getSurvey"]
    spec.match("GET", "/API/v3/surveys/SV_1/")
    assert sorted(spec._compiled) == ["getSurvey"]
    assert len(spec.operations) == len(spec._compiled) > 100


def test_an_operation_keeps_the_parameters_of_its_path_item() -> None:
    op = Spec(DOCUMENT, package=None).operation("getSurvey")
    path_param = next(p for p in op.params if p.location == "path")
    assert path_param.name == "surveyId"
    assert path_param.required
    assert path_param.schema_pointer is not None
    assert {"name": "surveyId", "in": "path"}.items() <= op.parameters[0].items()
