"""An asyncio SMTP load generator: one message per connection (connect, EHLO, MAIL, RCPT, DATA, QUIT),
as an MTA without connection caching delivers.

- `closed_loop`: N sessions, each starting the next message as soon as its last one is answered;
  gives the throughput a server sustains.
- `open_loop`: messages start on a fixed schedule (rate per second) whether or not earlier ones are
  done, and latency is counted from the scheduled start, so a slow server cannot slow the generator
  down and hide its own queueing (no coordinated omission).
- `hold_idle` and `big_senders` drive the memory measurements.

Latency of one message: from the start of its connection to the server's reply to the end of DATA
(the 250 that says it is kept). The client is a bare asyncio.Protocol over pre-built bytes so the
generator spends as little CPU per message as it can."""

from __future__ import annotations

import asyncio
import time
from collections import Counter, deque
from dataclasses import dataclass, field

from bench.corpus import Mail

ERROR = -1  # connection refused/reset or timeout: no SMTP reply code
EHLO = b"EHLO loadgen.bench.example\r\n"


class _Client(asyncio.Protocol):
    """Collects SMTP replies (multi-line ones joined) and hands them out in order."""

    def __init__(self) -> None:
        self.buf = bytearray()
        self.replies: deque[int] = deque()
        self.waiter: asyncio.Future[int] | None = None
        self.lost = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while (end := self.buf.find(b"\r\n")) >= 0:
            line = bytes(self.buf[:end])
            del self.buf[: end + 2]
            if line[3:4] == b"-":
                continue  # RFC 5321 §4.2.1: "250-" lines continue, "250 " ends the reply
            code = int(line[:3]) if line[:3].isdigit() else ERROR
            if self.waiter is not None and not self.waiter.done():
                self.waiter.set_result(code)
            else:
                self.replies.append(code)

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionResetError("connection closed"))

    async def reply(self) -> int:
        if self.replies:
            return self.replies.popleft()
        if self.lost:
            raise ConnectionResetError("connection closed")
        self.waiter = asyncio.get_running_loop().create_future()
        return await self.waiter

    async def command(self, line: bytes) -> int:
        assert self.transport is not None
        self.transport.write(line)
        return await self.reply()


async def connect(host: str, port: int) -> tuple[asyncio.Transport, _Client]:
    transport, proto = await asyncio.get_running_loop().create_connection(_Client, host, port)
    return transport, proto


async def _open_transaction(proto: _Client, mail: Mail) -> int:
    """Greeting, EHLO, MAIL, RCPT, DATA: 354 when the server waits for the message, else its code."""
    steps = (
        (None, 220),
        (EHLO, 250),
        # SIZE (RFC 1870) as Postfix and other MTAs send it; mailgate reserves memory by it.
        (b"MAIL FROM:<" + mail.mail_from.encode() + b"> SIZE=%d\r\n" % len(mail.data), 250),
        (b"RCPT TO:<" + mail.rcpt.encode() + b">\r\n", 250),
        (b"DATA\r\n", 354),
    )
    for line, wanted in steps:
        code = await (proto.reply() if line is None else proto.command(line))
        if code != wanted:
            return code
    return 354


async def _transact(host: str, port: int, mail: Mail) -> int:
    transport, proto = await connect(host, port)
    try:
        code = await _open_transaction(proto, mail)
        if code == 354:
            code = await proto.command(mail.data)
        if not proto.lost:
            transport.write(b"QUIT\r\n")
        return code
    finally:
        transport.close()


@dataclass(frozen=True)
class Sample:
    code: int
    latency: float  # seconds from (scheduled) start to the reply to DATA
    done_at: float


async def _one(host: str, port: int, mail: Mail, start: float, timeout: float) -> Sample:
    try:
        code = await asyncio.wait_for(_transact(host, port, mail), timeout)
    except (OSError, TimeoutError, ValueError):
        code = ERROR
    now = time.perf_counter()
    return Sample(code, now - start, now)


