"""Faults, end to end: `mailgate serve` killed with SIGKILL under load and restarted (one process, or a
supervisor with two workers killed as a process group, or one of its workers alone), the delivery worker
killed mid-send (one confirmation, and 200 with two kills), the relay refusing or down (across a restart;
and the backoff schedule, on the worker's own clock), and slow or abusive SMTP clients next to a normal one.
What must hold: every message answered 250 has its effects, claim and confirmation exactly once (a
redelivery changes nothing); a confirmation reaches the relay at least once and is recorded sent once, a
copy sent again only for a row in flight at a kill; a supervisor whose worker died exits 1 so that it is
restarted; abusers get their refusals and do not stop other clients."""

from __future__ import annotations

import asyncio
import json
import os
import resource
import secrets
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, select

from mailgate import workers
from mailgate.app import build_deps
from mailgate.config import Config, OutboundConfig
from mailgate.deliver import Deliverer
from mailgate.pipeline import Envelope, process
from mailgate.store import db, queue
from mailgate.store.models import Claim, Outbox
from tests.dnsserver import DNSServer
from tests.harness import HoldingRelay, Received, RelaySink, RunningDaemon, free_port, wait_for
from tests.loadmail import OUTSIDER, Mail, check_exactly_once, command, make_mails, message_id
from tests.seed import seed
from tests.support import CSR, REPLY_ADDR, REPLY_DOMAIN, Signing, make_message
from tests.test_serve import children

pytestmark = pytest.mark.e2e

MAILGATE = [sys.executable, "-m", "mailgate"]
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
STARTUP_SECONDS = 30.0


# --- `mailgate serve` as a subprocess ---------------------------------------------------------------


class Serve:
    """One `mailgate serve` process, told apart from the others by its own (abstract) notify socket; its
    stderr is appended to a log shared by every process of the test. It leads a process group of its own,
    so with `[smtp] workers` the supervisor and its workers can be killed together, as systemd kills a
    service's control group."""

    def __init__(self, cfg: Path, log: Path) -> None:
        name = f"mailgate-faults-{secrets.token_hex(8)}"
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind("\0" + name)
        self.log = log
        with log.open("ab") as err:
            self.proc = subprocess.Popen(
                [*MAILGATE, "--config", str(cfg), "serve"],
                env={**os.environ, "NOTIFY_SOCKET": "@" + name},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = STARTUP_SECONDS) -> Serve:
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve not ready (exit {self.proc.returncode}): {self.tail()}")
            self.notify.settimeout(0.2)
            with suppress(TimeoutError):
                if "READY=1" in self.notify.recv(4096).decode().splitlines():
                    return self

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        assert self.proc.wait(timeout=10) == -signal.SIGKILL

    def kill_group(self) -> None:
        """SIGKILL the supervisor and every worker at once (systemd's KillMode=control-group)."""
        workers = children(self.proc.pid)
        os.killpg(self.proc.pid, signal.SIGKILL)
        assert self.proc.wait(timeout=10) == -signal.SIGKILL
        wait_for(lambda: not any(alive(pid) for pid in workers), what="the workers gone")

    def terminate(self, timeout: float = 20.0) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=timeout)

    def tail(self, lines: int = 20) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def close(self) -> None:
        with suppress(ProcessLookupError):  # the workers too, should the supervisor be gone already
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.notify.close()


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie waiting for its parent to reap it does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@dataclass
class Setup:
    """A config file for `mailgate serve` on the test's database, and the processes started from it."""

    path: Path
    port: int
    log: Path
    started: list[Serve] = field(default_factory=list)

    def start(self) -> Serve:
        self.started.append(Serve(self.path, self.log))
        return self.started[-1].wait_ready()


@pytest.fixture
def setup(tmp_path: Path, db_url: str, dns_server: DNSServer) -> Iterator[Callable[..., Setup]]:
    made: list[Setup] = []

    def make(smtp: dict[str, Any] | None = None, outbound: dict[str, Any] | None = None) -> Setup:
        port = free_port()
        sections = {
            "smtp": {"port": port, "domains": [REPLY_DOMAIN], "hostname": "mx.reply.bank.example"},
            "database": {"url": db_url},
            "dns": {"nameservers": [dns_server.address], "timeout": 2.0},
            "outbound": {"relay_host": "127.0.0.1", "relay_port": free_port()},
            "logging": {"format": "json"},
        }
        sections["smtp"].update(smtp or {})
        sections["outbound"].update(outbound or {})
        lines = []
        for name, values in sections.items():
            lines += [f"[{name}]", *(f"{key} = {_toml(value)}" for key, value in values.items())]
        path = tmp_path / "mailgate.toml"
        path.write_text("\n".join(lines) + "\n")
        made.append(Setup(path, port, tmp_path / "serve.log"))
        return made[-1]

    yield make
    for one in made:
        for served in one.started:
            served.close()


