"""Every list operation pages, and every job runs, through the client against the local Qualtrics over real
HTTP. The operations are read from the spec (`x-pagination`, `x-job` role start), so a new one is covered
the day it is added; its parameters come from the seeded state.

The server pages two items at a time, so every list with more than two items walks several `nextPage`
links: a link the fake itself would refuse (a parameter the operation does not declare, a cursor it does not
read) fails the walk. Each walk is compared with the same list read in one page, so nothing may be lost or
repeated on the way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from openapi_python_client.strings import PythonIdentifier

from qualtrics_client import Qualtrics
from qualtrics_client._spec import Operation, Spec, get_path, packaged_spec
from qualtrics_mock.jobs import JobSettings
from qualtrics_mock.server import RunningServer, start_in_thread
from qualtrics_mock.state import MockQualtrics, SeedSizes

SPEC: Spec = packaged_spec()
LISTS = [op for op in SPEC.operations if op.paging is not None]
STARTS = [op for op in SPEC.operations if (op.job or {}).get("role") == "start"]
SMALL_PAGE = 2
WHOLE_PAGE = 100_000


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    mock = MockQualtrics(
        sizes=SeedSizes(n_surveys=3, n_responses=7, n_contacts=9, n_mailing_lists=2, n_distributions=3),
        jobs=JobSettings("polls", 2, 0.0),
    )
    running = start_in_thread(mock)
    yield running
    running.stop()


@pytest.fixture
def qualtrics(server: RunningServer) -> Iterator[Qualtrics]:
    server.mock.reset()
    server.mock.page_size = SMALL_PAGE
    with Qualtrics(server.token, base_url=server.base_url, sleep=lambda _: None) as client:
        yield client
    server.mock.page_size = 100


def seeded(mock: MockQualtrics) -> dict[str, str]:
    """Ids of the default brand's seeded records, by the spec's parameter names."""
    brand = mock.brands["mockbrand"]
    survey_id = next(iter(brand.surveys))
    directory_id = next(iter(brand.directories))
    list_id, mailing_list = next(iter(brand.mailing_lists[directory_id].items()))
    user_id = next(iter(brand.users))
    return {
        "surveyId": survey_id,
        "directoryId": directory_id,
        "mailingListId": list_id,
        "contactId": mailing_list["members"][0],
        "distributionId": next(d for d, dist in brand.distributions.items() if dist["surveyId"] == survey_id),
        "responseId": next(iter(brand.responses[survey_id])),
        "userId": user_id,
        "libraryId": user_id,  # a user's own library has the user's id
    }


def _first_id(element: dict[str, Any], name: str) -> str | None:
    for key in (name, "id", *(k for k in element if k.lower().endswith("id"))):
        if isinstance(element.get(key), str):
            return str(element[key])
    return None


def arguments(qualtrics: Qualtrics, mock: MockQualtrics, op: Operation, depth: int = 0) -> dict[str, Any]:
    """The client arguments `op` needs: seeded ids, else the first id its parent list holds, else the
    parameter's example; required query parameters likewise."""
    known = seeded(mock)
    values: dict[str, Any] = {}
    for param in op.params:
        if param.location == "header" or (param.location == "query" and not param.required):
            continue
        value: Any = known.get(param.name)
        if value is None and param.location == "path" and depth < 3:
            value = _from_parent_list(qualtrics, mock, op, param.name, depth)
        if value is None:
            examples = param.schema.get("examples") or [param.schema.get("default", "x")]
            value = examples[0]
        values[PythonIdentifier(param.name, prefix="")] = value  # the generated argument's name
    return values


def _from_parent_list(qualtrics: Qualtrics, mock: MockQualtrics, op: Operation, name: str, depth: int) -> str | None:
    parent = op.path.split("/{" + name + "}", 1)[0]
    lister = SPEC.methods_at(parent).get("GET")
    if lister is None:
        return None
    page = qualtrics.call(lister.operation_id, **arguments(qualtrics, mock, lister, depth + 1)).raw
    elements = (page or {}).get("result", {}).get("elements") or []
    return _first_id(elements[0], name) if elements and isinstance(elements[0], dict) else None


