"""End-to-end harness: the real daemon (SMTP server + delivery worker) on 127.0.0.1 in a thread with
its own event loop, and a relay sink (aiosmtpd) that records what mailgate sends and can be told to
refuse for a while."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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