def _toml(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def sent_ok(port: int, mail_from: str, raw: bytes) -> bool:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.ehlo("client.bank.example")
        assert client.mail(mail_from)[0] == 250
        assert client.rcpt(REPLY_ADDR)[0] == 250
        code, text = client.data(raw)
    assert code == 250, (code, text)
    return True


# --- 1. SIGKILL under load, restart, redelivery -----------------------------------------------------

BULK = 2000  # from a non-staff sender
COMMANDS = 300  # signed, each suppressing its own address
CONNECTIONS = 8
PER_CONNECTION = 5
KILL_AT = (0.35, 0.7)  # fractions of the messages answered 250 at which the daemon is killed
CLIENT_SECONDS = 100.0


@dataclass
class Ledger:
    """What the client saw: which messages got 250, how often each was tried, and how."""

    mails: list[Mail]
    lock: threading.Lock = field(default_factory=threading.Lock)
    todo: list[int] = field(default_factory=list)
    acked: set[int] = field(default_factory=set)
    tries: Counter[int] = field(default_factory=Counter)
    unanswered: dict[int, datetime] = field(default_factory=dict)  # DATA sent, connection lost: when
    replies: Counter[int] = field(default_factory=Counter)
    connect_errors: int = 0
    failures: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.todo = list(range(len(self.mails)))

    def take(self, n: int) -> list[int]:
        with self.lock:
            batch, self.todo = self.todo[:n], self.todo[n:]
            return batch

    def give_back(self, batch: list[int]) -> None:
        with self.lock:
            self.todo.extend(batch)

    def done(self) -> bool:
        with self.lock:
            return len(self.acked) + len(self.failures) >= len(self.mails)


def run_client(port: int, ledger: Ledger, stop: threading.Event) -> None:
    """Send batches over one connection at a time; anything not answered 250 goes back in the queue."""
    while not stop.is_set() and not ledger.done():
        batch = ledger.take(PER_CONNECTION)
        if not batch:
            time.sleep(0.05)
            continue
        left = _send_batch(port, ledger, batch)
        if left:
            ledger.give_back(left)
            time.sleep(0.05)


def _send_batch(port: int, ledger: Ledger, batch: list[int]) -> list[int]:
    try:
        client = smtplib.SMTP("127.0.0.1", port, timeout=15)
    except OSError:
        with ledger.lock:
            ledger.connect_errors += 1
        return batch
    left = list(batch)
    try:
        client.ehlo("load.isp.example")
        for idx in batch:
            _send_one(client, ledger, idx)
            left.remove(idx)
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()
    with ledger.lock:
        return [i for i in left if i not in ledger.acked]


def _send_one(client: smtplib.SMTP, ledger: Ledger, idx: int) -> None:
    mail = ledger.mails[idx]
    if client.mail(mail.mail_from)[0] != 250 or client.rcpt(REPLY_ADDR)[0] != 250:
        raise smtplib.SMTPException("envelope refused")
    with ledger.lock:
        ledger.tries[idx] += 1
    try:
        code, text = client.data(mail.raw)
    except (OSError, smtplib.SMTPServerDisconnected):
        with ledger.lock:
            ledger.unanswered[idx] = datetime.now(UTC)
        raise
    with ledger.lock:
        ledger.replies[code] += 1
        if code == 250:
            ledger.acked.add(idx)
        elif code >= 500:
            ledger.failures.append(f"{mail.message_id}: {code} {text!r}")
    if code != 250:
        client.rset()
        if code < 500:
            raise smtplib.SMTPException(f"{code} {text!r}: try again later")


class Clients:
    """CONNECTIONS clients sending a ledger's mails to `port` until every one is answered 250."""

    def __init__(self, port: int, ledger: Ledger) -> None:
        self.stop = threading.Event()
        self.threads = [
            threading.Thread(target=run_client, args=(port, ledger, self.stop), daemon=True)
            for _ in range(CONNECTIONS)
        ]

    def __enter__(self) -> Clients:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=20)


@pytest.mark.timeout(200)
def test_sigkill_under_load_then_restart_keeps_every_250_exactly_once(
    setup: Callable[..., Setup], engine: Engine, signing: Signing
) -> None:
    seed(engine)
    mails = make_mails(signing, BULK, COMMANDS)
    conf = setup(
        smtp={"max_connections": 100, "timeout": 60, "grace_period": 2.0},
        outbound={"poll_seconds": 5.0, "retry_base_seconds": 3600.0, "retry_max_seconds": 3600.0},
    )
    served = conf.start()
    ledger = Ledger(mails)
    started = time.monotonic()
    kills: list[tuple[int, float]] = []  # (250s so far, seconds from SIGKILL to READY=1)
    with Clients(conf.port, ledger):
        for fraction in KILL_AT:
            wait_for(lambda f=fraction: len(ledger.acked) >= f * len(mails), timeout=60, what="250s")
            at, down = len(ledger.acked), time.monotonic()
            served.kill()
            served = conf.start()
            kills.append((at, time.monotonic() - down))
        wait_for(ledger.done, timeout=CLIENT_SECONDS, what="every message answered 250")
    elapsed = time.monotonic() - started
    assert served.terminate() == 0, served.tail()
    assert not ledger.failures, ledger.failures[:5]

    redelivered = [i for i, n in ledger.tries.items() if n > 1]
    with db.sessions(engine)() as s:
        claimed_at = {mid: at for mid, at in s.execute(select(Claim.message_id, Claim.created_at))}
    lost_250 = [i for i, at in ledger.unanswered.items() if claimed_at.get(mails[i].message_id, at) < at]
    print(
        f"\n{len(mails)} messages, {len(ledger.acked)} answered 250 in {elapsed:.1f}s over {CONNECTIONS} "
        f"connections; SIGKILLs at {[k[0] for k in kills]} 250s, down (kill to READY) "
        f"{[round(k[1], 2) for k in kills]}s; DATA tries {sum(ledger.tries.values())}, replies "
        f"{dict(ledger.replies)}, DATA without a reply {len(ledger.unanswered)} (committed before the "
        f"kill: {len(lost_250)}), redelivered {len(redelivered)}, refused connects {ledger.connect_errors}"
    )
    assert len(kills) == len(KILL_AT) and ledger.unanswered, "a kill must have caught messages in flight"
    check_exactly_once(engine, [mails[i] for i in sorted(ledger.acked)])


# --- 2. the delivery worker killed mid-send --------------------------------------------------------


