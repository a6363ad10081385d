"""End-to-end tier, database outages: mailgate answers 250 only after a message's effects are committed;
when the database cannot commit it answers 451 4.3.0 and keeps nothing, and once the database is back the
sender's retry succeeds without restarting the daemon. The daemon, the SMTP client (smtplib) and the
database are real; PostgreSQL is taken away by a TCP proxy, SQLite by another process holding its lock.

Under load: clients keep sending distinct messages, one per connection, while a PostgreSQL server of the
test's own (own data directory and port, tests/pginstance.py) is stopped and started again, or while
another process holds SQLite's lock past the busy timeout. Every message answered during the outage gets
451, none 250; once the database is back the clients' retries get 250 from the same daemon, and every
message has its effects exactly once."""

from __future__ import annotations

import os
import secrets
import smtplib
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import Engine, func, select, text
from structlog.testing import capture_logs

from mailgate import config as config_mod
from mailgate.config import Config
from mailgate.message import parse_message
from mailgate.smtp import TRY_LATER
from mailgate.store import admin, db, ops
from mailgate.store.models import Audit, Claim, Outbox
from tests import pginstance
from tests.dnsserver import DNSServer
from tests.harness import RelaySink, RunningDaemon, TCPProxy, sqlite_write_lock, wait_for
from tests.loadmail import Mail, check_exactly_once, make_mails
from tests.seed import seed
from tests.support import CSR, REPLY_ADDR, REPLY_DOMAIN, Signing, make_message

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(60)]

