"""qualtrics_client: the hand-written overlay over the generated `qualtrics_api` package.

Named `qualtrics_client` because `qualtrics` is taken on PyPI. Heavy pieces (the bundled spec, the
generated modules) load on first use, so importing this package stays cheap; so do the DataFrame helpers
(`fetch_responses`, `read_responses`, from `qualtrics_client.frames`, which import pandas when first used).
"""

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

from ._base import ClientOptions
from ._progress import PlainProgress, ProgressDisplay, terminal_progress
from ._retry import RetryPolicy
from ._spec import Operation, Spec
from .async_client import AsyncQualtrics
from .client import Qualtrics, find_datacenter
from .errors import (
    APIError,
    BadRequest,
    ConfigurationError,
    Conflict,
    ConnectionError,
    Forbidden,
    JobError,
    JobFailed,
    JobTimeout,
    MalformedResponse,
    NotFound,
    PayloadTooLarge,
    QualtricsDecodeWarning,
    QualtricsError,
    QualtricsNotice,
    RateLimited,
    ServerError,
    Timeout,
    Unauthorized,
    Unprocessable,
    UnsafeURL,
    UnsupportedMediaType,
)
from .jobs import JobOutcome, JobProgress
from .mistakes import (
    InvalidArguments,
    InvalidBody,
    ItemDecodeError,
    MissingParameter,
    NotAJob,
    NotPaginated,
    UnknownBodyField,
    UnknownOperation,
    UnknownParameter,
    UnsafePathValue,
    UsageError,
)
from .pagination import AsyncPager, Pager
from .result import Result

if TYPE_CHECKING:
    from .files import DamagedExport, ExportHeader, iter_rows, read_header
    from .frames import fetch_responses, read_responses

# Loaded on first use: exports need zipfile and csv, DataFrames pandas; a plain call needs neither.
_FILES = ("DamagedExport", "ExportHeader", "iter_rows", "read_header")


def __getattr__(name: str) -> Any:
    if name in ("fetch_responses", "read_responses"):
        from . import frames

        return getattr(frames, name)
    if name in _FILES:
        from . import files

        return getattr(files, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "APIError",
    "AsyncPager",
    "AsyncQualtrics",
    "BadRequest",
    "ClientOptions",
    "ConfigurationError",
    "Conflict",
    "ConnectionError",
    "DamagedExport",
    "ExportHeader",
    "Forbidden",
    "InvalidArguments",
    "InvalidBody",
    "ItemDecodeError",
    "JobError",
    "JobFailed",
    "JobOutcome",
    "JobProgress",
    "JobTimeout",
    "MalformedResponse",
    "MissingParameter",
    "NotAJob",
    "NotFound",
    "NotPaginated",
    "Operation",
    "Pager",
    "PayloadTooLarge",
    "PlainProgress",
    "ProgressDisplay",
    "Qualtrics",
    "QualtricsDecodeWarning",
    "QualtricsError",
    "QualtricsNotice",
    "RateLimited",
    "Result",
    "RetryPolicy",
    "ServerError",
    "Spec",
    "Timeout",
    "Unauthorized",
    "UnknownBodyField",
    "UnknownOperation",
    "UnknownParameter",
    "Unprocessable",
    "UnsafePathValue",
    "UnsafeURL",
    "UnsupportedMediaType",
    "UsageError",
    "__version__",
    "fetch_responses",
    "find_datacenter",
    "iter_rows",
    "read_header",
    "read_responses",
    "terminal_progress",
]


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
