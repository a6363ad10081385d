"""Group commit: one thread applies the messages that are ready and commits them together, so one
fsync (SQLite synchronous=FULL) or one round of WAL flush (PostgreSQL) serves many messages. Each
message's future is resolved only after that commit, so its 250 still means "committed". If the
commit itself fails, every message of the batch is answered 451 and nothing is kept.

A message whose apply fails must fail alone. Applying fails rarely, so a batch is first applied with
no savepoints (a SAVEPOINT and its RELEASE per message cost ~0.3 ms of CPU through SQLAlchemy, a
sixth of a message's work: bench/RESULTS.md, session 10). If any message fails, that transaction is
rolled back whole and the batch is applied again, each message in its own savepoint: the failing
one is rolled back to its savepoint and answered 451, the others are committed. A failure that is
the database's (OperationalError: a lock past the busy timeout, a lost connection) is not retried:
the whole batch is answered 451 at once.

Batching is natural, not timed: while one commit is in flight the next messages queue up, and the
next batch takes all of them (up to `max_batch`). A lone message is committed at once.

`process` is the daemon's way in: a few preparer threads parse and authenticate (DNS lookups may
block them, never the event loop) and hand each prepared message straight to the commit thread, so a
message costs the event loop one future and one wake-up, not an executor round trip per stage."""

from __future__ import annotations

import asyncio
import queue
import threading
from dataclasses import dataclass

import structlog
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from mailgate.errors import ProcessingError, StoreUnavailable, TemporaryError
from mailgate.pipeline import Deps, Envelope, Outcome, Prepared, apply, failures, prepare

log = structlog.get_logger("mailgate.batch")
_STOP = object()


@dataclass
class _Job:
    prepared: Prepared
    future: asyncio.Future[Outcome]
    loop: asyncio.AbstractEventLoop


@dataclass
class _Arrival:
    raw: bytes
    env: Envelope
    future: asyncio.Future[Outcome]
    loop: asyncio.AbstractEventLoop


class GroupCommitter:
    def __init__(self, deps: Deps, max_batch: int = 64, preparers: int = 8) -> None:
        self.deps = deps
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._arrivals: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="mailgate-commit", daemon=True)
        self._thread.start()
        self._preparers = [
            threading.Thread(target=self._prepare_arrivals, name=f"mailgate-prepare-{i}", daemon=True)
            for i in range(preparers)
        ]
        for thread in self._preparers:
            thread.start()

    async def process(self, raw: bytes, env: Envelope) -> Outcome:
        """Prepare, apply and commit one message; its outcome once committed (or the exception)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Outcome] = loop.create_future()
        self._arrivals.put(_Arrival(raw, env, future, loop))
        return await future

    async def submit(self, prepared: Prepared) -> Outcome:
        """Apply and commit a message already prepared."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Outcome] = loop.create_future()
        self._queue.put(_Job(prepared, future, loop))
        return await future

    def close(self) -> None:
        """Finish what has arrived, then stop the threads."""
        for _ in self._preparers:
            self._arrivals.put(_STOP)
        for thread in self._preparers:
            thread.join()
        self._queue.put(_STOP)
        self._thread.join()

    def _prepare_arrivals(self) -> None:
        while True:
            arrival = self._arrivals.get()
            if not isinstance(arrival, _Arrival):
                return
            try:
                prepared = prepare(arrival.raw, arrival.env, self.deps)
            except Exception as exc:
                arrival.loop.call_soon_threadsafe(_resolve, arrival.future, exc)
                continue
            self._queue.put(_Job(prepared, arrival.future, arrival.loop))

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is _STOP:
                return
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    job = self._queue.get_nowait()
                except queue.Empty:
                    break
                if job is _STOP:
                    self._queue.put(_STOP)
                    break
                batch.append(job)
            self._commit([j for j in batch if isinstance(j, _Job)])

    def _commit(self, batch: list[_Job]) -> None:
        results: list[Outcome | BaseException] = []
        try:
            together = self._together(batch)
            if isinstance(together, list):
                results = together
            elif len(batch) == 1:
                results = [together]
            elif isinstance(together.__cause__, OperationalError):  # the database, not the message
                raise together
            else:  # rolled back whole: apply again, each message in its own savepoint
                results = self._each_alone(batch)
        except Exception as exc:  # the commit failed: nothing of the batch was kept
            log.warning("batch_failed", size=len(batch), error=repr(exc))
            results = [_batch_error(exc, job) for job in batch]
        for job, result in zip(batch, results, strict=True):
            job.loop.call_soon_threadsafe(_resolve, job.future, result)

    def _together(self, batch: list[_Job]) -> list[Outcome | BaseException] | Exception:
        """Every message of the batch in one transaction with no savepoints, committed; or, if one
        message's apply fails, its error, after the whole transaction was rolled back."""
        with failures(batch[0].prepared.inbound), self.deps.sessions() as s:
            s.begin()
            results: list[Outcome | BaseException] = []
            for job in batch:
                try:
                    with failures(job.prepared.inbound):
                        results.append(apply(job.prepared, s, self.deps))
                except Exception as exc:
                    s.rollback()
                    return exc
            s.commit()
            return results

    def _each_alone(self, batch: list[_Job]) -> list[Outcome | BaseException]:
        with failures(batch[0].prepared.inbound), self.deps.sessions() as s, s.begin():
            return [self._apply_one(s, job) for job in batch]

    def _apply_one(self, s: Session, job: _Job) -> Outcome | BaseException:
        try:
            with failures(job.prepared.inbound), s.begin_nested():
                return apply(job.prepared, s, self.deps)
        except Exception as exc:
            return exc


def _batch_error(exc: Exception, job: _Job) -> TemporaryError:
    """The batch's failure as this job's own 451, naming its message in the log line."""
    error = exc if isinstance(exc, StoreUnavailable) else ProcessingError(f"batch commit failed: {exc!r}")
    own = type(error)(*error.args)
    own.message_id, own.sender = job.prepared.inbound.message_id, job.prepared.sender
    own.__cause__ = exc
    return own


def _resolve(future: asyncio.Future[Outcome], result: Outcome | BaseException) -> None:
    if future.done():  # the session went away while we committed
        return
    if isinstance(result, BaseException):
        future.set_exception(result)
    else:
        future.set_result(result)
