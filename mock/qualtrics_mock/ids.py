"""Qualtrics-looking ids: a prefix (`SV_`, `R_`, `CID_`...) and random letters and digits."""

from __future__ import annotations

import random
import re
import string
import uuid

_ALPHABET = string.ascii_letters + string.digits
_PREFIX = re.compile(r"^([A-Za-z]+_)")


class IdFactory:
    """Seeded so that seed data (and test runs) are reproducible."""

    def __init__(self, seed: int = 0) -> None:
        self._random = random.Random(seed)  # noqa: S311 - ids, not secrets

    def new(self, prefix: str, length: int = 15) -> str:
        return prefix + "".join(self._random.choice(_ALPHABET) for _ in range(length))

    def file_id(self) -> str:
        """Export file ids look like `<uuid>-def`."""
        return f"{uuid.UUID(int=self._random.getrandbits(128))}-def"


def prefix_of(example: object) -> str | None:
    """`SV_` from `SV_123abc`; None if the example has no Qualtrics-style prefix."""
    if isinstance(example, str):
        found = _PREFIX.match(example)
        if found:
            return found.group(1)
    return None
