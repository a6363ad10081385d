"""Several worker processes on one port, for the cores one Python process cannot use. The supervisor
starts `[smtp] workers` processes; each runs a Daemon listening with SO_REUSEPORT, so the kernel
spreads connections over them. Worker 0 also runs the delivery worker and housekeeping. The supervisor
tells systemd READY=1 once every worker listens, forwards SIGTERM/SIGINT to them and exits 0 when they
all exited 0. If a worker dies on its own, the others are stopped and the supervisor exits 1, so
systemd restarts the whole service. A worker still running `stop_seconds` after it was told to stop is
killed: a supervisor waiting for it forever would keep systemd from restarting the service.

The workers are forked from the supervisor, which has imported everything and holds no engine, thread
or loop at that point (cli._serve disposes its engine first), so the ~70 MiB of imported modules are
shared copy-on-write instead of loaded once per worker. `gc.freeze()` before the fork keeps the
collector from writing to those objects and unsharing their pages (bench/RESULTS.md, session 13).
Should a thread exist anyway, the workers are spawned instead: forking a threaded process is unsafe.

`[smtp] max_memory_bytes` caps the daemon as a whole: each worker keeps the message bytes it has
reserved in its own slot of an array in shared memory and checks the sum (smtp.HeldBytes), with no lock
a dying worker could keep. The connection limit and `max_data_per_peer` apply per worker."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import multiprocessing
import os
import queue
import signal
import threading
import time
from multiprocessing.queues import Queue
from typing import Any

import structlog

from mailgate import logs
from mailgate.app import Daemon, sd_notify
from mailgate.config import Config
from mailgate.smtp import HeldBytes, Slots
from mailgate.store import db

log = structlog.get_logger("mailgate.workers")
START_TIMEOUT = 60.0
STOP_MARGIN = 5.0  # seconds, beyond the worker's own stop (stop_seconds)


def _worker(config: Config, index: int, events: Queue[tuple[int, str]], slots: Slots) -> None:
    # A forked worker inherits the supervisor's handlers, which only note the signal; until the
    # Daemon installs its own, a signal must act as it would in a fresh process.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    logs.configure(config.logging.level, config.logging.format)
    structlog.contextvars.bind_contextvars(worker=index)
    engine = db.make_engine(config.database.url, config.database.busy_timeout_ms)
    daemon = Daemon(
        config,
        engine,
        reuse_port=True,
        deliver=index == 0,
        notify=lambda state: events.put((index, state)),
        held_bytes=HeldBytes(slots, index),
    )
    asyncio.run(daemon.run())


def start_method() -> str:
    """fork when this process has no other thread (sharing the imported modules), else spawn."""
    return "fork" if threading.active_count() == 1 else "spawn"


def stop_seconds(grace_period: float) -> float:
    """How long a worker may take to stop: its SMTP sessions, then its delivery, get the grace period
    each (app.Daemon.run). Under systemd's TimeoutStopSec (30 s) with the default grace of 10 s."""
    return 2 * grace_period + STOP_MARGIN


def supervise(config: Config) -> int:
    method = start_method()
    fork = method == "fork"
    context = multiprocessing.get_context("fork") if fork else multiprocessing.get_context("spawn")
    events: Queue[tuple[int, str]] = context.Queue()
    slots = context.RawArray("q", config.smtp.workers)
    procs = [
        context.Process(
            target=_worker, args=(config, i, events, slots), name=f"mailgate-worker-{i}", daemon=False
        )
        for i in range(config.smtp.workers)
    ]
    if fork:
        gc.collect()
        gc.freeze()
    stopping: list[int] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, _frame: stopping.append(signum))
    for proc in procs:
        proc.start()
    timeout = stop_seconds(config.smtp.grace_period)
    if not _wait_ready(procs, events, stopping):
        _stop(procs, signal.SIGTERM, timeout)
        return 1
    sd_notify("READY=1")
    log.info("workers_ready", workers=len(procs), port=config.smtp.port, start_method=method)
    while not stopping and all(p.is_alive() for p in procs):
        time.sleep(0.2)
    sd_notify("STOPPING=1")
    died = [p.name for p in procs if not p.is_alive()]
    if died and not stopping:
        log.error("worker_died", workers=died)
    codes = _stop(procs, stopping[0] if stopping else signal.SIGTERM, timeout)
    return 0 if stopping and all(code == 0 for code in codes) else 1


def _wait_ready(procs: list[Any], events: Queue[tuple[int, str]], stopping: list[int]) -> bool:
    ready: set[int] = set()
    deadline = time.monotonic() + START_TIMEOUT
    while len(ready) < len(procs):
        if stopping or time.monotonic() > deadline or not all(p.is_alive() for p in procs):
            log.error("workers_not_ready", ready=sorted(ready), workers=len(procs))
            return False
        try:
            index, state = events.get(timeout=0.2)
        except queue.Empty:
            continue
        if state == "READY=1":
            ready.add(index)
    return True


def _stop(procs: list[Any], signum: int, timeout: float) -> list[int | None]:
    """Pass the signal on; each worker stops gracefully within [smtp] grace_period. One that has not
    after `timeout` is wedged (stopped, or stuck in a call that never returns) and is killed."""
    for proc in procs:
        if proc.is_alive() and proc.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signum)
    deadline = time.monotonic() + timeout
    for proc in procs:
        proc.join(max(0.0, deadline - time.monotonic()))
    wedged = [proc for proc in procs if proc.is_alive()]
    if wedged:
        log.error("workers_killed", workers=[proc.name for proc in wedged], after_seconds=timeout)
        for proc in wedged:
            proc.kill()
            proc.join()
    return [proc.exitcode for proc in procs]