@pytest.fixture
def holding_relay() -> Iterator[HoldingRelay]:
    relay = HoldingRelay()
    yield relay
    relay.holding.clear()
    if relay.controller is not None:
        relay.stop()


def outbox(engine: Engine) -> list[Outbox]:
    with db.sessions(engine)() as s:
        return list(s.scalars(select(Outbox).order_by(Outbox.pk)))


@SQLITE_ONLY
@pytest.mark.timeout(90)
def test_worker_killed_after_the_relay_has_the_data_sends_again_and_records_sent_once(
    setup: Callable[..., Setup], engine: Engine, signing: Signing, holding_relay: HoldingRelay
) -> None:
    seed(engine)
    holding_relay.holding.set()
    relay = holding_relay.start()
    conf = setup(
        outbound={
            "relay_port": relay.port,
            "poll_seconds": 0.1,
            "retry_base_seconds": 0.2,
            "retry_max_seconds": 0.5,
            "timeout": 30.0,
            "lease_seconds": 2.0,  # a killed worker's row is sent again once its lease is over
        }
    )
    served = conf.start()
    assert sent_ok(conf.port, CSR, command(signing, "lisa@example.com", "kill-mid-send"))
    assert relay.arrived.wait(15), "the confirmation never reached the relay"
    served.kill()  # the relay has the whole message; the worker never heard its 250
    killed = time.monotonic()
    relay.holding.clear()
    [row] = outbox(engine)
    assert row.status == "pending" and row.lease_until is not None
    served = conf.start()
    row = wait_for(lambda: [r for r in outbox(engine) if r.status == "sent"], timeout=30, what="sent")[0]
    waited = time.monotonic() - killed
    copies = Counter(message_id(r.data) for r in relay.received)
    print(
        f"\nrelay copies {sum(copies.values())}, sent {waited:.1f}s after the kill, attempts {row.attempts}"
    )
    assert list(copies) == [row.message_id] and 1 <= copies[row.message_id] <= 2, copies
    assert len(outbox(engine)) == 1 and row.sent_at is not None
    assert served.terminate() == 0, served.tail()


# --- 3. the relay down across a restart ------------------------------------------------------------


def tried(engine: Engine, n: int) -> list[Outbox]:
    rows = outbox(engine)
    # A failed attempt is recorded (last_error) when it ends; attempts already counts it at lease time.
    return rows if len(rows) == n and all(r.attempts > 0 and r.last_error for r in rows) else []


@SQLITE_ONLY
@pytest.mark.timeout(90)
def test_replies_wait_while_the_relay_is_down_and_go_once_after_a_restart(
    setup: Callable[..., Setup], engine: Engine, signing: Signing
) -> None:
    seed(engine)
    relay_port = free_port()  # nothing listens there yet
    conf = setup(
        outbound={
            "relay_port": relay_port,
            "poll_seconds": 0.1,
            "retry_base_seconds": 6.0,
            "retry_max_seconds": 12.0,
            "timeout": 5.0,
        }
    )
    served = conf.start()
    addresses = ["lisa@example.com", "bob@example.com", "new@example.com"]
    for i, address in enumerate(addresses):
        assert sent_ok(conf.port, CSR, command(signing, address, f"outage-{i}"))
    rows = wait_for(lambda: tried(engine, len(addresses)), timeout=20, what="one try of each reply")
    now = datetime.now(UTC)
    assert len(rows) == len(addresses)
    for row in rows:
        assert row.status == "pending" and row.next_attempt_at > now, (row.status, row.next_attempt_at, now)
        assert row.last_error and "unreachable" in row.last_error, row.last_error
    assert served.terminate() == 0, served.tail()

    relay = HoldingRelay().start(relay_port)
    try:
        served = conf.start()
        wait_for(lambda: all(r.status == "sent" for r in outbox(engine)), timeout=30, what="every reply sent")
        assert served.terminate() == 0, served.tail()
    finally:
        relay.stop()
    rows = outbox(engine)
    copies = Counter(message_id(r.data) for r in relay.received)
    print(f"\nafter the restart: relay copies {dict(copies)}, attempts {[r.attempts for r in rows]}")
    assert copies == Counter(r.message_id for r in rows), copies
    assert all(r.attempts >= 2 and r.sent_at is not None for r in rows), [r.attempts for r in rows]


# --- 4. slow and abusive clients --------------------------------------------------------------------

IDLE = 1000
LIMIT = IDLE + 20


