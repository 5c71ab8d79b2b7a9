"""Concurrency caps per token: 30 ordinary and 15 "async" in flight, across threads and tasks."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from qualtrics_client import AsyncQualtrics, Qualtrics, Spec
from qualtrics_client._limits import Slots, limits_for

from ._httpx import httpx
from .conftest import TOKEN, Sleeps, envelope


class InFlight:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0
        self.peak_by_path: dict[str, int] = {}
        self.now_by_path: dict[str, int] = {}

    def enter(self, path: str) -> None:
        with self.lock:
            self.now += 1
            self.now_by_path[path] = self.now_by_path.get(path, 0) + 1
            self.peak = max(self.peak, self.now)
            self.peak_by_path[path] = max(self.peak_by_path.get(path, 0), self.now_by_path[path])

    def leave(self, path: str) -> None:
        with self.lock:
            self.now -= 1
            self.now_by_path[path] -= 1


@pytest.mark.anyio
async def test_async_tasks_capped_per_pool(spec: Spec, sleeps: Sleeps) -> None:
    flight = InFlight()

    async def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        flight.enter(path)
        for _ in range(5):
            await asyncio.sleep(0)
        flight.leave(path)
        result = {"progressId": "ES_1"} if path.endswith("export-responses") else {"id": "W"}
        return httpx.Response(200, json=envelope(result))

    async with AsyncQualtrics(
        TOKEN, datacenter="iad1", transport=httpx.MockTransport(handler), spec=spec, async_sleep=sleeps.asleep
    ) as client:
        ordinary = [client.request("GET", f"/API/v3/widgets/W{i % 1}") for i in range(80)]
        exports = [client.call("exportResponses", survey_id="SV_1") for _ in range(40)]
        await asyncio.gather(*ordinary, *exports)
    assert flight.peak_by_path["/API/v3/widgets/W0"] == 30
    assert flight.peak_by_path["/API/v3/surveys/SV_1/export-responses"] == 15
    assert flight.peak == 45  # the pools are separate: exceeding one does not hold up the other


@pytest.mark.anyio
async def test_configurable_limits(sleeps: Sleeps) -> None:
    flight = InFlight()

    async def handler(request: httpx.Request) -> httpx.Response:
        flight.enter("p")
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        flight.leave("p")
        return httpx.Response(200, json=envelope({}))

    async with AsyncQualtrics(
        "other-token", datacenter="iad1", transport=httpx.MockTransport(handler), concurrency=4
    ) as client:
        await asyncio.gather(*[client.request("GET", "/API/v3/x") for _ in range(20)])
    assert flight.peak == 4


def test_threads_capped(sleeps: Sleeps) -> None:
    flight = InFlight()

    def handler(request: httpx.Request) -> httpx.Response:
        flight.enter("p")
        time.sleep(0.002)  # lets other threads pile up; nothing asserts on time
        flight.leave("p")
        return httpx.Response(200, json=envelope({}))

    transport = httpx.MockTransport(handler)
    with (
        Qualtrics("thread-token", datacenter="iad1", transport=transport, concurrency=5) as client,
        ThreadPoolExecutor(max_workers=20) as pool,
    ):
        results = list(pool.map(lambda _: client.request("GET", "/API/v3/x").status_code, range(100)))
    assert results == [200] * 100
    assert 1 <= flight.peak <= 5


def test_same_token_shares_limits() -> None:
    assert limits_for("tok-a", 30, 15) is limits_for("tok-a", 30, 15)
    assert limits_for("tok-a", 30, 15) is not limits_for("tok-b", 30, 15)


def test_slot_is_released_on_errors(sleeps: Sleeps) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("down", request=request)

    with Qualtrics(
        "err-token", datacenter="iad1", transport=httpx.MockTransport(handler), concurrency=2, sleep=sleeps
    ) as client:
        for _ in range(5):
            with pytest.raises(Exception, match="ConnectError"):
                client.request("GET", "/API/v3/x")
        assert client._settings.limits.ordinary.in_use == 0


def test_blocked_thread_waits_for_a_slot() -> None:
    slots = Slots(2)
    slots.acquire()
    slots.acquire()
    got = threading.Event()

    def worker() -> None:
        slots.acquire()
        got.set()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(0.05)
    assert not got.is_set()  # the third waits
    slots.release()
    thread.join()
    assert got.is_set()
    assert slots.in_use == 2


@pytest.mark.anyio
async def test_cancelled_waiter_does_not_leak() -> None:
    slots = Slots(1)
    await slots.acquire_async()
    waiter = asyncio.ensure_future(slots.acquire_async())
    await asyncio.sleep(0)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    slots.release()
    assert slots.in_use == 0
    await slots.acquire_async()
    assert slots.in_use == 1


def test_slots_shared_between_thread_and_event_loop() -> None:
    slots = Slots(1)
    slots.acquire()
    done = threading.Event()

    def loop_thread() -> None:
        async def main() -> None:
            await slots.acquire_async()
            done.set()
            slots.release()

        asyncio.run(main())

    thread = threading.Thread(target=loop_thread)
    thread.start()
    thread.join(0.05)
    assert not done.is_set()
    slots.release()  # wakes the task on the other thread's loop
    thread.join()
    assert done.is_set()
    assert slots.in_use == 0


def test_invalid_limit() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Slots(0)


def test_timed_acquire_gives_up_and_leaves_no_waiter_behind() -> None:
    slots = Slots(1)
    assert slots.acquire()
    assert slots.acquire(0) is False
    assert slots.acquire(0.05) is False
    slots.release()  # nobody is waiting any more: the slot is simply free
    assert slots.in_use == 0
    assert slots.acquire(0)
    slots.release()


def test_async_timed_acquire_gives_up_and_leaves_no_waiter_behind() -> None:
    async def run() -> None:
        slots = Slots(1)
        assert await slots.acquire_async()
        assert await slots.acquire_async(0.05) is False
        slots.release()
        assert slots.in_use == 0
        assert await slots.acquire_async(0)

    asyncio.run(run())


def test_timed_acquire_gets_a_slot_freed_in_time() -> None:
    slots = Slots(1)
    slots.acquire()
    threading.Timer(0.05, slots.release).start()
    assert slots.acquire(5.0)
    assert slots.in_use == 1
    slots.release()
