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

    def acquire(self, timeout: float | None = None) -> bool:
        """Take a slot, waiting at most `timeout` seconds (None: as long as it takes); False if none came."""
        with self._lock:
            if self._try_take():
                return True
            if timeout is not None and timeout <= 0:
                return False
            waiter = _Waiter()
            self._waiters.append(waiter)
        if waiter.event.wait(timeout):
            return True
        return self._withdraw(waiter)

    # A timeout argument, not `asyncio.timeout`: a slot granted as time runs out must not be lost.
    async def acquire_async(self, timeout: float | None = None) -> bool:  # noqa: ASYNC109
        """`acquire` for a task: the loop keeps running while it waits."""
        import asyncio  # deferred: see the TYPE_CHECKING import

        with self._lock:
            if self._try_take():
                return True
            if timeout is not None and timeout <= 0:
                return False
            task_waiter = _TaskWaiter(asyncio.get_running_loop())
            self._waiters.append(task_waiter)
        try:
            # `wait`, not `wait_for`: the future must survive a timeout, since a slot may be on its way to it.
            done, _ = await asyncio.wait({task_waiter.future}, timeout=timeout)
        except asyncio.CancelledError:
            if self._withdraw(task_waiter):  # the slot arrived as we were cancelled: pass it on
                self.release()
            raise
        return bool(done) or self._withdraw(task_waiter)

    def _withdraw(self, waiter: _Waiter) -> bool:
        """Stop waiting; True when the slot was granted in the meantime (it is then the caller's)."""
        with self._lock:
            if waiter.granted:
                return True
            self._waiters.remove(waiter)
            return False

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