@pytest.fixture
def fd_room() -> Iterator[None]:
    """Room for both ends of every connection in one process (the daemon runs in a thread here)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = 4 * LIMIT + 256
    if soft >= need:
        yield
        return
    if hard != resource.RLIM_INFINITY and hard < need:
        pytest.skip(f"RLIMIT_NOFILE hard limit {hard} < {need}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.fixture
def abused(fd_room: None, make_config: Callable[..., Config], engine: Engine) -> Iterator[RunningDaemon]:
    config = make_config(
        smtp={
            "max_connections": LIMIT,
            "max_message_size": 100_000,
            "max_recipients": 5,
            "timeout": 120,
            "grace_period": 1.0,
        }
    )
    running = RunningDaemon(config, engine).start()
    yield running
    running.stop()


def normal_transaction(port: int) -> float:
    """Seconds for a whole transaction of a well-behaved client, connect to QUIT."""
    started = time.monotonic()
    raw = make_message("Hello", "Just saying hello.\n", sender=OUTSIDER)
    assert sent_ok(port, OUTSIDER, raw)
    return time.monotonic() - started


def greeting(sock: socket.socket) -> bytes:
    sock.settimeout(10)
    return sock.recv(512)


class Abuser(threading.Thread):
    """One kind of abuse, again and again on one connection until stopped, keeping each round's replies.
    A refusal must leave the session usable: a dropped connection is recorded, then replaced."""

    def __init__(self, port: int, act: Callable[[smtplib.SMTP], list[tuple[int, bytes]]]) -> None:
        super().__init__(daemon=True)
        self.port, self.act = port, act
        self.stop = threading.Event()
        self.rounds: list[list[tuple[int, bytes]]] = []
        self.errors: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with smtplib.SMTP("127.0.0.1", self.port, timeout=30) as client:
                    client.ehlo("abuser.isp.example")
                    while not self.stop.wait(0.05):
                        self.rounds.append(self.act(client))
            except (OSError, smtplib.SMTPException) as exc:
                self.errors.append(repr(exc))
                time.sleep(0.2)


def oversize(client: smtplib.SMTP) -> list[tuple[int, bytes]]:
    client.mail(OUTSIDER)
    client.rcpt(REPLY_ADDR)
    return [client.data(make_message("Big", ("y" * 76 + "\n") * 2000, sender=OUTSIDER))]


def long_header(client: smtplib.SMTP) -> list[tuple[int, bytes]]:
    client.mail(OUTSIDER)
    client.rcpt(REPLY_ADDR)
    head, _, body = make_message("Long", "body\n", sender=OUTSIDER).partition(b"\r\n\r\n")
    return [client.data(head + b"\r\nX-Long: " + b"z" * 1500 + b"\r\n\r\n" + body)]


def rcpt_flood(client: smtplib.SMTP) -> list[tuple[int, bytes]]:
    client.mail(OUTSIDER)
    replies = [client.rcpt(f"r{i}@{REPLY_DOMAIN}") for i in range(200)]
    client.rset()
    return replies


def dribble(port: int, stop: threading.Event, got: list[bytes]) -> None:
    """One byte a second into DATA until stopped; then the rest at once, and the reply to it."""
    raw = make_message("Slow", "Typed very slowly.\n", sender=OUTSIDER)
    envelope = [
        b"EHLO slow.isp.example",
        f"MAIL FROM:<{OUTSIDER}>".encode(),
        f"RCPT TO:<{REPLY_ADDR}>".encode(),
    ]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock, sock.makefile("rb") as reader:
        got.append(reader.readline())
        for line in [*envelope, b"DATA"]:
            sock.sendall(line + b"\r\n")
            while (reply := reader.readline())[3:4] == b"-":
                pass
            got.append(reply)
        sent = 0
        while not stop.wait(1.0) and sent < len(raw):
            sock.sendall(raw[sent : sent + 1])
            sent += 1
        sock.sendall(raw[sent:] + b".\r\n")
        got.append(reader.readline())


def noop(sock: socket.socket) -> bytes:
    sock.sendall(b"NOOP\r\n")
    return sock.recv(512)


@SQLITE_ONLY
@pytest.mark.timeout(120)
def test_slow_idle_and_abusive_clients_get_their_refusals_and_a_normal_client_still_gets_through(
    abused: RunningDaemon,
) -> None:
    port = abused.port
    assert abused.daemon is not None
    sessions = abused.daemon.server.sessions
    baseline = normal_transaction(port)
    slow_stop, slow_got = threading.Event(), []
    slow = threading.Thread(target=dribble, args=(port, slow_stop, slow_got), daemon=True)
    abusers = [Abuser(port, act) for act in (oversize, long_header, rcpt_flood)]
    try:
        with ExitStack() as stack:
            slow.start()
            idle = [stack.enter_context(socket.create_connection(("127.0.0.1", port))) for _ in range(IDLE)]
            greetings = Counter(greeting(sock)[:4] for sock in idle)
            assert greetings == {b"220 ": IDLE}, greetings
            for abuser in abusers:
                abuser.start()
            wait_for(
                lambda: all(a.rounds for a in abusers) and len(slow_got) == 5, what="the abuse under way"
            )

            # Fill the remaining slots: the first connection beyond the limit is refused.
            extra, refusal, open_then = [], b"", 0
            for _ in range(LIMIT):
                sock = stack.enter_context(socket.create_connection(("127.0.0.1", port)))
                line = greeting(sock)
                if not line.startswith(b"220 "):
                    refusal, open_then = line, len(sessions)
                    break
                extra.append(sock)
            assert refusal.startswith(b"421 4.7.0 "), refusal
            assert open_then == LIMIT, open_then
            for sock in extra:
                sock.close()
            wait_for(lambda: len(sessions) <= LIMIT - len(extra), what="the extra connections gone")

            latencies = []
            for _ in range(5):  # spread over a few seconds, so the slow client dribbles meanwhile
                latencies.append(normal_transaction(port))
                time.sleep(1.0)
            idle_replies = Counter(noop(sock)[:4] for sock in idle[::50])
    finally:
        for abuser in abusers:
            abuser.stop.set()
        slow_stop.set()
    for thread in [*abusers, slow]:
        thread.join(timeout=30)
    print(
        f"\nnormal client: {baseline:.3f}s alone; {', '.join(f'{t:.3f}' for t in latencies)}s next to {IDLE} "
        f"idle connections, a 1 byte/s client and 3 abusers (rounds {[len(a.rounds) for a in abusers]}); "
        f"{len(extra)} more connections fitted before the 421"
    )
    assert max(latencies) < 10, latencies  # a hang guard, not a timing claim
    assert idle_replies == {b"250 ": IDLE // 50}, idle_replies
    assert [a.errors for a in abusers] == [[], [], []]
    big, long = ([reply for one in a.rounds for reply in one] for a in abusers[:2])
    assert {(code, text[:5]) for code, text in big} == {(552, b"5.3.4")}
    assert {(code, text[:5]) for code, text in long} == {(500, b"5.5.2")}
    for one in abusers[2].rounds:
        assert [code for code, _ in one[:5]] == [250] * 5
        assert {(code, text[:5]) for code, text in one[5:]} == {(452, b"4.5.3")}
    assert slow_got[0].startswith(b"220 ") and slow_got[4].startswith(b"354 "), slow_got
    assert slow_got[-1].startswith(b"250 "), slow_got


@pytest.fixture
def default_limits(make_config: Callable[..., Config], engine: Engine) -> Iterator[RunningDaemon]:
    running = RunningDaemon(make_config(smtp={"grace_period": 1.0}), engine).start()
    yield running
    running.stop()


def stall_in_data(port: int, source: str = "127.0.0.1", expect: bytes = b"354 ") -> socket.socket:
    """A client that reaches DATA, gets `expect` and then sends nothing more (or a byte now and then)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
    with sock.makefile("rb") as reader:
        reader.readline()
        for line in (
            b"EHLO slow.isp.example",
            f"MAIL FROM:<{OUTSIDER}>".encode(),
            b"RCPT TO:<" + REPLY_ADDR.encode() + b">",
            b"DATA",
        ):
            sock.sendall(line + b"\r\n")
            while (reply := reader.readline())[3:4] == b"-":
                pass
    assert reply.startswith(expect), reply
    return sock


