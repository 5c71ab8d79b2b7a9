"""Survey responses as pandas DataFrames (the `pandas` extra: `pip install 'qualtrics-client[pandas]'`).

`fetch_responses(client, survey_id, **export_options)` exports, downloads and reads in one call;
`read_responses(path)` reads a saved export. Columns are named by export tag (or import id), converted by the
survey's response schema (dates, numbers, booleans, ordered categoricals of the choices), and described in
`frame.attrs["qualtrics"]`: `column_info(frame, column)`, `questions(frame)`, `continuation_token(frame)`.

pandas is imported only when one of these is first used, so `import qualtrics_client` stays light;
`options` (the export body from the spec) and `columns` need no pandas at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .columns import ColumnInfo
from .options import export_body, export_fields

if TYPE_CHECKING:
    from .fetch import fetch_responses, fetch_responses_async, response_schema
    from .table import column_info, continuation_token, questions, read_responses

_LAZY = {
    "fetch_responses": "fetch",
    "fetch_responses_async": "fetch",
    "response_schema": "fetch",
    "read_responses": "table",
    "column_info": "table",
    "questions": "table",
    "continuation_token": "table",
}

__all__ = [
    "ColumnInfo",
    "column_info",
    "continuation_token",
    "export_body",
    "export_fields",
    "fetch_responses",
    "fetch_responses_async",
    "questions",
    "read_responses",
    "response_schema",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    try:
        loaded = import_module(f"{__name__}.{module}")
    except ImportError as exc:
        if exc.name in ("pandas", "numpy"):
            raise ImportError(
                "qualtrics_client.frames needs pandas: pip install 'qualtrics-client[pandas]'", name=exc.name
            ) from exc
        raise
    return getattr(loaded, name)
