"""`qualtrics`, the command line (the `cli` extra: `pip install 'qualtrics-client[cli]'`).

`main()` is the console script and `python -m qualtrics_client`. Every mistake the user can make (a bad
token, an unknown survey or operation, a wrong datacenter, a bad option) ends as one line on stderr and a
non-zero exit code, never a traceback.
"""

from __future__ import annotations

import sys

from ..errors import APIError, ConfigurationError, QualtricsError, Unauthorized
from ..errors import ConnectionError as QualtricsConnectionError

EXIT_ERROR = 1
EXIT_USAGE = 2


def _fail(message: str, code: int = EXIT_ERROR) -> int:
    sys.stderr.write(f"qualtrics: error: {' '.join(message.split())}\n")
    return code


def explain(error: QualtricsError) -> str:
    """The one line a user sees for an error, with the likely fix when the cause is a common one."""
    text = str(error)
    if isinstance(error, Unauthorized):
        return f"{text} (check --token / QUALTRICS_API_TOKEN)"
    if isinstance(error, QualtricsConnectionError):
        return f"{text} (check --datacenter / --base-url and the network)"
    if isinstance(error, APIError) and error.http_status == 404:
        return f"{text} (check the id)"
    return text


def main(argv: list[str] | None = None) -> int:
    try:
        import typer
        from typer.exceptions import TyperException

        from .app import app
    except ImportError as exc:
        return _fail(f"the command line needs {exc.name}: pip install 'qualtrics-client[cli]'")
    command = typer.main.get_command(app)
    try:
        outcome = command.main(args=argv, prog_name="qualtrics", standalone_mode=False)
    except typer.Exit as done:
        return int(done.exit_code or 0)
    except typer.Abort:
        return _fail("aborted", 130)
    except TyperException as exc:  # a usage mistake: missing argument, unknown option, bad value
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        return _fail(message, EXIT_USAGE)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except ConfigurationError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except QualtricsError as exc:
        return _fail(explain(exc))
    except OSError as exc:  # the output file or directory cannot be written, a --body @file cannot be read
        return _fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
    return outcome if isinstance(outcome, int) else 0