@SQLITE_ONLY
def test_a_few_stalled_data_sessions_do_not_lock_everyone_out_under_the_default_limits(
    default_limits: RunningDaemon,
) -> None:
    # The stalling peer (127.0.0.2) may hold max_data_per_peer DATA reservations; its further DATA
    # commands get 452 4.3.1, and another peer still gets 354.
    config = default_limits.config.smtp
    stalled = config.max_memory_bytes // (4 * config.max_message_size)  # 12 with the defaults
    with ExitStack() as stack:
        for i in range(stalled):
            expect = b"354 " if i < config.max_data_per_peer else b"452 4.3.1"
            stack.enter_context(stall_in_data(default_limits.port, "127.0.0.2", expect))
        with smtplib.SMTP(
            "127.0.0.1", default_limits.port, timeout=10, source_address=("127.0.0.3", 0)
        ) as client:
            client.ehlo("client.isp.example")
            client.mail(OUTSIDER)
            client.rcpt(REPLY_ADDR)
            code, text = client.docmd("DATA")
    print(f"\n{stalled} DATA attempts from one stalling peer; another peer's DATA got {code} {text!r}")
    assert code == 354, (code, text)


@SQLITE_ONLY
@pytest.mark.timeout(90)
def test_sigterm_while_the_relay_holds_a_reply_exits_within_the_grace_period(
    setup: Callable[..., Setup], engine: Engine, signing: Signing, holding_relay: HoldingRelay
) -> None:
    seed(engine)
    holding_relay.holding.set()
    relay = holding_relay.start()
    conf = setup(
        smtp={"grace_period": 2.0},
        outbound={"relay_port": relay.port, "poll_seconds": 0.1, "timeout": 10.0},
    )
    served = conf.start()
    assert sent_ok(conf.port, CSR, command(signing, "lisa@example.com", "term-mid-send"))
    assert relay.arrived.wait(15), "the confirmation never reached the relay"
    started = time.monotonic()
    served.proc.send_signal(signal.SIGTERM)
    try:
        code = served.proc.wait(timeout=2.0 + 5.0)
    except subprocess.TimeoutExpired:
        code = None
    took = time.monotonic() - started
    relay.holding.clear()
    print(f"\nSIGTERM with a reply held at the relay: exit {code} after {took:.1f}s (grace 2s)")
    assert code == 0, (code, took)


# --- 5. the delivery worker killed under load --------------------------------------------------------

CONFIRMATIONS = 200
RELAY_DELAY = 0.01  # seconds the relay takes over each message, so a delivery is always under way


@dataclass
class SlowRelay(RelaySink):
    """A relay that takes `delay` over each message. Told `hold = "rcpt"` or `"data"`, it stops the next
    conversation to reach that point (before the recipient is accepted, or with the whole message
    received and its 250 not yet given) until the client goes away, and sets `holding`; `held` names
    what it stopped (the recipient, or the Message-ID)."""

    delay: float = RELAY_DELAY
    hold: str | None = None
    holding: threading.Event = field(default_factory=threading.Event)
    held: list[str] = field(default_factory=list)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        await self._stop_here(server, "rcpt", address)
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        await self._stop_here(server, "data", message_id(envelope.original_content))
        await asyncio.sleep(self.delay)
        return "250 2.0.0 OK"

    async def _stop_here(self, server: Any, point: str, what: str) -> None:
        if self.hold != point:
            return
        self.hold = None
        self.held.append(what)
        self.holding.set()
        while not (server.transport is None or server.transport.is_closing()):
            await asyncio.sleep(0.02)


def queue_confirmations(engine: Engine, n: int) -> dict[str, str]:
    """`n` confirmations in the outbox, each to a recipient of its own: {recipient: Message-ID}."""
    tag, now = secrets.token_hex(4), datetime.now(UTC)
    made = {}
    with db.sessions(engine)() as s, s.begin():
        for i in range(n):
            rcpt, mid = f"csr{i}.{tag}@bank.example", f"<confirm-{i}.{tag}@{REPLY_DOMAIN}>"
            raw = make_message(f"Done: request {i}", sender=REPLY_ADDR, to=rcpt, message_id=mid)
            queue.enqueue(
                s, queue.Outgoing("confirmation", mid, REPLY_ADDR, rcpt, raw), now, timedelta(days=1)
            )
            made[rcpt] = mid
    return made


