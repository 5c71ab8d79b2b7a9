"""What a `Result` keeps until its model is read, and which one-pass builder (`_builders`) decodes it.

The class of an operation's answer is found by asking the generated `_parse_response` itself: it is handed
a probe as the JSON, and the generated `from_dict` it calls starts with `dict(src_dict)`, which asks the probe
for `keys()`; the frame asking is that `from_dict`, whose `cls` is the answer's class. An answer that is no
model (a list, a cast) raises something else or returns the probe: no builder.
"""

from __future__ import annotations

import sys
import threading
import weakref
from types import ModuleType
from typing import Any

from ._builders import Builder, compile_answer
from ._decode import coerce, to_model
from ._spec import Operation, Spec

# An answer this long (bytes) is worth compiling a builder for on first sight (a few hundred list elements).
_COMPILE_AT = 64 * 1024


class _Found(Exception):  # a signal, not an error
    def __init__(self, cls: Any) -> None:
        self.cls = cls


class _Probe:
    """Handed to `_parse_response` as the JSON: the generated `from_dict` starts with `dict(src_dict)`, which
    asks for `keys()`, and the frame asking is that `from_dict`, whose `cls` is the class of the answer."""

    def keys(self) -> Any:
        frame = sys._getframe(1)
        raise _Found(frame.f_locals.get("cls") if frame.f_code.co_name == "from_dict" else None)


class _ProbeResponse:
    def __init__(self, status_code: int) -> None:
        self.status_code = status_code

    def json(self) -> Any:
        return _Probe()


class _NoRaise:
    raise_on_unexpected_status = False


def _answer_class(module: ModuleType, status: int) -> type | None:
    parse = getattr(module, "_parse_response", None)
    if parse is None:
        return None
    try:
        parse(client=_NoRaise(), response=_ProbeResponse(status))
    except _Found as found:
        return found.cls if isinstance(found.cls, type) else None
    except Exception:  # an answer that is no model (a list, a cast): no builder
        return None
    return None


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.classes: dict[tuple[str, int, int], Builder | None] = {}
        self.done: dict[tuple[int, type], Builder | None] = {}
        self.keep: list[Any] = []
        self.seen: set[tuple[str, int, int]] = set()  # answered once, small, no builder compiled yet


_caches: weakref.WeakKeyDictionary[Spec, _Cache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def builder(spec: Spec, module: ModuleType, status: int, schema: Any, size: int | None = None) -> Builder | None:
    """The one-pass builder of `module`'s answer to `status` against `schema`, or None (take the slow way).

    `size`: the answer's length in bytes. Compiling costs a few milliseconds, more than the slow way spends on
    a small answer, so a small answer of an operation not seen before takes the slow way and the builder is
    compiled when the operation answers again (a script making one call never compiles one)."""
    cache = _caches.get(spec)
    if cache is None:
        with _caches_lock:
            cache = _caches.setdefault(spec, _Cache())
    key = (module.__name__, status, id(schema))
    if key in cache.classes:
        return cache.classes[key]
    if size is not None and size < _COMPILE_AT and key not in cache.seen:
        cache.seen.add(key)
        return None
    with cache.lock:
        if key in cache.classes:
            return cache.classes[key]
        found: Builder | None = None
        cls = _answer_class(module, status)
        if cls is not None and schema is not None:
            found, keep = compile_answer(spec, schema, cls, cache.done)
            cache.keep += [schema, *keep]
        cache.classes[key] = found
        return found


# --- what a Result keeps until its model is read -------------------------------------------------------------
class _NotRepaired:
    def __repr__(self) -> str:
        return "<not repaired yet>"


NOT_REPAIRED: Any = _NotRepaired()


class Plan:
    """How one answer is decoded, kept by its `Result` until `data` or `model` is first read (the schema too
    is looked up only then: a caller reading only the JSON pays for nothing of it)."""

    __slots__ = ("_schema", "module", "operation", "spec", "status")

    def __init__(self, spec: Spec, operation: Operation, status: int, module: ModuleType | None) -> None:
        self.spec, self.operation, self.status, self.module = spec, operation, status, module
        self._schema: Any = NOT_REPAIRED

    @property
    def schema(self) -> Any:
        if self._schema is NOT_REPAIRED:
            self._schema = self.operation.response_schema(self.status)
        return self._schema

    def repair(self, raw: Any) -> Any:
        schema = self.schema
        return raw if schema is None else coerce(raw, schema, self.spec)

    def model(self, raw: Any, repaired: Any = NOT_REPAIRED, size: int | None = None) -> Any:
        """The generated model of `raw` (`repaired`: its repair, when already made; `size`: the body's length
        in bytes), or None with a warning.

        The one-pass builder first; when there is none, or it refuses the payload, the repair and the
        generated parser, which decide (and warn) as they always did."""
        status = self.status
        module = self.module
        if module is None:
            return None
        if raw.__class__ is dict:
            build = builder(self.spec, module, status, self.schema, size)
            if build is not None:
                try:
                    return build(raw, 0)
                except Exception:  # noqa: S110 - a refusal, or a payload it cannot take: the slow way decides
                    pass
        if repaired is NOT_REPAIRED:
            repaired = self.repair(raw)
        return to_model(module, status, repaired, self.operation.operation_id)
