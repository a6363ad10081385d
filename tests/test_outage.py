"""End-to-end tier, database outages: mailgate answers 250 only after a message's effects are committed;
when the database cannot commit it answers 451 4.3.0 and keeps nothing, and once the database is back the
sender's retry succeeds without restarting the daemon. The daemon, the SMTP client (smtplib) and the
database are real; PostgreSQL is taken away by a TCP proxy, SQLite by another process holding its lock."""

from __future__ import annotations

import secrets
import smtplib
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import Engine, func, select, text
from structlog.testing import capture_logs

from mailgate.config import Config
from mailgate.message import parse_message
from mailgate.smtp import TRY_LATER
from mailgate.store import admin, db, ops
from mailgate.store.models import Audit, Claim, Outbox
from tests.harness import RelaySink, RunningDaemon, TCPProxy, wait_for
from tests.seed import seed
from tests.support import CSR, REPLY_ADDR, Signing, make_message

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]

PG_ONLY = pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
BUSY_TIMEOUT_MS = 300
TEMPFAIL_TEXT = TRY_LATER.split(" ", 1)[1].encode()  # the reply after the code, exactly as in smtp.py

# Run in a separate process: holds SQLite's write lock until a line arrives on stdin (or stdin closes).
LOCK_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


@pytest.fixture
def start_daemon(
    make_config: Callable[..., Config], relay: RelaySink, engine: Engine
) -> Iterator[Callable[[str], RunningDaemon]]:
    """Seed through the direct engine, then start daemons whose engine is built from `[database]` exactly
    as the CLI builds it (URL and busy timeout from the config)."""
    seed(engine)
    started: list[RunningDaemon] = []

    def start(url: str) -> RunningDaemon:
        config = make_config(
            outbound={"relay_host": "127.0.0.1", "relay_port": relay.port, "poll_seconds": 0.1},
            database={"url": url, "busy_timeout_ms": BUSY_TIMEOUT_MS},
            smtp={"grace_period": 2.0},
        )
        daemon_engine = db.make_engine(config.database.url, config.database.busy_timeout_ms)
        started.append(RunningDaemon(config, daemon_engine).start())
        return started[-1]

    yield start
    for server in started:
        server.stop()
        server.engine.dispose()


@pytest.fixture
def proxy(db_url: str) -> Iterator[TCPProxy]:
    target = urlsplit(db_url)
    with TCPProxy(target.hostname or "127.0.0.1", target.port or 5432) as forwarder:
        yield forwarder


@pytest.fixture
def app_name() -> str:
    """PostgreSQL application_name of the daemon's connections, to find them in pg_stat_activity."""
    return "mailgate-outage-" + secrets.token_hex(4)


@pytest.fixture
def proxied(
    start_daemon: Callable[[str], RunningDaemon], db_url: str, proxy: TCPProxy, app_name: str
) -> RunningDaemon:
    """The daemon reaching PostgreSQL only through the proxy; the test's own engine goes direct."""
    parts = urlsplit(db_url)
    userinfo, _, _ = parts.netloc.rpartition("@")
    netloc = f"{userinfo}@127.0.0.1:{proxy.port}" if userinfo else f"127.0.0.1:{proxy.port}"
    query = "&".join(q for q in (parts.query, f"application_name={app_name}") if q)
    return start_daemon(urlunsplit(parts._replace(netloc=netloc, query=query)))


@pytest.fixture
def daemon(start_daemon: Callable[[str], RunningDaemon], db_url: str) -> RunningDaemon:
    return start_daemon(db_url)


def send(running: RunningDaemon, raw: bytes) -> tuple[int, bytes]:
    with smtplib.SMTP("127.0.0.1", running.port, timeout=15) as client:
        client.ehlo("client.bank.example")
        client.mail(CSR)
        code, reply = client.rcpt(REPLY_ADDR)
        assert code == 250, (code, reply)
        return client.data(raw)