def _whole_list(qualtrics: Qualtrics, mock: MockQualtrics, op: Operation, kwargs: dict[str, Any]) -> list[Any]:
    mock.page_size = WHOLE_PAGE
    try:
        page = qualtrics.call(op.operation_id, **kwargs).raw
    finally:
        mock.page_size = SMALL_PAGE
    result = (page or {}).get("result") or {}
    assert op.paging is not None
    assert get_path(page, op.paging.cursor_path) in (None, ""), "one page should hold the whole list"
    elements: list[Any] = result.get("elements") or []
    return elements


@pytest.mark.parametrize("op", LISTS, ids=lambda op: op.operation_id)
def test_every_list_pages_through_the_client(op: Operation, qualtrics: Qualtrics, server: RunningServer) -> None:
    kwargs = arguments(qualtrics, server.mock, op)
    if op.body_required:
        kwargs["body"] = {}  # a search with no filter: every record, so the walk has pages to cross
    whole = _whole_list(qualtrics, server.mock, op, kwargs)
    pages = list(qualtrics.paginate(op.operation_id, **kwargs).pages())
    walked = [item for page in pages for item in (page.raw or {}).get("result", {}).get("elements") or []]
    assert walked == whole, f"{op.operation_id}: paging lost or repeated items"
    expected = max(1, -(-len(whole) // SMALL_PAGE))
    if op.paging is not None and op.paging.bare_cursor:
        # A bare cursor comes with every full page, so a list that fills its last page ends on an empty one.
        expected = len(whole) // SMALL_PAGE + 1
    assert len(pages) == expected, f"{op.operation_id}: pages of {SMALL_PAGE} expected"
    if op.method != "GET":
        # The fake answers this path only to a POST with its body (a GET is a 405, no body a 400), so a walk
        # that crosses pages sent the same request again each time.
        assert len(pages) > 2, f"{op.operation_id}: the walk should cross several pages"


def test_lists_really_page(qualtrics: Qualtrics, server: RunningServer) -> None:
    """The walks above are not all single pages: the seeded lists are longer than a page."""
    op = SPEC.operation("listDirectoryContacts")
    pages = list(qualtrics.paginate(op.operation_id, **arguments(qualtrics, server.mock, op)).pages())
    assert len(pages) > 2


def _start_body(op: Operation, ids: dict[str, str]) -> dict[str, Any] | None:
    body = op.bodies.get("application/json")
    if body is None:
        return None
    raw = SPEC.resolve(op.raw.get("requestBody") or {})
    media = (raw.get("content") or {}).get("application/json") or {}
    example = media.get("example")
    if example is None and media.get("examples"):
        example = SPEC.resolve(next(iter(media["examples"].values()))).get("value")
    chosen: dict[str, Any] = dict(example) if isinstance(example, dict) else {}
    for key in list(chosen):
        if key in ids:
            chosen[key] = ids[key]
    return chosen


@pytest.mark.parametrize("op", STARTS, ids=lambda op: op.operation_id)
def test_every_job_runs_through_the_client(op: Operation, qualtrics: Qualtrics, server: RunningServer) -> None:
    kwargs = arguments(qualtrics, server.mock, op)
    body = _start_body(op, seeded(server.mock))
    if body is None:
        pytest.skip(f"{op.operation_id} takes no JSON body; its multipart start is covered by the family tests")
    outcome = qualtrics.run_job(op.operation_id, body=body, **kwargs)
    assert outcome.status, outcome
    assert outcome.progress_id
    if outcome.file_operation is not None:
        data = b"".join(qualtrics.iter_file(outcome))
        assert data, f"{op.operation_id}: the job's file is empty"


def test_a_next_page_the_fake_refuses_fails_the_walk(
    qualtrics: Qualtrics, server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above can fail: a nextPage carrying a parameter the operation does not declare is refused by
    the fake's own validation, and the walk raises instead of ending quietly."""
    from qualtrics_client import QualtricsError
    from qualtrics_mock import pagination

    original = pagination.page

    def with_undeclared_parameter(items: list[Any], **kwargs: Any) -> dict[str, Any]:
        found = original(items, **kwargs)
        if found["nextPage"]:
            found["nextPage"] += "&undeclaredCursor=1"
        return found

    monkeypatch.setattr(pagination, "page", with_undeclared_parameter)
    with pytest.raises(QualtricsError, match="undeclaredCursor"):
        list(qualtrics.paginate("listSurveys").pages())
