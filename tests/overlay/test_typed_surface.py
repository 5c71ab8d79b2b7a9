"""The typed surface walked against the spec: every operation a documented method on both clients."""

from __future__ import annotations

import inspect

import pytest
from openapi_python_client.strings import PythonIdentifier

from qualtrics_api import api
from qualtrics_client import AsyncQualtrics, Qualtrics
from qualtrics_client._operations import snake
from qualtrics_client._spec import packaged_spec

from ._httpx import httpx
from .conftest import TOKEN

OPERATIONS = packaged_spec().operations
CLIENT_NAMES = {name for name in dir(Qualtrics) if not name.startswith("_")}


def refuse(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"nothing may be sent here: {request.method} {request.url}")


def sample(op: object, python_name: str) -> str:
    """A value for a required parameter: the first of its enum, else an id-like string."""
    for param in getattr(op, "parameters", ()):
        if snake(str(param.get("name"))) == python_name.rstrip("_"):
            values = (param.get("schema") or {}).get("enum")
            return str(values[0]) if values else "X_1"
    return "X_1"


def group_name(tag: str) -> str:
    return snake(tag)


@pytest.fixture
def clients() -> tuple[Qualtrics, AsyncQualtrics]:
    return (
        Qualtrics(TOKEN, datacenter="iad1", transport=httpx.MockTransport(refuse)),
        AsyncQualtrics(TOKEN, datacenter="iad1", transport=httpx.MockTransport(refuse)),
    )


def test_the_spec_has_operations() -> None:
    assert len(OPERATIONS) > 100


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_every_operation_is_a_documented_method_on_both_clients(
    op: object, clients: tuple[Qualtrics, AsyncQualtrics]
) -> None:
    from qualtrics_client import Operation

    assert isinstance(op, Operation)
    sync, asynchronous = clients
    tag = group_name(op.tags[0])
    name = snake(op.operation_id)
    sync_method = getattr(getattr(sync, tag), name)
    async_method = getattr(getattr(asynchronous, tag), name)
    for method in (sync_method, async_method):
        doc = inspect.getdoc(method) or ""
        assert f"operationId `{op.operation_id}`" in doc
        assert "Returns:" in doc
        assert "Result[" in doc
        assert (op.raw.get("summary") or op.operation_id).split()[0] in doc
        parameters = inspect.signature(method).parameters
        for declared in op.parameters:
            name = str(PythonIdentifier(str(declared["name"]), prefix="field_"))
            assert name in parameters, (declared["name"], list(parameters))
            assert f"    {name} (" in doc, name
            if declared.get("description"):
                first_word = str(declared["description"]).split()[0]
                assert first_word in doc, (name, first_word)
        if op.raw.get("requestBody"):
            assert "body" in parameters
        assert {"max_retries", "deadline"} <= set(parameters)
    assert inspect.iscoroutinefunction(async_method)
    assert not inspect.iscoroutinefunction(sync_method)


@pytest.mark.parametrize("op", [op for op in OPERATIONS if op.pagination], ids=lambda op: op.operation_id)
def test_every_list_operation_has_a_pager(op: object, clients: tuple[Qualtrics, AsyncQualtrics]) -> None:
    from qualtrics_client import AsyncPager, Operation, Pager

    assert isinstance(op, Operation)
    for client, kind in zip(clients, (Pager, AsyncPager), strict=True):
        group = getattr(client, group_name(op.tags[0]))
        method = getattr(group, f"paginate_{snake(op.operation_id)}")
        assert "max_pages" in inspect.signature(method).parameters
        arguments: dict[str, object] = {
            name: {} if name == "body" else sample(op, name)  # a search pages with its body
            for name, p in inspect.signature(method).parameters.items()
            if name != "self" and p.default is p.empty
        }
        assert isinstance(method(**arguments), kind)  # nothing is sent until it is iterated


@pytest.mark.parametrize("op", [op for op in OPERATIONS if (op.job or {}).get("role") == "start"], ids=str)
def test_every_job_start_has_a_runner(op: object, clients: tuple[Qualtrics, AsyncQualtrics]) -> None:
    from qualtrics_client import Operation

    assert isinstance(op, Operation)
    sync, asynchronous = clients
    name = f"run_{snake(op.operation_id)}"
    sync_runner = getattr(getattr(sync, group_name(op.tags[0])), name)
    async_runner = getattr(getattr(asynchronous, group_name(op.tags[0])), name)
    assert {"on_progress", "timeout", "poll_interval"} <= set(inspect.signature(sync_runner).parameters)
    assert inspect.iscoroutinefunction(async_runner)


def test_no_tag_group_shadows_a_client_method() -> None:
    tags = {group_name(tag) for op in OPERATIONS for tag in op.tags}
    own = {name for name in vars(Qualtrics) | vars(AsyncQualtrics) if not name.startswith("_")}
    inherited_from_base = {name for cls in Qualtrics.__mro__ if cls is not api.Operations for name in vars(cls)}
    assert tags <= set(vars(api.Operations))
    assert not tags & (own | (inherited_from_base - set(vars(api.Operations))))


def test_help_shows_every_parameter(clients: tuple[Qualtrics, AsyncQualtrics]) -> None:
    sync, _ = clients
    method = sync.responses.export_responses
    signature = str(inspect.signature(method))
    assert signature.startswith("(survey_id: 'str', *, body: ")
    assert "max_retries: 'int | None' = None" in signature
    text = pydoc_text(method)
    assert "survey_id" in text
    assert "body (ResponseExportRequest | Mapping[str, Any])" in text


def pydoc_text(thing: object) -> str:
    import pydoc

    return pydoc.plain(pydoc.render_doc(thing))


def test_groups_are_built_once_and_lazily(clients: tuple[Qualtrics, AsyncQualtrics]) -> None:
    sync, asynchronous = clients
    assert "surveys" not in vars(sync)
    assert sync.surveys is sync.surveys
    assert type(sync.surveys).__name__ == "SurveysOperations"
    assert type(asynchronous.surveys).__name__ == "AsyncSurveysOperations"


def test_the_generated_package_works_alone() -> None:
    """The groups run against any Sender: here a recording one, no overlay involved."""
    from qualtrics_api.api.surveys import SurveysOperations

    calls: list[tuple[str, dict[str, object]]] = []

    class Recorder:
        def send(self, operation_id: str, module: object, arguments: dict[str, object], **options: object) -> str:
            calls.append((operation_id, arguments))
            return "sent"

    group = SurveysOperations(Recorder())  # type: ignore[arg-type]  # a partial Sender is enough here
    assert group.get_survey("SV_1") == "sent"  # type: ignore[comparison-overlap]
    assert calls == [("getSurvey", {"survey_id": "SV_1"})]
