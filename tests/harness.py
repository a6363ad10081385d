"""End-to-end harness: the real daemon (SMTP server + delivery worker) on 127.0.0.1 in a thread with
its own event loop, and a relay sink (aiosmtpd) that records what mailgate sends and can be told to
refuse for a while."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine

from mailgate.app import Daemon
from mailgate.config import Config


class RunningDaemon:
    def __init__(self, config: Config, engine: Engine) -> None:
        self.config = config
        self.engine = engine
        self.daemon: Daemon | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        async def main() -> None:
            self.loop = asyncio.get_running_loop()
            self.daemon = Daemon(self.config, self.engine)
            await self.daemon.run(install_signals=False)

        try:
            asyncio.run(main())
        except BaseException as exc:  # surfaced by start()/stop()
            self.error = exc

    def start(self) -> RunningDaemon:
        self._thread.start()
        deadline = time.monotonic() + 10
        while self.daemon is None or not self.daemon.ready.is_set():
            if self.error is not None or time.monotonic() > deadline:
                raise RuntimeError(f"daemon did not start: {self.error!r}")
            time.sleep(0.01)
        return self

    @property
    def port(self) -> int:
        assert self.daemon is not None
        return self.daemon.server.port

    def stop(self) -> None:
        if self.loop is not None and self.daemon is not None:
            self.loop.call_soon_threadsafe(self.daemon.stopping.set)
        self._thread.join(timeout=30)
        if self.error is not None:
            raise self.error


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes


@dataclass
class RelaySink:
    """Records messages; answers the next `refusals` DATA commands with `refusal` instead of 250."""

    received: list[Received] = field(default_factory=list)
    refusals: int = 0
    refusal: str = "451 4.3.0 Try again later"
    controller: Any = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refusals > 0:
            self.refusals -= 1
            return self.refusal
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 OK"

    def start(self) -> RelaySink:
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())
        self.controller.start()
        return self

    @property
    def port(self) -> int:
        return int(self.controller.port)

    def stop(self) -> None:
        self.controller.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class TCPProxy:
    """A TCP forwarder on 127.0.0.1 standing between the daemon and its database, so a test can take the
    database away and give it back: `pause()` cuts every open connection (both sides, so the server
    rolls back what was open) and drops new ones at once; `resume()` forwards again."""

    def __init__(self, target_host: str = "127.0.0.1", target_port: int = 5432) -> None:
        self.target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self._lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self._paused = False
        self._stopped = threading.Event()
        self._threads: list[threading.Thread] = []
        self.accepted = 0
        self.dropped = 0

    @property
    def port(self) -> int:
        return int(self._listener.getsockname()[1])

    def start(self) -> TCPProxy:
        self._spawn(self._accept_loop)
        return self

    def pause(self) -> None:
        with self._lock:
            self._paused = True
            conns, self._conns = list(self._conns), set()
        for sock in conns:
            _cut(sock)

    def resume(self) -> None:
        with self._lock:
            self._paused = False

    def stop(self) -> None:
        self._stopped.set()
        self.pause()
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> TCPProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _spawn(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._open(client)

    def _open(self, client: socket.socket) -> None:
        with self._lock:
            paused = self._paused
        upstream = None
        if not paused:
            try:
                upstream = socket.create_connection(self.target, timeout=3)
                upstream.settimeout(None)
            except OSError:
                upstream = None
        with self._lock:
            if upstream is None or self._paused:
                self.dropped += 1
                for sock in (client, upstream):
                    if sock is not None:
                        _cut(sock)
                return
            self.accepted += 1
            self._conns.update((client, upstream))
        self._spawn(self._pump, client, upstream)
        self._spawn(self._pump, upstream, client)

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._conns.difference_update((src, dst))
            _cut(src)
            _cut(dst)


def _cut(sock: socket.socket) -> None:
    """Shut down before closing: shutdown wakes a thread blocked in recv() on the socket, close does not."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # the other direction cut it first, or it never connected
    finally:
        sock.close()


@dataclass
class HoldingRelay(RelaySink):
    """A relay sink that records each message as soon as its data has arrived, then holds its 250 while
    `holding` is set (or until the client goes away), so a test can kill the sender after the relay has
    the message and before the sender hears the answer. `start(port)` listens on a chosen port, so the
    relay can be absent at first and come up where the daemon's config already points."""

    holding: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        self.arrived.set()
        while self.holding.is_set() and not (server.transport is None or server.transport.is_closing()):
            await asyncio.sleep(0.02)
        return "250 2.0.0 OK"

    def start(self, port: int | None = None) -> HoldingRelay:
        self.controller = Controller(self, hostname="127.0.0.1", port=port or free_port())
        self.controller.start()
        return self


# Run in a separate process: holds SQLite's write lock until a line arrives on stdin (or stdin closes).
LOCK_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


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


def swaks_binary() -> str:
    """The swaks command; its tests skip where it is missing, and fail instead under
    MAILGATE_REQUIRE_SWAKS=1 (.ci/run installs it)."""
    binary = shutil.which("swaks")
    if binary is None:
        if os.environ.get("MAILGATE_REQUIRE_SWAKS") == "1":
            pytest.fail("swaks is not installed (Debian package swaks; MAILGATE_REQUIRE_SWAKS=1)")
        pytest.skip("swaks is not installed (Debian package swaks)")
    return binary