def in_flight(engine: Engine, started: datetime, lease: timedelta) -> set[str]:
    """Message-IDs of the rows leased by a worker started at `started` and not recorded sent: what its
    kill leaves behind. (The leases of rows an earlier worker left end sooner.)"""
    since = started + lease
    rows = outbox(engine)
    return {r.message_id for r in rows if r.status == "pending" and r.lease_until and r.lease_until > since}


def sent_lines(log: Path) -> Counter[int]:
    """How often each outbox row was logged recorded sent (the line follows the commit)."""
    found: Counter[int] = Counter()
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("{") and (entry := json.loads(line)).get("event") == "outbox_sent":
            found[entry["id"]] += 1
    return found


@pytest.mark.timeout(120)
def test_delivery_worker_killed_twice_under_load_sends_every_confirmation_and_records_each_sent_once(
    setup: Callable[..., Setup], engine: Engine
) -> None:
    # Kill 1: the relay has a whole confirmation and holds its 250. Kill 2: the relay holds a conversation
    # before the recipient, no data sent yet. Each time up to a batch (20) of other rows is leased, unsent.
    made = queue_confirmations(engine, CONFIRMATIONS)
    relay, lease = SlowRelay().start(), timedelta(seconds=2.0)
    conf = setup(
        outbound={
            "relay_port": relay.port,
            "poll_seconds": 0.1,
            "retry_base_seconds": 0.2,
            "retry_max_seconds": 0.5,
            "lease_seconds": lease.total_seconds(),  # a killed worker's rows go again after their lease
        }
    )
    try:
        started = datetime.now(UTC)
        served = conf.start()
        kills: list[tuple[str, int, set[str]]] = []  # (where, confirmations at the relay, rows in flight)
        for point, fraction in (("data", 1 / 3), ("rcpt", 2 / 3)):
            wait_for(lambda f=fraction: len(relay.received) >= f * len(made), timeout=60, what="deliveries")
            relay.hold = point
            assert relay.holding.wait(15), f"no conversation reached {point}"
            served.kill()
            kills.append((point, len(relay.received), in_flight(engine, started, lease)))
            relay.holding.clear()
            started = datetime.now(UTC)
            served = conf.start()
        rows = wait_for(
            lambda: (r := outbox(engine)) and all(x.status == "sent" for x in r) and r,
            timeout=60,
            what="every confirmation recorded sent",
        )
        assert served.terminate() == 0, served.tail()
    finally:
        relay.stop()

    copies = Counter(message_id(r.data) for r in relay.received)
    twice = {mid: n - 1 for mid, n in copies.items() if n > 1}
    leased_at = Counter(mid for _, _, ids in kills for mid in ids)
    logged = sent_lines(conf.log)
    print(
        f"\n{len(rows)} confirmations, relay copies {copies.total()}; kills "
        f"{[(point, n, len(ids)) for point, n, ids in kills]} (where, at the relay then, rows in flight); "
        f"sent again {twice}; attempts {dict(Counter(r.attempts for r in rows))}; "
        f"logged recorded sent {logged.total()}"
    )
    # Every confirmation reached the relay, nothing else did; each row is recorded sent, once.
    assert len(rows) == len({r.message_id for r in rows}) == len(made)
    assert {r.message_id for r in rows} == set(made.values()) == set(copies)
    assert all(r.sent_at is not None and r.lease_until is None for r in rows)
    assert max(logged.values()) == 1 and set(logged) <= {r.pk for r in rows}
    # Sent again: only rows in flight at a kill, at most once per kill that caught them; the one whose
    # 250 the relay held certainly, the one held before its recipient never reached the relay before.
    [(_, _, first), (_, _, second)] = kills
    held_data, held_rcpt = relay.held[0], made[relay.held[1]]
    assert held_data in first and held_rcpt in second
    assert copies[held_data] == 2 and copies[held_rcpt] == 1
    assert all(n <= leased_at[mid] for mid, n in twice.items()), (twice, leased_at)
    assert sum(twice.values()) <= len(first) + len(second)
    # A row is leased once more for each kill that caught it, never otherwise.
    assert all(1 <= r.attempts <= 1 + leased_at[r.message_id] for r in rows)
    assert all(r.attempts == 1 for r in rows if r.message_id not in leased_at)


# --- 6. the relay refusing, then down, then back: the backoff schedule --------------------------------