def assert_tempfail(reply: tuple[int, bytes]) -> None:
    """451 4.3.0 with mailgate's own text and nothing else: no exception name, SQL or table."""
    assert reply == (451, TEMPFAIL_TEXT), reply


def kept(engine: Engine, raw: bytes) -> tuple[int, int]:
    """(claims, audit rows) the database holds for this message."""
    mid = parse_message(raw).message_id
    with db.sessions(engine)() as s:
        claims = s.scalar(select(func.count()).select_from(Claim).where(Claim.message_id == mid))
        audits = s.scalar(select(func.count()).select_from(Audit).where(Audit.message_id == mid))
    return int(claims or 0), int(audits or 0)


def outbox_rows(engine: Engine) -> int:
    with db.sessions(engine)() as s:
        return ops.count(s, Outbox)


def suppressed(engine: Engine, address: str) -> bool:
    with db.sessions(engine)() as s:
        return bool(admin.status(s, address)["suppressed"])


def statements_state(engine: Engine, address: str) -> list[str]:
    with db.sessions(engine)() as s:
        customers = admin.status(s, address)["customers"]
    return [c["conversations"]["Statements"] for c in customers]


def command(signing: Signing, line: str) -> bytes:
    return signing.sign(make_message(line))


@contextmanager
def sqlite_write_lock(db_url: str) -> Iterator[None]:
    """Another process holds the database's write lock for the duration of the block."""
    path = db_url.removeprefix("sqlite:///")
    proc = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "locked", "lock holder did not take the lock"
        yield
    finally:
        try:
            proc.communicate("release\n", timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


def daemon_backends(engine: Engine, app_name: str, where: str = "true") -> int:
    with engine.connect() as conn:
        query = f"SELECT count(*) FROM pg_stat_activity WHERE application_name = :app AND {where}"
        return int(conn.execute(text(query), {"app": app_name}).scalar_one())


@PG_ONLY
def test_postgresql_down_gives_451_keeps_nothing_and_the_retry_succeeds_without_restart(
    proxied: RunningDaemon, proxy: TCPProxy, engine: Engine, signing: Signing
) -> None:
    # A first message fills the daemon's pool, so the outage hits connections it already holds.
    assert send(proxied, command(signing, "Unsubscribe bob@example.com Statements"))[0] == 250
    raw = command(signing, "Unsubscribe lisa@example.com")
    proxy.pause()
    try:
        assert_tempfail(send(proxied, raw))
        assert_tempfail(send(proxied, raw))
    finally:
        proxy.resume()
    assert kept(engine, raw) == (0, 0) and outbox_rows(engine) == 1
    assert not suppressed(engine, "lisa@example.com")

    assert send(proxied, raw)[0] == 250
    assert kept(engine, raw) == (1, 1) and outbox_rows(engine) == 2
    assert suppressed(engine, "lisa@example.com")
    assert send(proxied, raw)[0] == 250  # a second retry is a redelivery: 250, no second effect
    assert kept(engine, raw) == (1, 1) and outbox_rows(engine) == 2


@PG_ONLY
def test_after_postgresql_drops_idle_connections_the_first_message_gets_250(
    proxied: RunningDaemon, proxy: TCPProxy, engine: Engine, signing: Signing
) -> None:
    assert send(proxied, command(signing, "Unsubscribe bob@example.com Statements"))[0] == 250
    proxy.pause()  # a database restart while the daemon is idle: every pooled connection is dead
    proxy.resume()
    raw = command(signing, "Unsubscribe lisa@example.com")
    assert send(proxied, raw)[0] == 250  # pool_pre_ping replaces the dead connections on checkout
    assert kept(engine, raw) == (1, 1) and outbox_rows(engine) == 2


@PG_ONLY
def test_postgresql_lost_before_commit_gives_451_and_keeps_none_of_the_transaction(
    proxied: RunningDaemon, proxy: TCPProxy, engine: Engine, signing: Signing, app_name: str
) -> None:
    raw = command(signing, "Unsubscribe lisa@example.com")
    waiting_on_outbox = "wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO outbox%'"
    with engine.connect() as holder, ThreadPoolExecutor(1) as pool:
        # The claim, the suppression and the audit row are written; the outbox row, last, waits.
        holder.execute(text("LOCK TABLE outbox IN ACCESS EXCLUSIVE MODE"))
        reply = pool.submit(send, proxied, raw)
        wait_for(lambda: daemon_backends(engine, app_name, waiting_on_outbox), what="insert waiting")
        proxy.pause()
        try:
            assert_tempfail(reply.result(timeout=20))
        finally:
            holder.rollback()
    # The server notices the lost client once the lock is gone and rolls the transaction back.
    wait_for(lambda: daemon_backends(engine, app_name) == 0, what="daemon sessions ended")
    proxy.resume()
    assert kept(engine, raw) == (0, 0) and outbox_rows(engine) == 0
    assert not suppressed(engine, "lisa@example.com")

    assert send(proxied, raw)[0] == 250
    assert kept(engine, raw) == (1, 1) and outbox_rows(engine) == 1
    assert suppressed(engine, "lisa@example.com")


@SQLITE_ONLY
def test_sqlite_locked_past_the_busy_timeout_gives_451_to_every_message_then_retries_apply_once(
    daemon: RunningDaemon, engine: Engine, signing: Signing, db_url: str
) -> None:
    lines = (
        "Unsubscribe lisa@example.com",
        "Unsubscribe bob@example.com Statements",
        "Unsubscribe lisa@example.com Special Offers",
    )
    raws = [command(signing, line) for line in lines]
    with sqlite_write_lock(db_url):
        replies = [send(daemon, raw) for raw in raws]
    for reply in replies:
        assert_tempfail(reply)
    assert [kept(engine, raw) for raw in raws] == [(0, 0)] * 3 and outbox_rows(engine) == 0
    assert statements_state(engine, "bob@example.com") == ["subscribed", "subscribed"]

    assert [send(daemon, raw)[0] for raw in raws] == [250, 250, 250]
    assert [send(daemon, raw)[0] for raw in raws] == [250, 250, 250]  # redelivered: no second effect
    assert [kept(engine, raw) for raw in raws] == [(1, 1)] * 3 and outbox_rows(engine) == 3
    assert suppressed(engine, "lisa@example.com")
    assert statements_state(engine, "bob@example.com") == ["unsubscribed", "unsubscribed"]


def test_a_table_missing_under_the_daemon_gives_451_without_exception_text(
    daemon: RunningDaemon, engine: Engine, signing: Signing
) -> None:
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE raw_messages"))
    raw = command(signing, "Unsubscribe lisa@example.com")
    assert_tempfail(send(daemon, raw))
    assert kept(engine, raw) == (0, 0) and outbox_rows(engine) == 0  # the claim went with the rollback
    assert not suppressed(engine, "lisa@example.com")


@SQLITE_ONLY
def test_an_unexpected_exception_gives_451_without_exception_text_and_is_logged(
    daemon: RunningDaemon, engine: Engine, signing: Signing
) -> None:
    # SQLite keeps whatever text it is given; loading this row raises ValueError in SQLAlchemy's
    # datetime conversion, an error that is not the database driver's. Subscribe loads the customer's
    # subscriptions as ORM objects (unsubscribe reads no datetime).
    with engine.begin() as conn:
        conn.execute(text("UPDATE subscriptions SET updated_at = 'not a date'"))
    raw = command(signing, "Subscribe lisa@example.com Statements")
    with capture_logs() as logs:
        assert_tempfail(send(daemon, raw))
    errors = [e for e in logs if e.get("outcome") == "error"]
    assert errors and errors[0]["log_level"] == "error" and errors[0].get("exc_info")
    assert kept(engine, raw) == (0, 0) and outbox_rows(engine) == 0
