"""A well-behaved client's latency next to slow, idle and abusive clients (issue 3: "the daemon stays
responsive, a normal client's latency measured while they run").

    python bench/abuse.py [COUNT] [--idle 1000] [--workers N]

Starts the bench's DNS server, a fresh SQLite database with the bench's seed and `mailgate serve` with
the bench's config (max_connections 1,100, 1 MiB messages). A normal client then sends COUNT distinct
customer replies (default 300), one transaction per connection, one after another, and its latency
(connect to the reply to the end of DATA) is recorded: first alone, then while these run:

- IDLE connections (default 1,000) that said EHLO and then say nothing;
- 5 clients typing their message at one byte a second;
- 3 clients sending messages over the size limit, 3 sending a header line over 1,000 bytes, 3
  flooding RCPT (200 recipients a transaction), each again and again;
- connections opened beyond the limit until one is refused (then closed again, so the normal client
  fits).

The abusers run in a process of their own.

Prints latency p50/p99/max for both runs and the replies each abuser got. Figures go in
bench/RESULTS.md; nothing here is a pass/fail judgement (tests/test_faults.py checks the replies)."""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import resource
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path

# The repository root instead of bench/, whose profile.py would shadow the standard library's.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import corpus, phases, servers  # noqa: E402
from bench.corpus import Mail  # noqa: E402

HOST = "127.0.0.1"
OUTSIDER = "abuser@isp.example"


class Session:
    """A line-oriented SMTP client on a blocking socket."""

    def __init__(self, port: int, timeout: float = 60.0) -> None:
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.reader = self.sock.makefile("rb")

    def reply(self) -> bytes:
        """The last line of a (possibly multi-line) reply."""
        while (line := self.reader.readline())[3:4] == b"-":
            pass
        return line

    def command(self, line: bytes) -> bytes:
        self.sock.sendall(line + b"\r\n")
        return self.reply()

    def close(self) -> None:
        self.reader.close()
        self.sock.close()


def transaction(port: int, mail: Mail) -> tuple[float, bytes]:
    """One whole transaction: seconds from connect to the reply to the end of DATA, and that reply."""
    started = time.perf_counter()
    session = Session(port)
    try:
        for line in (None, b"EHLO normal.bench.example", f"MAIL FROM:<{mail.mail_from}>".encode(),
                     f"RCPT TO:<{mail.rcpt}>".encode(), b"DATA"):  # fmt: skip
            got = session.reply() if line is None else session.command(line)
            if got[:1] not in (b"2", b"3"):
                return time.perf_counter() - started, got
        session.sock.sendall(mail.data)
        final = session.reply()
        elapsed = time.perf_counter() - started
        session.command(b"QUIT")
        return elapsed, final
    finally:
        session.close()


def _message(subject: str, body: bytes) -> bytes:
    head = (
        f"From: {OUTSIDER}\r\nTo: {corpus.REPLY_ADDR}\r\nSubject: {subject}\r\n"
        f"Message-ID: <{time.monotonic_ns()}.{threading.get_ident()}@isp.example>\r\n"
    ).encode()
    return head + b"\r\n" + body + b"\r\n.\r\n"


def open_data(session: Session) -> list[bytes]:
    lines = (f"MAIL FROM:<{OUTSIDER}>", f"RCPT TO:<{corpus.REPLY_ADDR}>", "DATA")
    return [session.command(line.encode()) for line in lines]


def oversize(session: Session) -> list[bytes]:
    envelope = open_data(session)
    if not envelope[-1].startswith(b"354"):
        return envelope
    session.sock.sendall(_message("Big", (b"y" * 76 + b"\r\n") * 15_000))  # 1.2 MB over a 1 MiB limit
    return [session.reply()]


def long_header(session: Session) -> list[bytes]:
    envelope = open_data(session)
    if not envelope[-1].startswith(b"354"):
        return envelope
    session.sock.sendall(
        _message("Long", b"body").replace(b"\r\n\r\n", b"\r\nX-Long: " + b"z" * 1500 + b"\r\n\r\n", 1)
    )
    return [session.reply()]


def rcpt_flood(session: Session) -> list[bytes]:
    replies = [session.command(f"MAIL FROM:<{OUTSIDER}>".encode())]
    replies += [session.command(f"RCPT TO:<r{i}@{corpus.REPLY_DOMAIN}>".encode()) for i in range(200)]
    replies.append(session.command(b"RSET"))
    return replies