@dataclass
class FakeClock:
    """The delivery worker's clock, moved on by the test."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class RefusingRelay(RelaySink):
    """451 to every DATA while `refusing`; on a port of its own, so it can be stopped and started again."""

    refusing: bool = True
    port_: int = field(default_factory=free_port)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.refusals = 1 if self.refusing else 0
        return await super().handle_DATA(server, session, envelope)

    def start(self) -> RefusingRelay:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port_)
        self.controller.start()
        return self


def only_row(engine: Engine) -> Outbox:
    [row] = outbox(engine)
    return row


def step(out: OutboundConfig, attempt: int) -> float:
    """The documented backoff step after the `attempt`-th failure, before its jitter."""
    return min(out.retry_max_seconds, out.retry_base_seconds * 2 ** (attempt - 1))


# What the relay does at each attempt; after the third the worker is restarted (a new Deliverer on a new
# engine: all a restarted process has is the row).
RELAY_PLAN = ["451", "451", "451", "down", "down", "451", "250"]
RESTART_AFTER = 3


@pytest.mark.timeout(60)
def test_a_reply_is_retried_on_the_documented_backoff_while_the_relay_refuses_or_is_down_then_goes_once(
    make_config: Callable[..., Config], engine: Engine, db_url: str, signing: Signing
) -> None:
    # deliver.py: after the n-th failed attempt the next is due min(max, base * 2^(n-1)) seconds later,
    # times a jitter in [0.5, 1]; the time lives in the row, so a restarted worker keeps the schedule.
    # The worker's clock is the test's: it polls every poll_seconds of that clock, so every figure below
    # is exact, whatever the machine's speed. The relay is a real socket.
    relay = RefusingRelay().start()
    config = make_config(
        outbound={
            "relay_host": "127.0.0.1",
            "relay_port": relay.port_,
            "retry_base_seconds": 60.0,
            "retry_max_seconds": 600.0,  # reached at the 5th failure: 60, 120, 240, 480, 600, 600
            "poll_seconds": 5.0,
        }
    )
    out, tick = config.outbound, timedelta(seconds=config.outbound.poll_seconds)
    engines = [engine]  # and one more for the restarted worker
    seed(engine)
    raw = signing.sign(make_message("Unsubscribe lisa@example.com"))
    process(raw, Envelope(CSR, REPLY_ADDR), build_deps(config, engine))
    clock = FakeClock(datetime.now(UTC) + tick)
    worker = Deliverer(out, db.sessions(engine), clock)
    polls = 2 * int(sum(step(out, n) for n in range(1, len(RELAY_PLAN))) / out.poll_seconds)  # a bound
    seen: list[tuple[datetime, Outbox]] = []  # the clock at each attempt, and the row after it
    try:
        for _ in range(polls):
            if worker.run_once():
                seen.append((clock.now, only_row(engines[-1])))
                if len(seen) == len(RELAY_PLAN):
                    break
                if len(seen) == RESTART_AFTER:
                    engines.append(db.make_engine(db_url, busy_timeout_ms=500))
                    worker = Deliverer(out, db.sessions(engines[-1]), clock)
                coming = RELAY_PLAN[len(seen)]
                if coming == "down" and relay.controller is not None:
                    relay.stop()
                    relay.controller = None
                elif coming != "down" and relay.controller is None:
                    relay.start()
                relay.refusing = coming == "451"
            clock.now += tick
        quiet = 0  # attempts after the relay took it, however long the worker keeps polling
        for _ in range(int((out.lease_seconds + 2 * out.retry_max_seconds) / out.poll_seconds)):
            clock.now += tick
            quiet += worker.run_once()
    finally:
        if relay.controller is not None:
            relay.stop()
        for restarted in engines[1:]:
            restarted.dispose()

    delays = [(row.next_attempt_at - at).total_seconds() for at, row in seen[:-1]]
    gaps = [(b - a).total_seconds() for (a, _), (b, _) in pairwise(seen)]
    print(
        f"\nrelay {RELAY_PLAN}: steps {[step(out, n) for n in range(1, len(seen))]}s, delays chosen "
        f"{[round(d, 1) for d in delays]}s, attempts {[round(g, 1) for g in gaps]}s apart (polls every "
        f"{out.poll_seconds}s); relay copies {len(relay.received)}"
    )
    assert len(seen) == len(RELAY_PLAN), f"{len(seen)} attempts in {polls} polls"
    for n, ((_, row), delay, gap, relay_did) in enumerate(
        zip(seen, delays, gaps, RELAY_PLAN, strict=False), 1
    ):
        assert row.attempts == n and row.status == "pending" and row.lease_until is None, (n, row.status)
        assert ("451 4.3.0" if relay_did == "451" else "unreachable") in (row.last_error or ""), (
            row.last_error
        )
        # The documented step, with its jitter: the steps double from 60 s until they reach 600 s.
        assert 0.5 * step(out, n) - 0.001 <= delay <= step(out, n) + 0.001, (n, delay)
        # Not tried before it was due, and tried at the first poll after.
        assert delay - 0.001 <= gap < delay + out.poll_seconds, (n, gap, delay)
    at, row = seen[-1]
    assert (row.status, row.attempts, row.sent_at, row.last_error) == ("sent", len(RELAY_PLAN), at, None)
    assert [message_id(r.data) for r in relay.received] == [row.message_id] and quiet == 0


# --- 7. several workers: the whole process group killed, or one worker ----------------------------------

GROUP_BULK = 1000
GROUP_COMMANDS = 100


def log_lines(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text(errors="replace").splitlines() if line.startswith("{")]


WORKERS_SMTP = {"workers": 2, "max_connections": 100, "timeout": 60, "grace_period": 2.0}
NO_RELAY = {"poll_seconds": 5.0, "retry_base_seconds": 3600.0, "retry_max_seconds": 3600.0}


@pytest.mark.timeout(200)
def test_two_workers_killed_with_their_supervisor_under_load_then_restarted_keep_every_250_exactly_once(
    setup: Callable[..., Setup], engine: Engine, signing: Signing
) -> None:
    seed(engine)
    mails = make_mails(signing, GROUP_BULK, GROUP_COMMANDS)
    conf = setup(smtp=WORKERS_SMTP, outbound=NO_RELAY)
    served = conf.start()
    ledger, started = Ledger(mails), time.monotonic()
    kills: list[tuple[int, int]] = []  # (250s so far, processes killed)
    with Clients(conf.port, ledger):
        for fraction in KILL_AT:
            wait_for(lambda f=fraction: len(ledger.acked) >= f * len(mails), timeout=60, what="250s")
            processes = 1 + len(children(served.proc.pid))
            served.kill_group()  # the supervisor and both workers, as systemd kills the control group
            kills.append((len(ledger.acked), processes))
            served = conf.start()
        wait_for(ledger.done, timeout=CLIENT_SECONDS, what="every message answered 250")
    elapsed = time.monotonic() - started
    assert served.terminate() == 0, served.tail()
    assert not ledger.failures, ledger.failures[:5]
    handled = Counter(line.get("worker") for line in log_lines(conf.log) if line.get("event") == "message")
    print(
        f"\n{len(mails)} messages to 2 workers, {len(ledger.acked)} answered 250 in {elapsed:.1f}s over "
        f"{CONNECTIONS} connections; process group SIGKILLed at {kills} (250s, processes); handled per "
        f"worker {dict(handled)}; DATA tries {sum(ledger.tries.values())}, replies {dict(ledger.replies)}, "
        f"DATA without a reply {len(ledger.unanswered)}, refused connects {ledger.connect_errors}"
    )
    assert [n for _, n in kills] == [3] * len(KILL_AT) and ledger.unanswered
    assert set(handled) == {0, 1}, handled
    check_exactly_once(engine, [mails[i] for i in sorted(ledger.acked)])


@dataclass
class WorkerKill:
    """One worker SIGKILLed beside a live supervisor, and what followed."""

    at: int  # messages answered 250 so far
    code: int | None = None  # the supervisor's exit
    took: float = 0.0  # seconds from the kill to that exit
    others_gone: bool = False


def kill_one_worker(served: Serve, index: int, ledger: Ledger) -> WorkerKill:
    """SIGKILL worker `index` (the workers are forked in order, so their pids are too) and wait for the
    supervisor to exit; a hang guard only: the other worker's grace is 2 s."""
    pids = sorted(children(served.proc.pid))
    assert len(pids) == 2, pids
    os.kill(pids[index], signal.SIGKILL)
    done, down = WorkerKill(len(ledger.acked)), time.monotonic()
    done.code = served.proc.wait(timeout=30)
    done.took = time.monotonic() - down
    done.others_gone = not any(alive(pid) for pid in pids)
    return done


