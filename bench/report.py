"""The results table: one row per figure, with its goal and whether it is met."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Row:
    bench: str
    measure: str
    value: str  # "min / median / max"
    goal: str = ""
    verdict: str = ""


@dataclass
class Section:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def table(rows: list[Row]) -> str:
    lines = ["| bench | measure | min / median / max | goal | verdict |", "|---|---|---|---|---|"]
    lines += [f"| {r.bench} | {r.measure} | {r.value} | {r.goal} | {r.verdict} |" for r in rows]
    return "\n".join(lines)


def verdict(met: bool, miss: str) -> str:
    return "met" if met else f"MISSED: {miss}"
