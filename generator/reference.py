"""Render the reference of the typed surface, `docs/reference/`, from the bundle the generated package ships.

One page per family (tag) listing each operation as the clients expose it: the method name, its pager or job
runner, the HTTP call, every parameter with its type and description, the body and the result model. It is
read from the same data the templates are rendered from (`surface.Surface`), so the page and the generated
methods cannot disagree. `make docs` writes it; `--check` fails when the committed pages are stale.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import ROOT, parse  # noqa: E402 - beside this script, found through the path set just above
from surface import Group, Method  # noqa: E402

BUNDLE = ROOT / "generated" / "qualtrics_api" / "openapi.json"
OUTPUT = ROOT / "docs" / "reference"
HEADER = "<!-- Rendered by `make docs` (generator/reference.py) from generated/qualtrics_api/openapi.json. -->\n"


def _cell(text: str) -> str:
    """Table-safe text: one line, no bar."""
    return " ".join(text.split()).replace("|", "\\|")


def _paragraph(text: str) -> str:
    return " ".join(text.split())


def _signature(method: Method, extra: list[str]) -> str:
    names = [a.python_name for a in method.path_arguments]
    keywords = (["body"] if method.body_type else []) + [a.python_name for a in method.keyword_arguments] + extra
    return ", ".join(names + (["*", *keywords] if keywords else []))


def _method_http(document: dict[str, Any], operation_id: str) -> str:
    for path, item in (document.get("paths") or {}).items():
        for verb, op in (item or {}).items():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                return f"{verb.upper()} {path}"
    return ""


def render_group(group: Group, document: dict[str, Any]) -> str:
    lines = [HEADER, f"# `{group.tag}`\n"]
    if group.description:
        lines.append(f"{_paragraph(group.description)}\n")
    lines.append(
        f"Methods of `qualtrics.{group.tag}` (`Qualtrics`) and, awaited, of the same attribute of `AsyncQualtrics`."
        f" The sync group is `qualtrics_api.api.{group.tag}.{group.class_name}`.\n"
    )
    lines.append("| method | HTTP | returns |\n|---|---|---|")
    for method in group.methods:
        lines.append(
            f"| [`{method.name}`](#{method.name.replace('_', '-')}) | `{_method_http(document, method.operation_id)}`"
            f" | `Result[{_cell(method.result_type)}]` |"
        )
    lines.append("")
    for method in group.methods:
        lines.extend(_render_method(group, method, document))
    return "\n".join(lines).rstrip() + "\n"


def _render_method(group: Group, method: Method, document: dict[str, Any]) -> list[str]:
    options = ["max_retries", "deadline"]
    lines = [
        f"## {method.name}\n",
        f"`qualtrics.{group.tag}.{method.name}({_signature(method, options)})` → `Result[{method.result_type}]`\n",
        f"`{_method_http(document, method.operation_id)}` · operationId `{method.operation_id}`\n",
    ]
    if method.summary:
        lines.append(f"**{_paragraph(method.summary)}.** {_paragraph(method.description)}\n".replace("..**", ".**"))
    elif method.description:
        lines.append(f"{_paragraph(method.description)}\n")
    if method.arguments or method.body_type:
        lines.append("| parameter | in | type | required | description |\n|---|---|---|---|---|")
        for argument in method.arguments:
            lines.append(
                f"| `{argument.python_name}` | {argument.location} | `{_cell(argument.type_string)}` |"
                f" {'yes' if argument.required else 'no'} | {_cell(argument.description)} |"
            )
        if method.body_type:
            lines.append(
                f"| `body` | body | `{_cell(method.body_type)}` | {'yes' if method.body_required else 'no'} |"
                " the generated model, or a dict with the spec's keys (checked before sending) |"
            )
        lines.append("")
    if method.paginated:
        lines.append(
            f"Pager: `qualtrics.{group.tag}.{method.pager_name}({_signature(method, ['max_pages', *options])})`"
            f" → `Pager[{method.item_type}, {method.result_type}]`: iterating yields `{method.item_type}`;"
            " `.pages()` each page's result, `.with_raw()` (model, JSON as received) pairs.\n"
        )
    if method.job_kind:
        runner = ["on_progress", "timeout", "poll_interval", "max_poll_interval"]
        lines.append(
            f"Job runner: `qualtrics.{group.tag}.{method.runner_name}({_signature(method, runner)})`"
            f" → `JobOutcome[{method.result_type}, {method.progress_type}]` (a `{method.job_kind}` job"
            + (", whose file `qualtrics.download(outcome, path)` saves" if method.job_file else "")
            + ").\n"
        )
    if method.error_statuses:
        lines.append(f"Errors documented: {', '.join(method.error_statuses)}.\n")
    return lines


def render_index(groups: list[Group]) -> str:
    total = sum(len(g.methods) for g in groups)
    lines = [
        HEADER,
        "# Reference\n",
        f"Every operation of the spec ({total}) as a typed method: `qualtrics.<family>.<operation>(...)` on"
        " `Qualtrics`, awaited on `AsyncQualtrics`, returning `Result[Model]` (`.model` the generated model,"
        " `.raw` the JSON as received). List operations also have a pager (`paginate_<operation>`), job"
        " starts a runner (`run_<operation>`). `call(operationId, ...)` is the untyped escape hatch.\n",
        "| family | operations | pagers | job runners |\n|---|---|---|---|",
    ]
    for group in groups:
        pagers = sum(1 for m in group.methods if m.paginated)
        runners = sum(1 for m in group.methods if m.job_kind)
        lines.append(f"| [`{group.tag}`]({group.tag}.md) | {len(group.methods)} | {pagers} | {runners} |")
    return "\n".join(lines) + "\n"


def render(bundle: Path = BUNDLE) -> dict[str, str]:
    """File name → text of every reference page."""
    document = json.loads(bundle.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="qualtrics-reference-") as scratch:
        _, _, surface = parse(document, bundle, Path(scratch) / "qualtrics_api")
    groups = [surface.groups[tag] for tag in sorted(surface.groups)]
    pages = {f"{group.tag}.md": render_group(group, document) for group in groups}
    pages["README.md"] = render_index(groups)
    return pages


def stale(pages: dict[str, str], directory: Path = OUTPUT) -> list[str]:
    """Pages that differ from (or are missing in, or are extra in) `directory`."""
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in directory.glob("*.md")} if directory.exists() else {}
    return sorted(name for name in set(pages) | set(on_disk) if pages.get(name) != on_disk.get(name))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if docs/reference/ differs from a fresh render")
    args = parser.parse_args()
    pages = render()
    if args.check:
        drift = stale(pages)
        if drift:
            print("docs/reference is stale; run `make docs`:", *drift, sep="\n  ")
            return 1
        print("docs/reference is up to date")
        return 0
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for old in OUTPUT.glob("*.md"):
        if old.name not in pages:
            old.unlink()
    for name, text in pages.items():
        (OUTPUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(pages)} pages to {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