PG_ONLY = pytest.mark.parametrize(
    "db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
BUSY_TIMEOUT_MS = 300
TEMPFAIL_TEXT = TRY_LATER.split(" ", 1)[1].encode()  # the reply after the code, exactly as in smtp.py


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


# --- outages under load ------------------------------------------------------------------------------

LOAD_CLIENTS = 6
OUTAGE_REPLIES = 40  # replies the clients must have had while the database was away
OUTAGE_SECONDS = 2.0  # and for at least this long


@dataclass(frozen=True)
class Try:
    index: int
    code: int
    text: bytes
    sent: float  # time.monotonic() when DATA (or RCPT, when that was refused) was sent
    answered: float


@dataclass
class Load:
    """Clients sending `mails` one message per connection, as MTAs without connection caching do. A
    message not answered 250 goes back in the queue and is sent again after a pause, as an MTA retries."""

    port: int
    mails: list[Mail]
    lock: threading.Lock = field(default_factory=threading.Lock)
    queue: deque[int] = field(default_factory=deque)
    tries: list[Try] = field(default_factory=list)
    acked: set[int] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> Load:
        self.queue.extend(range(len(self.mails)))
        self.threads = [threading.Thread(target=self._client, daemon=True) for _ in range(LOAD_CLIENTS)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def done(self) -> bool:
        with self.lock:
            return len(self.acked) == len(self.mails)

    def answered_since(self, moment: float) -> int:
        with self.lock:
            return sum(t.sent > moment for t in self.tries)

    def _client(self) -> None:
        while not self.stop.is_set():
            with self.lock:
                index = self.queue.popleft() if self.queue else None
            if index is None:
                time.sleep(0.02)
                continue
            got = self._send(self.mails[index], index)
            with self.lock:
                if got is not None:
                    self.tries.append(got)
                if got is not None and got.code == 250:
                    self.acked.add(index)
                else:
                    self.queue.append(index)
            if got is None or got.code != 250:
                time.sleep(0.05)

    def _send(self, mail: Mail, index: int) -> Try | None:
        try:
            with smtplib.SMTP("127.0.0.1", self.port, timeout=30) as client:
                client.ehlo("load.isp.example")
                assert client.mail(mail.mail_from)[0] == 250
                sent = time.monotonic()
                code, text = client.rcpt(REPLY_ADDR)
                if code == 250:
                    sent = time.monotonic()
                    code, text = client.data(mail.raw)
                return Try(index, code, text, sent, time.monotonic())
        except (OSError, smtplib.SMTPException, AssertionError) as exc:
            with self.lock:
                self.errors.append(f"{mail.message_id}: {exc!r}")
            return None


def outage_under_load(
    running: RunningDaemon, mails: list[Mail], take_away: Callable[[], None], bring_back: Callable[[], None]
) -> tuple[Load, float, float]:
    """Load the daemon; once a quarter of the mail is answered 250, take the database away until the
    clients have had OUTAGE_REPLIES replies and OUTAGE_SECONDS have passed; bring it back and wait until
    every message is answered 250. Returns the load and the monotonic times of the outage."""
    with Load(running.port, mails) as load:
        wait_for(lambda: len(load.acked) >= len(mails) // 4, timeout=60, what="a quarter answered 250")
        take_away()
        down = time.monotonic()
        wait_for(
            lambda: load.answered_since(down) >= OUTAGE_REPLIES, timeout=60, what="replies in the outage"
        )
        time.sleep(max(0.0, down + OUTAGE_SECONDS - time.monotonic()))
        up = time.monotonic()
        bring_back()
        wait_for(load.done, timeout=120, what="every message answered 250 after the outage")
    return load, down, up


def assert_outage_answered_451(load: Load, down: float, up: float) -> None:
    """Everything answered while the database was away is 451 with mailgate's text; nothing else but 250
    anywhere; every message refused in the outage was later answered 250 (by the same daemon)."""
    during = [t for t in load.tries if t.sent > down and t.answered < up]
    print(
        f"\n{len(load.mails)} messages, {len(load.tries)} tries; outage {up - down:.1f}s with "
        f"{len(during)} replies, all {sorted({t.code for t in during})}; client errors {len(load.errors)}"
    )
    assert len(during) >= OUTAGE_REPLIES
    assert {(t.code, t.text) for t in during} == {(451, TEMPFAIL_TEXT)}
    assert {t.code for t in load.tries} <= {250, 451}
    assert not load.errors, load.errors[:5]
    assert {t.index for t in during} <= load.acked


@pytest.fixture
def private_pg() -> Iterator[pginstance.PrivatePostgres]:
    """A PostgreSQL server of this test's own, started; removed at the end."""
    reason = pginstance.problem()
    if reason:
        if os.environ.get("MAILGATE_REQUIRE_PG") == "1":
            pytest.fail(f"{reason} (MAILGATE_REQUIRE_PG=1)")
        pytest.skip(reason)
    server = pginstance.PrivatePostgres()
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.mark.postgres
@pytest.mark.timeout(300)
def test_a_private_postgresql_stopped_under_load_gives_451_never_250_and_retries_apply_once(
    private_pg: pginstance.PrivatePostgres, dns_server: DNSServer, signing: Signing, relay: RelaySink
) -> None:
    engine = db.make_engine(private_pg.url)
    db.upgrade(engine)
    seed(engine)
    config = config_mod.from_dict(
        {
            "smtp": {"domains": [REPLY_DOMAIN], "hostname": "mx.reply.bank.example", "port": 0},
            "dns": {"nameservers": [dns_server.address], "timeout": 1.0},
            "database": {"url": private_pg.url},
            "outbound": {"relay_host": "127.0.0.1", "relay_port": relay.port, "poll_seconds": 0.1},
        }
    )
    mails = make_mails(signing, 400, 100)
    running = RunningDaemon(config, db.make_engine(private_pg.url)).start()
    try:
        with capture_logs() as logs:
            # An immediate stop is a crash: every backend is killed mid-transaction, recovery at the start.
            load, down, up = outage_under_load(
                running, mails, lambda: private_pg.stop("immediate"), private_pg.start
            )
            # Confirmations the delivery worker had leased when the database went go once it is back,
            # not when their leases run out.
            commands = sum(m.suppresses is not None for m in mails)
            wait_for(lambda: len(relay.received) >= commands, timeout=30, what="every confirmation delivered")
    finally:
        running.stop()
        running.engine.dispose()
    events = Counter(entry["event"] for entry in logs)
    assert events["outbox_database_unavailable"] > 0 and events["outbox_worker_error"] == 0
    assert_outage_answered_451(load, down, up)
    check_exactly_once(engine, mails)
    engine.dispose()


@SQLITE_ONLY
@pytest.mark.timeout(300)
def test_sqlite_locked_under_load_gives_451_never_250_and_retries_apply_once(
    daemon: RunningDaemon, engine: Engine, signing: Signing, db_url: str
) -> None:
    mails = make_mails(signing, 400, 100)
    with ExitStack() as lock:
        load, down, up = outage_under_load(
            daemon, mails, lambda: lock.enter_context(sqlite_write_lock(db_url)), lock.close
        )
    assert_outage_answered_451(load, down, up)
    check_exactly_once(engine, mails, forwarded=True)  # the bulk goes to [human] forward_to
