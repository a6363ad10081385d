"""The processes under test and what they need: the bare aiosmtpd ceiling, Postfix's smtp-sink and
smtp-source, and `mailgate serve` with a generated config, a fresh database (SQLite file or
PostgreSQL schema), migrations and seed data. Every server is a child process, so its CPU and memory
are read from /proc by pid."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from urllib.parse import quote

from bench import corpus

ROOT = Path(__file__).resolve().parent.parent
SMTP_SINK = "/usr/sbin/smtp-sink"
SMTP_SOURCE = "/usr/sbin/smtp-source"
MiB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def closed_port() -> socket.socket:
    """A port bound but never listened on: connecting is refused at once, and no one else can take it
    while the socket lives. Used as mailgate's outbound relay so delivery does not dominate."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


@dataclass
class Server:
    """A server child process listening on 127.0.0.1:port."""

    name: str
    proc: subprocess.Popen[bytes]
    port: int
    log: IO[bytes] | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_listening(self, timeout: float = 30) -> Server:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode} before listening")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not listen on {self.port} within {timeout}s")

    def stop(self, timeout: float = 20) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log is not None:
            self.log.close()


def _spawn(name: str, argv: list[str], port: int, log_path: Path | None = None) -> Server:
    log = log_path.open("wb") if log_path is not None else None
    proc = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=log or subprocess.DEVNULL, stderr=log or subprocess.DEVNULL
    )
    return Server(name, proc, port, log).wait_listening()


def start_ceiling(workdir: Path) -> Server:
    port = free_port()
    argv = [sys.executable, str(ROOT / "bench" / "ceiling.py"), str(port)]
    return _spawn("ceiling", argv, port, workdir / "ceiling.log")


def start_smtp_sink() -> Server:
    port = free_port()
    # -u: smtp-sink refuses to keep root privileges; it drops to this user after binding.
    user = ["-u", "nobody"] if os.geteuid() == 0 else []
    return _spawn("smtp-sink", [SMTP_SINK, *user, f"127.0.0.1:{port}", "1024"], port)


def run_smtp_source(port: int, count: int, sessions: int, length: int) -> float:
    """Send `count` messages (one per connection) with `sessions` in parallel; the wall seconds."""
    argv = [SMTP_SOURCE, "-s", str(sessions), "-m", str(count), "-l", str(length), "-f",
            "person@customers.example", "-t", corpus.REPLY_ADDR, "-M", "loadgen.bench.example",
            f"127.0.0.1:{port}"]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, timeout=600)
    return time.perf_counter() - started


# -- mailgate ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailgateSetup:
    """Everything a `mailgate serve` of this run shares: database, DNS, relay, outbound key."""

    label: str
    db_url: str
    dns: str
    relay_port: int
    outbound_key: Path
    max_message_size: int = MiB
    max_memory_bytes: int = 100 * MiB
    max_connections: int = 1100
    workers: int = 1


def write_config(setup: MailgateSetup, port: int, path: Path) -> Path:
    path.write_text(
        f"""[smtp]
host = "127.0.0.1"
port = {port}
hostname = "mx.bench.example"
domains = ["{corpus.REPLY_DOMAIN}"]
max_message_size = {setup.max_message_size}
max_memory_bytes = {setup.max_memory_bytes}
max_connections = {setup.max_connections}
workers = {setup.workers}
timeout = 300
grace_period = 5.0

[dns]
nameservers = ["{setup.dns}"]

[human]
forward_to = "humans@bank.example"

[tokens]
keys = ["1:bench-token-secret-of-16+"]

[database]
url = "{setup.db_url}"

[outbound]
relay_host = "127.0.0.1"
relay_port = {setup.relay_port}
dkim_selector = "mg1"
dkim_key_file = "{setup.outbound_key}"
retry_base_seconds = 3600.0
max_per_hour = 1000000

[logging]
level = "info"
format = "json"
""",
        encoding="utf-8",
    )
    return path


def mailgate_cli(config: Path, *args: str) -> str:
    argv = [sys.executable, "-m", "mailgate", "--config", str(config), *args]
    done = subprocess.run(argv, check=True, capture_output=True, text=True, cwd=ROOT, timeout=120)
    return done.stdout


def start_mailgate(setup: MailgateSetup, workdir: Path, name: str) -> Server:
    port = free_port()
    config = write_config(setup, port, workdir / f"{name}.toml")
    argv = [sys.executable, "-m", "mailgate", "--config", str(config), "serve"]
    return _spawn(name, argv, port, workdir / f"{name}.log")


def start_floor(setup: MailgateSetup, workdir: Path, stage: str) -> Server:
    """mailgate's SMTP layer with its processing cut short at `stage` (bench/floor.py)."""
    port = free_port()
    config = write_config(setup, port, workdir / f"floor-{stage}.toml")
    argv = [sys.executable, str(ROOT / "bench" / "floor.py"), str(config), stage, str(port)]
    return _spawn(f"floor-{stage}", argv, port, workdir / f"floor-{stage}.log")


def sqlite_url(workdir: Path, label: str) -> str:
    return f"sqlite:///{workdir / (label + '.db')}"


def pg_create_schema(base_url: str, schema: str) -> str:
    """CREATE SCHEMA and return a URL whose connections use it (libpq options, search_path)."""
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base_url else "?"
    return f"{base_url}{sep}options={quote('-csearch_path=' + schema, safe='')}"


def pg_drop_schema(base_url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def pg_available(base_url: str) -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        import psycopg

        with psycopg.connect(base_url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}".strip()
    return None


def seed(db_url: str, customers: int) -> None:
    """Staff (the corpus's CSRs), the conversations, and `customers` customer records each subscribed
    to every conversation. Staff and conversations go through mailgate's admin functions; customers
    and subscriptions are bulk-inserted with mailgate's models (the CLI would take minutes)."""
    from mailgate.store import admin, db, ops
    from mailgate.store.models import EMAIL, SUBSCRIBED, Customer, Subscription

    now = datetime.now(UTC)
    operator = ops.Actor("cli:bench", "operator", now, "bench seed")
    engine = db.make_engine(db_url)
    with db.sessions(engine)() as s, s.begin():
        for address in corpus.STAFF:
            admin.add_staff(s, operator, address, "csr")
        convs = [admin.add_conversation(s, operator, name, "owner@bank.example") for name in
                 corpus.CONVERSATIONS]  # fmt: skip
        rows = [Customer(id=f"C-{i}", address=corpus.customer(i), created_at=now) for i in range(customers)]
        s.add_all(rows)
        s.flush()
        s.add_all(
            Subscription(customer_pk=c.pk, conversation_pk=v.pk, channel=EMAIL, state=SUBSCRIBED,
                         source="cli:bench", updated_at=now)
            for c in rows for v in convs
        )  # fmt: skip
    engine.dispose()
