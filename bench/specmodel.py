"""(g) The spec model: what the first call of a process pays to read the bundle, against compiling every
operation up front, and what matching a raw request path costs once warm.

The goal is the lazy one: building the model and using one operation must cost far less than compiling all
of them (a script that calls two operations should not pay for a hundred and fifty).
"""

from __future__ import annotations

import json
import time
from importlib import resources

from qualtrics_client import _spec, _spec_paths

from .report import Row, Section, verdict
from .stats import Spread

MATCHES = 2000


def _text() -> str:
    return resources.files("qualtrics_api").joinpath("openapi.json").read_text(encoding="utf-8")


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def run(runs: int) -> Section:
    text = _text()
    parse, one, every, first_match, warm = Spread(), Spread(), Spread(), Spread(), Spread()
    for _ in range(runs):
        _spec_paths.template.cache_clear()  # each run starts as a fresh process would
        start = time.perf_counter()
        document = json.loads(text)
        parse.add(_ms(start))
        start = time.perf_counter()
        spec = _spec.Spec(document, package=None)
        op = spec.operation("getSurvey")
        _ = op.params, op.paging, op.success_schema_pointer
        one.add(_ms(start))
        start = time.perf_counter()
        spec.match("GET", "/API/v3/surveys/SV_123abcDEFGhijkl")
        first_match.add(_ms(start))
        start = time.perf_counter()
        for _ in range(MATCHES):
            spec.match("GET", "/API/v3/directories/POOL_012345678901234//contacts/CID_012345678901234")
        warm.add(_ms(start) * 1000 / MATCHES)
        document = json.loads(text)
        start = time.perf_counter()
        eager = _spec.Spec(document, package=None)
        for each in eager.operations:
            _ = each.params, each.paging, each.bodies, each.success_schema_pointer
        every.add(_ms(start))
    section = Section()
    lazy_ratio = one.median / every.median
    section.rows += [
        Row("g. spec", "parse the bundled JSON (once per process), ms", parse.text("{:.1f}")),
        Row("g. spec", "model + first operation compiled, ms", one.text("{:.2f}")),
        Row(
            "g. spec",
            "model + every operation compiled, ms",
            every.text("{:.2f}"),
            "one operation under half of all",
            verdict(lazy_ratio < 0.5, f"ratio {lazy_ratio:.2f}"),
        ),
        Row("g. spec", "first path match (templates compiled), ms", first_match.text("{:.2f}")),
        Row("g. spec", "warm path match, us per call", warm.text("{:.1f}")),
    ]
    return section