class Abuser(threading.Thread):
    """One kind of abuse, again and again, on a new connection whenever the server closes one."""

    def __init__(self, port: int, act: Callable[[Session], list[bytes]], stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.port, self.act, self.stop = port, act, stop
        self.codes: Counter[str] = Counter()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                session = Session(self.port, timeout=30)
                try:
                    session.reply()
                    session.command(b"EHLO abuser.isp.example")
                    while not self.stop.wait(0.05):
                        self.codes.update(
                            line[:9].decode(errors="replace").strip() for line in self.act(session)
                        )
                finally:
                    session.close()
            except OSError as exc:
                self.codes[type(exc).__name__] += 1
                time.sleep(0.2)


def dribble(port: int, stop: threading.Event, codes: Counter[str]) -> None:
    """One byte a second into DATA until stopped, then the rest at once."""
    raw = _message("Slow", b"Typed very slowly.")
    session = Session(port, timeout=120)
    try:
        session.reply()
        for line in (b"EHLO slow.isp.example", f"MAIL FROM:<{OUTSIDER}>".encode(),
                     f"RCPT TO:<{corpus.REPLY_ADDR}>".encode(), b"DATA"):  # fmt: skip
            session.command(line)
        sent = 0
        while not stop.wait(1.0) and sent < len(raw) - 5:
            session.sock.sendall(raw[sent : sent + 1])
            sent += 1
        session.sock.sendall(raw[sent:])
        codes[session.reply()[:9].decode(errors="replace").strip()] += 1
    except OSError as exc:
        codes[type(exc).__name__] += 1
    finally:
        session.close()


def summary(latencies: list[float]) -> str:
    ms = sorted(t * 1000 for t in latencies)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return f"p50 {statistics.median(ms):7.1f} ms   p99 {p99:7.1f} ms   max {ms[-1]:7.1f} ms"


def measure(port: int, mails: list[Mail]) -> tuple[list[float], Counter[str]]:
    latencies, codes = [], Counter[str]()
    for mail in mails:
        seconds, reply = transaction(port, mail)
        latencies.append(seconds)
        codes[reply[:9].decode(errors="replace").strip()] += 1
    return latencies, codes


def abuse(port: int, idle_count: int, ready: Event, stop: Event, results: Queue[str]) -> None:
    """The abusers, in a process of their own so the normal client's process is not theirs to slow."""
    threads_stop, slow_codes = threading.Event(), Counter[str]()
    slow = [threading.Thread(target=dribble, args=(port, threads_stop, slow_codes), daemon=True)
            for _ in range(5)]  # fmt: skip
    abusers = [
        Abuser(port, act, threads_stop) for act in (oversize, long_header, rcpt_flood) for _ in range(3)
    ]
    idle: list[Session] = []
    for thread in [*slow, *abusers]:
        thread.start()
    for _ in range(idle_count):
        session = Session(port)
        session.reply()
        session.command(b"EHLO idle.isp.example")
        idle.append(session)
    extra, refusal = [], b""
    while not refusal:
        session = Session(port)
        line = session.reply()
        if line.startswith(b"220"):
            extra.append(session)
        else:
            refusal = line
            session.close()
    results.put(f"over the limit: {len(extra)} more connections fitted, then {refusal.decode().strip()!r}")
    for session in extra:
        session.close()
    time.sleep(1.0)  # the server sees them go
    ready.set()
    stop.wait()
    threads_stop.set()
    for session in idle:
        session.close()
    for thread in [*slow, *abusers]:
        thread.join(timeout=30)
    results.put(f"  next to {len(idle)} idle connections, 5 clients at one byte a second and 9 abusers:")
    for i, name in enumerate(("oversize", "header over 1,000 bytes", "RCPT flood")):
        got = sum((a.codes for a in abusers[3 * i : 3 * i + 3]), Counter[str]())
        results.put(f"  {name:24s} replies {dict(got.most_common(6))}")
    results.put(f"  {'one byte a second':24s} replies {dict(slow_codes)}")
    results.put("")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=300)
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # both ends of every connection, and more
    work = Path(tempfile.mkdtemp(prefix="mailgate-abuse-"))
    bench = phases.Bench(phases.Params(True, 0, 0, 2 * args.count, 1.0, 3.0, 0), work, None, work)
    bench.start()
    try:
        setup = dataclasses.replace(bench.database("sqlite"), workers=args.workers)
        server = servers.start_mailgate(setup, work, "mailgate")
        try:
            mails = corpus.replies(2 * args.count + 20, f"abuse{time.monotonic_ns()}")
            measure(server.port, mails[:20])  # warm-up
            alone, alone_codes = measure(server.port, mails[20 : 20 + args.count])
            print(f"normal client alone:         {summary(alone)}   replies {dict(alone_codes)}")
            context = multiprocessing.get_context("fork")
            ready, stop, results = context.Event(), context.Event(), context.Queue()
            abusers = context.Process(target=abuse, args=(server.port, args.idle, ready, stop, results))
            abusers.start()
            if not ready.wait(300):
                raise RuntimeError("the abuse never got under way")
            print(results.get())
            busy, busy_codes = measure(server.port, mails[20 + args.count :])
            stop.set()
            print(f"normal client under abuse:   {summary(busy)}   replies {dict(busy_codes)}")
            while line := results.get(timeout=120):
                print(line)
            abusers.join(60)
        finally:
            server.stop()
    finally:
        bench.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