@dataclass
class Run:
    """The samples of one run and the figures derived from them."""

    samples: list[Sample]
    started: float
    wall: float
    client_cpu: float = 0.0
    late: float = 0.0  # open loop: how far behind schedule the generator fell at worst, seconds
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> int:
        return sum(1 for s in self.samples if s.code == 250)

    @property
    def codes(self) -> dict[str, int]:
        return {str(k): v for k, v in sorted(Counter(s.code for s in self.samples).items())}

    @property
    def rate(self) -> float:
        return self.ok / self.wall if self.wall > 0 else 0.0

    def percentile(self, q: float) -> float:
        """Latency percentile over every attempt; a failed attempt counts as infinitely slow."""
        values = sorted(s.latency if s.code == 250 else float("inf") for s in self.samples)
        if not values:
            return float("nan")
        return values[min(len(values) - 1, int(q * len(values)))]


async def closed_loop(host: str, port: int, mails: list[Mail], concurrency: int, timeout: float) -> Run:
    samples: list[Sample] = []
    queue = iter(mails)

    async def session() -> None:
        for mail in queue:  # one iterator shared by every session: each message is sent once
            samples.append(await _one(host, port, mail, time.perf_counter(), timeout))

    started = time.perf_counter()
    await asyncio.gather(*(session() for _ in range(concurrency)))
    return Run(samples, started, time.perf_counter() - started)


async def open_loop(host: str, port: int, mails: list[Mail], rate: float, timeout: float) -> Run:
    started = time.perf_counter() + 0.05
    tasks: list[asyncio.Task[Sample]] = []
    late = 0.0
    for i, mail in enumerate(mails):
        due = started + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        late = max(late, -delay)
        tasks.append(asyncio.create_task(_one(host, port, mail, due, timeout)))
    samples = list(await asyncio.gather(*tasks))
    wall = max((s.done_at for s in samples), default=started) - started
    return Run(samples, started, wall, late=late)


class IdleSessions:
    """`n` connections that said EHLO and then sit idle, as a slow or stalled client would."""

    def __init__(self) -> None:
        self.transports: list[asyncio.Transport] = []
        self.codes: Counter[int] = Counter()

    async def open(self, host: str, port: int, n: int, batch: int = 100) -> None:
        for first in range(0, n, batch):
            await asyncio.gather(*(self._one(host, port) for _ in range(first, min(n, first + batch))))

    async def _one(self, host: str, port: int) -> None:
        try:
            transport, proto = await connect(host, port)
            code = await asyncio.wait_for(proto.reply(), 10)
            if code == 220:
                code = await asyncio.wait_for(proto.command(EHLO), 10)
            self.codes[code] += 1
            self.transports.append(transport)
        except (OSError, TimeoutError):
            self.codes[ERROR] += 1

    def close(self) -> None:
        for transport in self.transports:
            transport.close()


async def big_senders(host: str, port: int, mails: list[Mail], timeout: float) -> Counter[int]:
    """Every client opens its transaction, all wait until each has its reply to DATA, then all send
    their message body at the same moment."""
    barrier = asyncio.Barrier(len(mails))

    async def one(mail: Mail) -> int:
        code, transport, proto = ERROR, None, None
        try:
            transport, proto = await connect(host, port)
            code = await asyncio.wait_for(_open_transaction(proto, mail), timeout)
        except (OSError, TimeoutError):
            code = ERROR
        await barrier.wait()  # every client reaches this, so a failed one cannot hold the rest
        try:
            if code == 354 and proto is not None:
                code = await asyncio.wait_for(proto.command(mail.data), timeout)
        except (OSError, TimeoutError):
            code = ERROR
        finally:
            if transport is not None:
                transport.close()
        return code

    codes = await asyncio.gather(*(one(m) for m in mails), return_exceptions=True)
    return Counter(c if isinstance(c, int) else ERROR for c in codes)
