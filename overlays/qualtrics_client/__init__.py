"""qualtrics_client: the hand-written overlay over the generated `qualtrics_api` package.

Named `qualtrics_client` because `qualtrics` is taken on PyPI. Heavy pieces (the bundled spec, the
generated modules) load on first use, so importing this package stays cheap.
"""

from ._base import ClientOptions
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
from .files import iter_rows
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

__all__ = [
    "APIError",
    "AsyncPager",
    "AsyncQualtrics",
    "BadRequest",
    "ClientOptions",
    "ConfigurationError",
    "Conflict",
    "ConnectionError",
    "Forbidden",
    "InvalidArguments",
    "InvalidBody",
    "ItemDecodeError",
    "JobError",
    "JobFailed",
    "JobOutcome",
    "JobProgress",
    "JobTimeout",
    "MissingParameter",
    "NotAJob",
    "NotFound",
    "NotPaginated",
    "Operation",
    "Pager",
    "PayloadTooLarge",
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
    "find_datacenter",
    "iter_rows",
]
