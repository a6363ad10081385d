"""Micro-benchmarks of the per-message pieces changed in session 5, each measured both ways in one run
(best of 5 rounds, CPU time per call):

- DKIM verification of a bench command: dkimpy's pure-Python RSA step against OpenSSL's;
- constructing an SMTP session: a full dir() (aiosmtpd's own introspection) against mailgate's short one;
- the conversation a plain address names: a session and a query per message against the cache;
- composing a CSR confirmation (current code only);
- handing a message from the event loop to a preparing thread, on to the commit thread and back
  (session 6): `asyncio.to_thread` and then the commit queue, against preparer threads that pass the
  message on to the commit thread themselves. The mechanism only: the work in each thread is none.

    .venv/bin/python bench/micro.py"""

from __future__ import annotations

import sys
from pathlib import Path

# The repository root instead of bench/, whose profile.py would shadow the standard library's.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import asyncio  # noqa: E402
import queue  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

import dkim  # noqa: E402
import dkim.crypto  # noqa: E402

from bench import corpus  # noqa: E402
from mailgate import dkimrsa  # noqa: E402
from mailgate.commands import parse_commands  # noqa: E402
from mailgate.config import SMTPConfig  # noqa: E402
from mailgate.message import parse_message  # noqa: E402
from mailgate.pipeline import Envelope, Outcome  # noqa: E402
from mailgate.reply import Composer  # noqa: E402
from mailgate.smtp import Handler, MailgateSMTP, SMTPServer  # noqa: E402
from mailgate.store import admin, db, ops  # noqa: E402
from mailgate.store.models import Base  # noqa: E402
from mailgate.store.ops import Result  # noqa: E402
from tests import dkimkeys  # noqa: E402


def best_ms(fn: Callable[[], object], calls: int, rounds: int = 5) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(calls):
            fn()
        best = min(best, (time.process_time() - started) / calls * 1000)
    return best


def dkim_verify() -> None:
    key, txt = dkimkeys.make_key()
    raws = [m.data[: -len(b".\r\n")].replace(b"\r\n..", b"\r\n.") for m in corpus.signed(0, 200, "m", key, 1)]
    record = txt.encode()
    it = iter(raws * 100)

    def verify() -> None:
        assert dkim.DKIM(next(it)).verify(dnsfunc=lambda name, timeout=5: record)

    dkim.RSASSA_PKCS1_v1_5_verify = dkim.crypto.RSASSA_PKCS1_v1_5_verify
    print(f"DKIM verify, dkimpy's RSA step        {best_ms(verify, 200):.3f} ms")
    dkimrsa.install()
    print(f"DKIM verify, OpenSSL's RSA step       {best_ms(verify, 200):.3f} ms")


class _FullDir(MailgateSMTP):
    def __dir__(self) -> list[str]:
        return list(object.__dir__(self))


class _FullDirHandler(Handler):
    def __dir__(self) -> list[str]:
        return list(object.__dir__(self))


def smtp_sessions() -> None:
    async def processor(raw: bytes, envelope: Envelope) -> list[Outcome]:
        return []

    loop = asyncio.new_event_loop()
    for label, handler_cls, session_cls in (
        ("full dir()", _FullDirHandler, _FullDir),
        ("mailgate's short dir()", Handler, MailgateSMTP),
    ):
        handler = handler_cls(SMTPConfig(), processor)
        server = SMTPServer(handler)

        def make(
            cls: type[MailgateSMTP] = session_cls, handler: Handler = handler, server: SMTPServer = server
        ) -> None:
            server.sessions.discard(cls(handler, server, hostname="mx.bench.example", loop=loop))

        print(f"SMTP session, {label:24s} {best_ms(make, 1000):.3f} ms")
    loop.close()


def conversations() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = db.make_engine(f"sqlite:///{tmp}/micro.db")
        Base.metadata.create_all(engine)
        sessions = db.sessions(engine)

        def query() -> None:
            with sessions() as s:
                ops.find_conversation(s, "replies")

        cache = admin.ConversationCache(sessions, ttl=60.0)
        print(f"plain-address conversation, query     {best_ms(query, 2000):.3f} ms")
        print(f"plain-address conversation, cache     {best_ms(lambda: cache.get('replies'), 2000):.4f} ms")
        engine.dispose()


def confirmation() -> None:
    raw = (
        b"From: Carla <carla@bank.example>\r\nTo: x@reply.bank.example\r\n"
        b"Subject: Unsubscribe lisa@example.com Statements\r\nMessage-ID: <m1@bank.example>\r\n"
        b"Date: Mon, 02 Mar 2026 10:00:00 +0000\r\n\r\nthanks\r\n"
    )
    inbound = parse_message(raw)
    parsed = parse_commands(inbound.subject, inbound.text)
    results = [(c, Result("done", "lisa@example.com unsubscribed from Statements")) for c in parsed.commands]
    composer = Composer("mailgate@reply.bank.example", "mx.reply.bank.example")
    now = datetime(2026, 3, 1, tzinfo=UTC)

    def compose() -> None:
        composer.confirmation("carla@bank.example", inbound, parsed, results, now)

    print(f"CSR confirmation, composed            {best_ms(compose, 500):.3f} ms")


_STOP = object()
Item = tuple[asyncio.Future[int], asyncio.AbstractEventLoop]


def _commit_thread(jobs: queue.SimpleQueue[object]) -> None:
    while (job := jobs.get()) is not _STOP:
        future, loop = job  # type: ignore[misc]
        loop.call_soon_threadsafe(future.set_result, 1)


def _preparer_thread(arrivals: queue.SimpleQueue[object], jobs: queue.SimpleQueue[object]) -> None:
    while (item := arrivals.get()) is not _STOP:
        jobs.put(item)


async def _hand_off(direct: bool, messages: int, sessions: int = 50) -> None:
    loop = asyncio.get_running_loop()
    jobs: queue.SimpleQueue[object] = queue.SimpleQueue()
    arrivals: queue.SimpleQueue[object] = queue.SimpleQueue()
    threads = [threading.Thread(target=_commit_thread, args=(jobs,))]
    threads += [threading.Thread(target=_preparer_thread, args=(arrivals, jobs)) for _ in range(8 * direct)]
    for thread in threads:
        thread.start()

    async def one() -> None:
        future: asyncio.Future[int] = loop.create_future()
        if direct:
            arrivals.put((future, loop))
        else:
            await asyncio.to_thread(lambda: None)
            jobs.put((future, loop))
        await future

    async def session() -> None:
        for _ in range(messages // sessions):
            await one()

    await asyncio.gather(*(session() for _ in range(sessions)))
    for _ in threads[1:]:
        arrivals.put(_STOP)
    jobs.put(_STOP)
    for thread in threads:
        thread.join()


def hand_off() -> None:
    for label, direct in (("to_thread, then commit queue", False), ("preparers pass it on", True)):
        ms = best_ms(lambda direct=direct: asyncio.run(_hand_off(direct, 10_000)), 1) / 10_000  # type: ignore[misc]
        print(f"hand-off, {label:28s} {ms:.4f} ms")


def main() -> None:
    print("CPU ms per call, best of 5 rounds:")
    dkim_verify()
    smtp_sessions()
    conversations()
    confirmation()
    hand_off()


if __name__ == "__main__":
    main()
