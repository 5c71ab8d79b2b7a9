"""The `qualtrics` commands (typer on click, rich for progress): export, surveys list, whoami, call, mock.

Output is for pipes: results on stdout (a path, tab-separated rows, JSON), progress and notes on stderr.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from .._progress import ProgressDisplay, terminal_progress
from ..client import Qualtrics
from ..errors import ConfigurationError
from ..frames.options import EXPORT_OPERATION, continuation_of, export_body
from .settings import Settings, resolve

app = typer.Typer(
    name="qualtrics",
    help="Qualtrics v3 API from the command line: export responses, list surveys, call any operation.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
surveys = typer.Typer(help="Surveys of the account.", no_args_is_help=True)
app.add_typer(surveys, name="surveys")


@app.callback()
def connection(
    ctx: typer.Context,
    token: Annotated[str | None, typer.Option(help="API token [env: QUALTRICS_API_TOKEN]", show_default=False)] = None,
    datacenter: Annotated[
        str | None, typer.Option(help="datacenter id, e.g. iad1 [env: QUALTRICS_DATACENTER]", show_default=False)
    ] = None,
    base_url: Annotated[
        str | None, typer.Option(help="base URL instead of a datacenter [env: QUALTRICS_BASE_URL]", show_default=False)
    ] = None,
) -> None:
    # Resolved only when a command needs it: `qualtrics mock` and `--help` need no credentials.
    ctx.obj = (token, datacenter, base_url)


def _client(ctx: typer.Context) -> Qualtrics:
    root = ctx.find_root()
    token, datacenter, base_url = root.obj if isinstance(root.obj, tuple) else (None, None, None)
    settings: Settings = resolve(token, datacenter, base_url)
    if settings.base_url:
        return Qualtrics(settings.token, base_url=settings.base_url)
    return Qualtrics(settings.token, datacenter=settings.datacenter)


def _print_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


@contextmanager
def _display(enabled: bool) -> Iterator[ProgressDisplay | None]:
    if not enabled:
        yield None
        return
    with terminal_progress(sys.stderr) as display:
        yield display


def _value(text: str) -> Any:
    """A command-line value: JSON when it reads as JSON (numbers, true, lists), else the text itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _pairs(items: list[str], what: str) -> dict[str, Any]:
    pairs: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise ConfigurationError(f"{what} {item!r}: expected name=value")
        pairs[name.strip()] = _value(text)
    return pairs


@app.command()
def export(
    ctx: typer.Context,
    survey_id: Annotated[str, typer.Argument(help="the survey, SV_...")],
    format: Annotated[str, typer.Option("--format", "-f", help="csv, tsv, json, ndjson, spss or xml")] = "csv",
    output: Annotated[Path, typer.Option("--output", "-o", help="file or directory to write the zip to")] = Path(),
    labels: Annotated[
        bool | None, typer.Option("--labels/--codes", help="choice labels or recode values", show_default=False)
    ] = None,
    start_date: Annotated[str | None, typer.Option(help="responses from this date/time (ISO 8601)")] = None,
    end_date: Annotated[str | None, typer.Option(help="responses before this date/time (ISO 8601)")] = None,
    limit: Annotated[int | None, typer.Option(help="most responses to export")] = None,
    time_zone: Annotated[str | None, typer.Option(help="IANA time zone of the exported dates")] = None,
    question_id: Annotated[list[str] | None, typer.Option(help="only this question (repeatable)")] = None,
    filter_id: Annotated[str | None, typer.Option(help="a saved response filter")] = None,
    allow_continuation: Annotated[
        bool, typer.Option("--allow-continuation", help="ask for a continuation token")
    ] = False,
    continuation_token: Annotated[str | None, typer.Option(help="only responses since that export")] = None,
    option: Annotated[
        list[str] | None, typer.Option("--option", help="any other export option, name=value (repeatable)")
    ] = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="progress on stderr")] = True,
    poll_interval: Annotated[float, typer.Option(help="seconds between the first progress checks")] = 1.0,
) -> None:
    """Export a survey's responses to a zip; prints the file's path (and the continuation token on stderr)."""
    client = _client(ctx)
    with client:
        options: dict[str, Any] = {
            "format": format,
            "useLabels": labels,
            "startDate": start_date,
            "endDate": end_date,
            "limit": limit,
            "timeZone": time_zone,
            "questionIds": question_id or None,
            "filterId": filter_id,
            "allowContinuation": True if allow_continuation else None,
            "continuationToken": continuation_token,
            **_pairs(option or [], "--option"),
        }
        body = export_body(client.spec, options)
        with _display(progress) as display:
            outcome = client.run_job(
                EXPORT_OPERATION, survey_id=survey_id, body=body, progress=display, poll_interval=poll_interval
            )
            saved = client.download(outcome, output, progress=display)
    sys.stdout.write(f"{saved}\n")
    token = continuation_of(outcome)
    if token:
        sys.stderr.write(f"continuation token: {token}\n")


@surveys.command("list")
def list_surveys(
    ctx: typer.Context,
    page_size: Annotated[int | None, typer.Option(help="surveys per request")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per line instead of columns")] = False,
) -> None:
    """Every survey: id, name, active, last modified (tab-separated)."""
    with _client(ctx) as client:
        kwargs = {"page_size": page_size} if page_size else {}
        for _, survey in client.paginate("listSurveys", **kwargs).with_raw():
            if as_json:
                sys.stdout.write(json.dumps(survey, ensure_ascii=False) + "\n")
                continue
            fields = (survey.get("id"), survey.get("name"), survey.get("isActive"), survey.get("lastModified"))
            sys.stdout.write("\t".join("" if f is None else str(f) for f in fields) + "\n")


@app.command()
def whoami(ctx: typer.Context) -> None:
    """The token's user, brand and datacenter, as JSON."""
    with _client(ctx) as client:
        _print_json(client.whoami().raw.get("result"))


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


@app.command()
def call(
    ctx: typer.Context,
    operation_id: Annotated[str, typer.Argument(help="an operationId, e.g. getSurvey (or get_survey)")],
    params: Annotated[
        list[str] | None, typer.Argument(help="parameters, name=value (surveyId=SV_... or survey_id=...)")
    ] = None,
    body: Annotated[str | None, typer.Option(help="JSON request body, or @file to read it from a file")] = None,
) -> None:
    """Call any operation of the API and print its JSON answer."""
    kwargs = {_snake(name): value for name, value in _pairs(params or [], "parameter").items()}
    if body is not None:
        text = Path(body[1:]).read_text(encoding="utf-8") if body.startswith("@") else body
        try:
            kwargs["body"] = json.loads(text)
        except ValueError as exc:
            raise ConfigurationError(f"--body is not JSON ({exc})") from None
    with _client(ctx) as client:
        client.spec.operation(operation_id)  # an unknown name fails here, before anything is sent
        result = client.call(operation_id, **kwargs)
    _print_json(result.raw if result.raw is not None else {"status": result.status_code})


@app.command()
def mock(
    port: Annotated[int, typer.Option(help="port on 127.0.0.1")] = 8080,
    host: Annotated[str, typer.Option(help="loopback address to listen on")] = "127.0.0.1",
) -> None:
    """Serve the local Qualtrics (needs the `mock` extra) and print its base URL and token."""
    try:
        from qualtrics_mock.__main__ import main as serve
    except ImportError as exc:
        raise ConfigurationError("the local Qualtrics needs: pip install 'qualtrics-client[mock]'") from exc
    serve(["--host", host, "--port", str(port)])