@pytest.mark.timeout(120)
def test_one_worker_killed_the_supervisor_stops_the_other_and_exits_1_and_after_a_restart_no_250_is_lost(
    setup: Callable[..., Setup], engine: Engine, signing: Signing
) -> None:
    # workers.py: a worker dying on its own makes the supervisor stop the others (gracefully, SIGTERM) and
    # exit 1, so that systemd (Restart=on-failure) restarts the whole service; the test restarts it. Worker
    # 1 is killed, then worker 0 (which also delivers).
    seed(engine)
    mails = make_mails(signing, GROUP_BULK // 2, GROUP_COMMANDS // 2)
    conf = setup(smtp=WORKERS_SMTP, outbound=NO_RELAY)
    served = conf.start()
    ledger, kills = Ledger(mails), []
    with Clients(conf.port, ledger):
        for index, fraction in ((1, KILL_AT[0]), (0, KILL_AT[1])):
            wait_for(lambda f=fraction: len(ledger.acked) >= f * len(mails), timeout=60, what="250s")
            kills.append(kill_one_worker(served, index, ledger))
            served = conf.start()
        wait_for(ledger.done, timeout=CLIENT_SECONDS, what="every message answered 250")
    assert served.terminate() == 0, served.tail()
    assert not ledger.failures, ledger.failures[:5]
    # Per run of the supervisor: whom it named dead, and which worker stopped as on SIGTERM.
    runs: list[tuple[list[Any], list[Any]]] = []
    for line in log_lines(conf.log):
        if line.get("event") == "workers_ready":
            runs.append(([], []))
        elif line.get("event") == "worker_died":
            runs[-1][0].extend(line["workers"])
        elif line.get("event") == "stopped":
            runs[-1][1].append(line.get("worker"))
    print(
        f"\n{len(mails)} messages to 2 workers; one worker SIGKILLed at {[k.at for k in kills]} 250s: "
        f"supervisor exits {[k.code for k in kills]} after {[round(k.took, 1) for k in kills]}s; named "
        f"dead and stopped per run {runs}; DATA without a reply {len(ledger.unanswered)}, refused connects "
        f"{ledger.connect_errors}, replies {dict(ledger.replies)}"
    )
    assert [(k.code, k.others_gone) for k in kills] == [(1, True), (1, True)], served.tail()
    assert runs[:2] == [(["mailgate-worker-1"], [0]), (["mailgate-worker-0"], [1])]
    check_exactly_once(engine, [mails[i] for i in sorted(ledger.acked)])


@SQLITE_ONLY
@pytest.mark.timeout(90)
def test_a_worker_that_does_not_stop_is_killed_so_the_supervisor_exits_and_can_be_restarted(
    setup: Callable[..., Setup], engine: Engine, signing: Signing
) -> None:
    # One worker dies; the other never stops: SIGSTOPped here, standing for a worker wedged for good (as
    # one was, before smtp.HeldBytes, on a shared lock the dead worker held). The supervisor must still
    # exit 1 within its stop timeout, or systemd, seeing it alive, never restarts.
    seed(engine)
    conf = setup(smtp={**WORKERS_SMTP, "grace_period": 1.0}, outbound=NO_RELAY)
    served = conf.start()
    wedged, victim = sorted(children(served.proc.pid))
    os.kill(wedged, signal.SIGSTOP)
    os.kill(victim, signal.SIGKILL)
    down = time.monotonic()
    try:
        code: int | None = served.proc.wait(timeout=workers.stop_seconds(1.0) + 15)
    except subprocess.TimeoutExpired:
        code = None
    took, wedged_alive = time.monotonic() - down, alive(wedged)
    events = [line.get("event") for line in log_lines(conf.log)]
    print(f"\nsupervisor exit {code} {took:.1f}s after a worker died beside a wedged one")
    assert code == 1 and not wedged_alive, (code, served.tail())
    assert "worker_died" in events and "workers_killed" in events, served.tail()
    served = conf.start()
    assert sent_ok(conf.port, CSR, command(signing, "lisa@example.com", "after-wedge"))
    assert served.terminate() == 0, served.tail()
