"""Request paths as the spec and Qualtrics read them: path templates as matchers, and the reading of a
concrete path (slashes) that the client's matcher and the local Qualtrics share."""

from __future__ import annotations

import functools
import re

PARAM = re.compile(r"{([^}]+)}")
_SLASHES = re.compile(r"/{2,}")


def normalise_path(path: str) -> str:
    """The path Qualtrics answers a request path as: runs of slashes count as one (`/API/v3//surveys`), and
    one trailing slash is dropped (`/export-responses/`); clients written against the live API send both."""
    collapsed = _SLASHES.sub("/", path)
    return collapsed[:-1] if len(collapsed) > 1 and collapsed.endswith("/") else collapsed


def escape_pointer(token: str) -> str:
    """One JSON-pointer token (`/API/v3/surveys` -> `~1API~1v3~1surveys`)."""
    return token.replace("~", "~0").replace("/", "~1")


class PathTemplate:
    """One path template as a matcher; literal segments must be equal, `{name}` takes one non-empty segment."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.names = PARAM.findall(template)
        pattern = re.sub(r"\\{([^}]+)\\}", "([^/]+)", re.escape(template))
        self._regex = re.compile(pattern)
        # Literal segments sort before parameters, as OpenAPI matches concrete paths before templated ones.
        self.order = [(segment.startswith("{"), segment) for segment in template.split("/")]

    def match(self, path: str) -> dict[str, str] | None:
        found = self._regex.fullmatch(path)
        return dict(zip(self.names, found.groups(), strict=True)) if found else None


@functools.lru_cache(maxsize=1024)
def template(path: str) -> PathTemplate:
    """The matcher of one path template (kept: templates are few and reused)."""
    return PathTemplate(path)
