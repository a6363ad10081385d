"""Micro-benchmarks of the per-message pieces changed in session 5, each measured both ways in one run
(best of 5 rounds, CPU time per call):

- DKIM verification of a bench command: dkimpy's pure-Python RSA step against OpenSSL's;
- constructing an SMTP session: a full dir() (aiosmtpd's own introspection) against mailgate's short one;
- the conversation a plain address names: a session and a query per message against the cache;
- composing a CSR confirmation (current code only).

    .venv/bin/python bench/micro.py"""

from __future__ import annotations

import sys
from pathlib import Path

# The repository root instead of bench/, whose profile.py would shadow the standard library's.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import asyncio  # noqa: E402
import tempfile  # noqa: E402
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


def main() -> None:
    print("CPU ms per call, best of 5 rounds:")
    dkim_verify()
    smtp_sessions()
    conversations()
    confirmation()


if __name__ == "__main__":
    main()
