"""(b) Decoding a ~10,000-element list page in process: the overlay's tolerant decoding vs json.loads.

Two overlay figures: the `Result` alone (the JSON parsed; what a caller reading `raw` or `result` pays, the
repair and the model waiting for their first read) and the typed result (the same, then `.model` read: the
schema-guided repair and every generated model built), which is what the goal is about."""

from __future__ import annotations

import cProfile
import io
import json
import pstats
from types import SimpleNamespace
from typing import Any, cast

from qualtrics_client import Qualtrics
from qualtrics_client.result import build_result
from qualtrics_mock.ids import IdFactory
from qualtrics_mock.seed import FIRST, LAST, new_contact
from qualtrics_mock.state import MockQualtrics

from .report import Row, Section, verdict
from .stats import ratio, side_by_side

OPERATION = "listDirectoryContacts"
GOAL = 3.0


def payload(elements: int) -> bytes:
    """A listDirectoryContacts page built by the mock's own contact factory (the spec's element schema)."""
    fake = cast(MockQualtrics, SimpleNamespace(ids=IdFactory(0)))
    items = [new_contact(fake, FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)], i) for i in range(elements)]
    envelope = {
        "result": {"elements": items, "nextPage": None},
        "meta": {"httpStatus": "200 - OK", "requestId": "bench-0000"},
    }
    return json.dumps(envelope).encode()


def run(elements: int, runs: int) -> Section:
    content = payload(elements)
    client = Qualtrics("bench-token", base_url="http://127.0.0.1:1")
    bound = client._bound(OPERATION)  # the same (operation, generated module) pair `call` would use
    headers: dict[str, str] = {"content-type": "application/json"}

    def overlay() -> Any:
        return build_result(200, headers, content, spec=client.spec, operation=bound.operation, module=bound.module)

    def typed() -> Any:
        model = overlay().model
        assert model is not None, "the page must fit its model"
        return model

    def plain() -> Any:
        return json.loads(content)

    typed()  # warm: compiled schema lookups, lazy imports
    spreads = side_by_side({"json.loads": plain, "overlay": overlay, "typed": typed}, runs)
    slower = ratio(spreads["typed"], spreads["json.loads"])
    lazy = ratio(spreads["overlay"], spreads["json.loads"])
    section = Section()
    size = f"{elements} elements, {len(content) / 1e6:.1f} MB"
    section.rows.append(Row("b. decode", f"json.loads, s ({size})", spreads["json.loads"].text()))
    section.rows.append(Row("b. decode", "overlay Result (model not read), s", spreads["overlay"].text()))
    section.rows.append(Row("b. decode", "overlay Result + .model (typed), s", spreads["typed"].text()))
    section.rows.append(Row("b. decode", "Result (model not read) / json.loads", lazy.text("{:.2f}x")))
    section.rows.append(
        Row(
            "b. decode",
            "typed result / json.loads",
            slower.text("{:.2f}x"),
            f"<= {GOAL}x",
            verdict(slower.median <= GOAL, f"median {slower.median:.2f}x > {GOAL}x"),
        )
    )
    section.notes.append("Profile of one typed decode (cProfile, top 12 by internal time):\n\n```\n" + _profile(typed))
    client.close()
    return section


def _profile(work: Any) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    work()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(12)
    text = out.getvalue()
    start = text.find("ncalls")
    return text[start:].strip() + "\n```"
