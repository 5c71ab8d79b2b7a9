"""Concurrency caps per token, shared by threads and asyncio tasks alike.

Qualtrics limits each token to 30 concurrent ordinary and 15 concurrent "asynchronous" requests; beyond
that it answers 429. Waiting locally is cheaper than being refused. One counter per pool, guarded by a
threading lock, serves both worlds: threads wait on an Event, tasks on a Future woken thread-safely.
Slots are handed over first-come first-served, so nobody starves.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections import deque
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # asyncio costs ~40 ms to import; sync-only programs never need it
    import asyncio


class _Waiter:
    """A thread blocked in `acquire`."""

    def __init__(self) -> None:
        self.granted = False
        self.event = threading.Event()

    def wake(self) -> bool:
        self.event.set()
        return True


class _TaskWaiter(_Waiter):
    """A task awaiting `acquire_async`, possibly on another thread's loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self.loop = loop
        self.future: asyncio.Future[None] = loop.create_future()

    def wake(self) -> bool:
        try:
            self.loop.call_soon_threadsafe(self._resolve)
        except RuntimeError:  # the waiter's loop is closed: it will never take the slot
            return False
        return True

    def _resolve(self) -> None:
        if not self.future.done():
            self.future.set_result(None)


class Slots:
    """A counting semaphore usable from threads and from any event loop."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("concurrency limit must be at least 1")
        self.limit = limit
        self._used = 0
        self._lock = threading.Lock()
        self._waiters: deque[_Waiter] = deque()

    @property
    def in_use(self) -> int:
        return self._used

    def _try_take(self) -> bool:
        if self._used < self.limit and not self._waiters:
            self._used += 1
            return True
        return False

    def acquire(self) -> None:
        with self._lock:
            if self._try_take():
                return
            waiter = _Waiter()
            self._waiters.append(waiter)
        waiter.event.wait()

    async def acquire_async(self) -> None:
        import asyncio  # deferred: see the TYPE_CHECKING import

        with self._lock:
            if self._try_take():
                return
            task_waiter = _TaskWaiter(asyncio.get_running_loop())
            self._waiters.append(task_waiter)
        waiter = task_waiter
        try:
            await task_waiter.future
        except asyncio.CancelledError:
            with self._lock:
                granted = waiter.granted
                if not granted:
                    self._waiters.remove(waiter)
            if granted:  # the slot arrived as we were cancelled: pass it on
                self.release()
            raise

    def release(self) -> None:
        with self._lock:
            while self._waiters:
                waiter = self._waiters.popleft()
                waiter.granted = True
                if waiter.wake():
                    return  # the slot moves to the waiter; the count is unchanged
                waiter.granted = False
            self._used -= 1


class TokenLimits:
    def __init__(self, ordinary: int, asynchronous: int) -> None:
        self.ordinary = Slots(ordinary)
        self.asynchronous = Slots(asynchronous)

    def pool(self, is_async: bool) -> Slots:
        return self.asynchronous if is_async else self.ordinary

    @contextmanager
    def slot(self, is_async: bool) -> Iterator[None]:
        slots = self.pool(is_async)
        slots.acquire()
        try:
            yield
        finally:
            slots.release()

    @asynccontextmanager
    async def slot_async(self, is_async: bool) -> AsyncIterator[None]:
        slots = self.pool(is_async)
        await slots.acquire_async()
        try:
            yield
        finally:
            slots.release()


_registry: weakref.WeakValueDictionary[tuple[str, int, int], TokenLimits] = weakref.WeakValueDictionary()
_registry_lock = threading.Lock()


def limits_for(credential: str, ordinary: int, asynchronous: int) -> TokenLimits:
    """The caps shared by every client of this process using the same credential (and the same limits)."""
    # Keyed by a digest so the registry holds no secret.
    key = (hashlib.sha256(credential.encode()).hexdigest(), ordinary, asynchronous)
    with _registry_lock:
        limits = _registry.get(key)
        if limits is None:
            limits = TokenLimits(ordinary, asynchronous)
            _registry[key] = limits
        return limits
