"""Wiring: build the dependencies from config, run the SMTP server and the delivery worker in one
asyncio loop, tell systemd when ready (Type=notify), and shut down cleanly on SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import ipaddress
import os
import signal
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import structlog
from sqlalchemy import Engine

from mailgate.auth import AuthPolicy, dns_txt_on, make_resolver
from mailgate.batch import GroupCommitter
from mailgate.config import Config
from mailgate.deliver import Deliverer
from mailgate.dkimsign import Signer
from mailgate.pipeline import Deps, Envelope, Outcome
from mailgate.reply import Composer
from mailgate.smtp import Handler, HeldBytes, SMTPServer
from mailgate.spf import make_spf_check
from mailgate.store import admin, db, queue

log = structlog.get_logger("mailgate.app")


def utcnow() -> datetime:
    return datetime.now(UTC)


def build_deps(config: Config, engine: Engine, dry_run: bool = False) -> Deps:
    policy = AuthPolicy(
        trusted_authserv_ids=frozenset(a.lower() for a in config.auth.trusted_authserv_ids),
        trusted_relays=tuple(ipaddress.ip_network(r, strict=False) for r in config.auth.trusted_relays),
        max_signatures=config.auth.max_signatures,
    )
    sessions = db.sessions(engine)
    resolver = make_resolver(config.dns.nameservers, config.dns.timeout)
    return Deps(
        config=config,
        sessions=sessions,
        dns_txt=dns_txt_on(resolver),
        composer=Composer(config.reply_from, config.smtp.hostname),
        auth_policy=policy,
        clock=utcnow,
        staff=admin.StaffCache(sessions, config.auth.staff_cache_seconds),
        conversations=admin.ConversationCache(sessions, config.customers.conversation_cache_seconds),
        token_keys=config.token_keys,
        dry_run=dry_run,
        spf_check=make_spf_check(resolver),
    )


# glibc mallopt parameters (malloc.h)
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8


def tune_malloc() -> bool:
    """Give message-sized buffers back to the OS when they are freed. glibc raises its mmap threshold
    after the first large free, so later 1 MiB messages come from the heap and stay in RSS; and every
    worker thread gets its own arena. A fixed 128 KiB threshold and two arenas took the bench's 100
    concurrent 1 MiB senders from 197 to 158 MiB peak RSS. Skipped when the admin set either through
    the environment, and on a libc without mallopt."""
    if os.environ.keys() & {"MALLOC_MMAP_THRESHOLD_", "MALLOC_ARENA_MAX"}:
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, 128 * 1024)) and bool(mallopt(_M_ARENA_MAX, 2))


def make_signer(config: Config) -> Signer | None:
    """The DKIM signer of outgoing mail, when [outbound] names a key."""
    out = config.outbound
    if not out.dkim_key_file:
        return None
    return Signer.from_file(out.dkim_selector, out.dkim_domain or config.smtp.domains[0], out.dkim_key_file)


def sd_notify(state: str) -> None:
    """Tell systemd our state (Type=notify); a no-op when not run by systemd."""
    path = os.environ.get("NOTIFY_SOCKET")
    if not path:
        return
    if path.startswith("@"):
        path = "\0" + path[1:]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.connect(path)
        sock.sendall(state.encode())


class Daemon:
    """The SMTP server and the delivery worker sharing one loop. Under a supervisor (workers.py) each
    worker process runs one Daemon on the shared port (`reuse_port`); only worker 0 delivers and keeps
    house, and `notify` reports readiness to the supervisor instead of to systemd."""

    def __init__(
        self,
        config: Config,
        engine: Engine,
        *,
        reuse_port: bool = False,
        deliver: bool = True,
        notify: Callable[[str], None] = sd_notify,
        held_bytes: HeldBytes | None = None,
    ) -> None:
        self.config = config
        self.reuse_port = reuse_port
        self.deliver = deliver
        self.notify = notify
        self.engine = engine
        self.deps = build_deps(config, engine)
        self.revoked = admin.TableCache(
            self.deps.sessions, admin.revoked_tokens, config.tokens.revoked_cache_seconds
        )
        handler = Handler(config.smtp, self._process, config.token_keys, self.revoked)
        self.server = SMTPServer(handler, held_bytes)
        self.deliverer = Deliverer(config.outbound, self.deps.sessions, utcnow, signer=make_signer(config))
        self.stopping = asyncio.Event()
        self.ready = threading.Event()
        self.committer: GroupCommitter | None = None

    async def _process(self, raw: bytes, env: Envelope) -> list[Outcome]:
        assert self.committer is not None
        return [await self.committer.process(raw, env)]

    async def run(self, install_signals: bool = True) -> None:
        tune_malloc()
        self.committer = GroupCommitter(self.deps, self.config.database.commit_batch)
        await self.server.start(reuse_port=self.reuse_port)
        if install_signals:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, self.stopping.set)
        worker = asyncio.create_task(self.deliverer.run(self.stopping) if self.deliver else _nothing())
        housekeeping = asyncio.create_task(self._housekeeping() if self.deliver else _nothing())
        revocations = asyncio.create_task(self._read_revocations())
        log.info(
            "listening", host=self.config.smtp.host, port=self.server.port, domains=self.config.smtp.domains
        )
        if not self.config.human.forward_to:
            # Replies a person must read (questions, unclear requests) go to the conversation's owner;
            # without one they are only kept in the raw store (`[database] raw_retention_days`).
            log.warning(
                "no_forward_to", hint="set [human] forward_to so replies without an owner reach a person"
            )
        self.notify("READY=1")
        self.ready.set()
        await self.stopping.wait()
        self.notify("STOPPING=1")
        log.info("stopping", grace_seconds=self.config.smtp.grace_period)
        await self.server.stop(self.config.smtp.grace_period)
        # The delivery worker finishes the row it is sending within the same grace; then its relay
        # conversation is cut, and the row is sent again after the restart (at least once).
        self.deliverer.stop.set()
        _, pending = await asyncio.wait({worker}, timeout=self.config.smtp.grace_period)
        if pending:
            log.warning("delivery_aborted", reason="relay conversation outlived the grace period")
            self.deliverer.abort()
            await worker
        housekeeping.cancel()
        revocations.cancel()
        await asyncio.to_thread(self.committer.close)
        log.info("stopped")

    async def _housekeeping(self) -> None:
        """Drop raw copies of messages past their retention, once an hour."""
        keep = timedelta(days=self.config.database.raw_retention_days)
        while True:
            try:
                dropped = await asyncio.to_thread(self._purge, utcnow() - keep)
                if dropped:
                    log.info("raw_purged", count=dropped)
            except Exception:
                log.exception("housekeeping_error")
            await asyncio.sleep(3600)

    async def _read_revocations(self) -> None:
        """Keep the revoked-token list RCPT checks fresh: read every `revoked_cache_seconds` (in a
        thread; while the database is down the last list stands and DATA answers 4xx anyway)."""
        if not self.config.token_keys:
            return
        while True:
            try:
                await asyncio.to_thread(self.revoked.get)
            except Exception as exc:  # any database error: keep the last list, try again later
                log.warning("revoked_tokens_unread", error=str(exc))
            await asyncio.sleep(max(self.config.tokens.revoked_cache_seconds, 0.05))

    def _purge(self, before: datetime) -> int:
        with self.deps.sessions() as s, s.begin():
            return queue.purge_raw(s, before)


async def _nothing() -> None:
    """Stands in for the delivery worker and housekeeping in workers other than the first."""
