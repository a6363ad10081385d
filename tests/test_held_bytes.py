"""The memory cap shared by worker processes (smtp.HeldBytes): real processes on one shared array, no
lock between them that a worker killed at the wrong moment could keep."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import threading
from multiprocessing.connection import Connection

from mailgate.smtp import NO_MEMORY, HeldBytes, MemoryGate, Slots

FORK = multiprocessing.get_context("fork")


def _hold(slots: Slots, ready: Connection) -> None:
    assert HeldBytes(slots, 1).reserve(500, 1_000)
    ready.send("held")
    threading.Event().wait()  # until SIGKILLed, its 500 bytes reserved


def test_bytes_reserved_by_another_worker_count_against_the_cap_even_after_it_was_killed() -> None:
    slots = FORK.RawArray("q", 2)
    parent_end, child_end = FORK.Pipe()
    child = FORK.Process(target=_hold, args=(slots, child_end))
    child.start()
    assert parent_end.poll(10) and parent_end.recv() == "held"
    os.kill(child.pid or 0, signal.SIGKILL)
    child.join(10)
    gate = MemoryGate(1_000, per_peer=10, held_bytes=HeldBytes(slots, 0))
    assert gate.take(600, "192.0.2.1") == NO_MEMORY
    assert gate.take(400, "192.0.2.1") is None
    assert gate.held == 900
    gate.give(400, "192.0.2.1")
    assert (gate.held, list(slots)) == (500, [0, 500])


def _churn(slots: Slots, ready: Connection) -> None:
    gate = MemoryGate(10_000, per_peer=1_000, held_bytes=HeldBytes(slots, 1))
    ready.send("go")
    while True:
        if gate.take(3_000, None) is None:
            gate.resize(-1_000)
            gate.give(2_000, None)


def test_a_worker_killed_at_any_moment_never_blocks_another() -> None:
    # With a lock shared between processes, a worker SIGKILLed while holding it left the others blocked
    # for good (their event loops stopped, seen in test_faults); here the victim is killed thirty times at
    # random moments of a take/resize/give loop, and each time the survivor's own calls return at once.
    slots = FORK.RawArray("q", 2)
    gate = MemoryGate(10_000, per_peer=1_000, held_bytes=HeldBytes(slots, 0))
    for _ in range(30):
        slots[1] = 0  # the supervisor restarts the service after a death; the slot starts again at 0
        parent_end, child_end = FORK.Pipe()
        child = FORK.Process(target=_churn, args=(slots, child_end))
        child.start()
        assert parent_end.poll(10) and parent_end.recv() == "go"
        threading.Event().wait(random.uniform(0.0, 0.01))
        os.kill(child.pid or 0, signal.SIGKILL)
        child.join(10)
        results: list[int] = []

        def survivor(out: list[int] = results) -> None:
            granted = gate.take(4_000, None) is None
            if granted:
                gate.give(4_000, None)
            out.append(gate.held)

        thread = threading.Thread(target=survivor, daemon=True)
        thread.start()
        thread.join(2)
        assert not thread.is_alive(), "blocked by a killed worker"
        assert results == [slots[1]] and slots[0] == 0


def _hammer(slots: Slots, index: int, cap: int, size: int, rounds: int, worst: Connection) -> None:
    held = HeldBytes(slots, index)
    most = 0
    for _ in range(rounds):
        if held.reserve(size, cap):
            most = max(most, held.total)
            held.add(-size)
    worst.send(most)


def test_two_workers_reserving_at_once_pass_the_cap_by_at_most_one_reservation() -> None:
    slots = FORK.RawArray("q", 2)
    ends = [FORK.Pipe() for _ in range(2)]
    procs = [
        FORK.Process(target=_hammer, args=(slots, i, 1_500, 1_000, 20_000, ends[i][1])) for i in range(2)
    ]
    for proc in procs:
        proc.start()
    worst = [end.recv() for end, _ in ends if end.poll(60)]
    for proc in procs:
        proc.join(10)
    assert len(worst) == 2 and max(worst) <= 1_500 + 1_000, worst
    assert list(slots) == [0, 0]
