"""The measurements, one method per target, sharing one `Bench` context: the DNS server for DKIM keys,
the signing key, the pre-signed corpus, the closed relay port and the results being collected.

Order: ceiling, Postfix's sink, mailgate on each database (signed then replies, a fresh process for
each), memory, profile. Every signature is made before the timed window that uses it."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import json
import math
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import corpus, loadgen, memory, procstat, profile, report, servers
from bench.corpus import Mail
from bench.report import CEILING, CEILING_OTHER_RUN, HALF_CEILING, Record
from tests import dkimkeys

HOST = "127.0.0.1"
FLOOR = {
    "smtp": "floor: SMTP only",
    "prepare": "floor: SMTP + prepare",
}


@dataclass(frozen=True)
class Params:
    quick: bool
    ceiling_messages: int
    signed_messages: int  # closed loop, per mailgate target
    reply_messages: int
    open_seconds: float  # open loop at half the ceiling's rate
    own_seconds: float  # open loop at half mailgate's own closed-loop rate
    profile_messages: int
    concurrency: int = 50
    warmup: int = 30
    idle: int = 1000
    big: int = 100
    timeout: float = 60.0
    workers: int = 1  # mailgate's [smtp] workers

    def closed_messages(self, mix: str) -> int:
        return self.signed_messages if mix == "signed" else self.reply_messages


FULL = Params(False, 5000, 600, 3000, 3.0, 10.0, 400)
QUICK = Params(True, 300, 60, 150, 1.0, 3.0, 0, warmup=10)


@dataclass
class Bench:
    params: Params
    workdir: Path
    pg_url: str | None
    out_dir: Path
    results: Record = field(default_factory=lambda: {"closed": [], "open": [], "memory": [], "notes": []})
    key: bytes = b""
    dns: str = ""
    signed: list[Mail] = field(default_factory=list)
    ceiling_rate: dict[str, float] = field(default_factory=dict)
    _dns_proc: subprocess.Popen[str] | None = None
    _relay: Any = None

    # -- set-up ----------------------------------------------------------------------------------

    def start(self) -> None:
        self.key, txt = dkimkeys.make_key()
        self._dns_proc = subprocess.Popen(
            [sys.executable, str(servers.ROOT / "bench" / "dnsproc.py"),
             f"{corpus.SELECTOR}._domainkey.{corpus.STAFF_DOMAIN}={txt}"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self._dns_proc.stdout is not None
        self.dns = self._dns_proc.stdout.readline().strip()
        out_key, _ = dkimkeys.make_key()
        (self.workdir / "outbound.key").write_bytes(out_key)
        self._relay = servers.closed_port()
        p = self.params
        self.signed = self._sign(0, p.warmup + p.signed_messages)

    def close(self) -> None:
        if self._dns_proc is not None and self._dns_proc.stdin is not None:
            self._dns_proc.stdin.close()
            self._dns_proc.wait(10)
        if self._relay is not None:
            self._relay.close()

    def _sign(self, start: int, count: int) -> list[Mail]:
        started = time.perf_counter()
        mails = corpus.signed(start, count, "b", self.key)
        self.results["notes"].append(f"pre-signed {count} messages in {time.perf_counter() - started:.1f}s")
        return mails

    def _replies(self, count: int, tag: str) -> list[Mail]:
        return corpus.replies(count, tag)

    # -- one run ---------------------------------------------------------------------------------

    def _closed(
        self, server: servers.Server, mails: list[Mail], concurrency: int | None = None
    ) -> tuple[loadgen.Run, float]:
        """A closed-loop run; returns it with the server's CPU seconds over the run."""
        cpu0, gen0 = procstat.cpu_seconds(server.pid), procstat.self_cpu_seconds()
        run = asyncio.run(
            loadgen.closed_loop(HOST, server.port, mails, concurrency or self.params.concurrency,
                                self.params.timeout)
        )  # fmt: skip
        run.client_cpu = procstat.self_cpu_seconds() - gen0
        return run, procstat.cpu_seconds(server.pid) - cpu0

    def _open(self, server: servers.Server, mails: list[Mail], rate: float) -> loadgen.Run:
        return asyncio.run(loadgen.open_loop(HOST, server.port, mails, rate, self.params.timeout))

    def _record_closed(self, target: str, mix: str, server: servers.Server, mails: list[Mail]) -> Record:
        run, cpu = self._closed(server, mails)
        row = report.closed_record(target, mix, run, cpu, procstat.peak_rss_mib(server.pid))
        self.results["closed"].append(row)
        _progress(f"{target} {mix}: {row['msgs_per_s']} msg/s, {row['cpu_ms_per_msg']} ms CPU/msg")
        return row

    def _record_open(self, target: str, mix: str, label: str, server: servers.Server, mails: list[Mail],
                     rate: float) -> None:  # fmt: skip
        row = report.open_record(target, mix, label, rate, self._open(server, mails, rate))
        self.results["open"].append(row)
        _progress(f"{target} {mix} open loop {label} {rate:.0f}/s: p99 {row['p99_ms']} ms")

    # -- targets ---------------------------------------------------------------------------------

    def ceiling(self) -> None:
        p = self.params
        server = servers.start_ceiling(self.workdir)
        try:
            for mix, source in (("signed", self.signed), ("replies", self._replies(1000, "ceil"))):
                mails = list(itertools.islice(itertools.cycle(source), p.ceiling_messages + p.warmup))
                self._closed(server, mails[: p.warmup])
                row = self._ceiling_closed(mix, server, mails[p.warmup :])
                self.ceiling_rate[mix] = row["msgs_per_s"]
                rate = row["msgs_per_s"] / 2
                count = max(1, int(rate * p.open_seconds))
                self._ceiling_open(mix, server, list(itertools.islice(itertools.cycle(source), count)), rate)
        finally:
            server.stop()

    def _ceiling_open(self, mix: str, server: servers.Server, mails: list[Mail], rate: float) -> None:
        """The ceiling's open loop at half its rate, run twice; the latency target is judged against the
        run with the lower p99, for the reason _ceiling_closed gives (session 13 saw 955 ms on one mix
        and 11.8 on the other, which made a p99 three times that look met)."""
        rows = [report.open_record(CEILING, mix, HALF_CEILING, rate, self._open(server, mails, rate))
                for _ in range(2)]  # fmt: skip
        rows.sort(key=lambda r: math.inf if r["p99_ms"] is None else r["p99_ms"])
        rows[1]["target"] = CEILING_OTHER_RUN
        self.results["open"] += rows
        _progress(f"{CEILING} {mix} open loop {rate:.0f}/s: p99 {rows[0]['p99_ms']} ms"
                  f" (other run {rows[1]['p99_ms']} ms)")  # fmt: skip

    def _ceiling_closed(self, mix: str, server: servers.Server, mails: list[Mail]) -> Record:
        """The ceiling's closed loop, run twice. The targets are judged against the faster run: one
        disturbed run (session 12 saw the ceiling at 1.42 ms a message on one mix and 0.90 on the other)
        would otherwise make every ratio look better than it is. Both runs are kept in the results."""
        rows = []
        for _ in range(2):
            run, cpu = self._closed(server, mails)
            rows.append(report.closed_record(CEILING, mix, run, cpu, procstat.peak_rss_mib(server.pid)))
        rows.sort(key=lambda r: -r["msgs_per_s"])
        rows[1]["target"] = CEILING_OTHER_RUN
        self.results["closed"] += rows
        best, other = rows
        _progress(
            f"{CEILING} {mix}: {best['msgs_per_s']} msg/s, {best['cpu_ms_per_msg']} ms CPU/msg "
            f"(other run {other['msgs_per_s']} msg/s, {other['cpu_ms_per_msg']} ms CPU/msg)"
        )
        return best

    def sink(self) -> None:
        """Postfix's smtp-sink under our generator (a check that the generator is not the limit) and
        under smtp-source (the reference figure)."""
        p = self.params
        if not (Path(servers.SMTP_SINK).exists() and Path(servers.SMTP_SOURCE).exists()):
            self.results["notes"].append("smtp-sink/smtp-source not installed: skipped")
            return
        server = servers.start_smtp_sink()
        try:
            self._record_closed("smtp-sink (our generator)", "replies", server,
                                self._replies(p.ceiling_messages, "sink"))  # fmt: skip
        finally:
            server.stop()
        server = servers.start_smtp_sink()
        try:
            cpu0 = procstat.cpu_seconds(server.pid)
            wall = servers.run_smtp_source(server.port, p.ceiling_messages, p.concurrency, 600)
            cpu = procstat.cpu_seconds(server.pid) - cpu0
            n = p.ceiling_messages
            self.results["closed"].append({
                "target": "smtp-sink (smtp-source)", "mix": "-l 600", "messages": n, "ok": n,
                "seconds": round(wall, 2), "msgs_per_s": round(n / wall, 1),
                "cpu_ms_per_msg": round(cpu * 1000 / n, 3), "server_cpu_pct": round(100 * cpu / wall, 1),
                "peak_rss_mib": round(procstat.peak_rss_mib(server.pid), 1),
            })  # fmt: skip
        finally:
            server.stop()

    def prepare_mailgate(self) -> None:
        """Sign what the open-loop runs and the profile need (after the ceiling fixed their rates)."""
        p = self.params
        half = max(self.ceiling_rate.values()) / 2
        # Open loop at half the ceiling, at half mailgate's own rate (bounded by a guess: it signs), profile.
        extra = int(half * p.open_seconds) + p.signed_messages // 2 + p.profile_messages
        self.signed += self._sign(len(self.signed), extra)

    def database(self, label: str) -> servers.MailgateSetup:
        if label == "sqlite":
            url = servers.sqlite_url(self.workdir, "mailgate")
        else:
            assert self.pg_url is not None
            url = servers.pg_create_schema(self.pg_url, self.pg_schema)
        setup = servers.MailgateSetup(label, url, self.dns, self._relay.getsockname()[1],
                                      self.workdir / "outbound.key", workers=self.params.workers)  # fmt: skip
        upgrade = dataclasses.replace(setup, workers=1)  # `db upgrade` needs no port; workers need one
        config = servers.write_config(upgrade, 0, self.workdir / f"upgrade-{label}.toml")
        servers.mailgate_cli(config, "db", "upgrade")
        servers.seed(url, len(self.signed))
        return setup

    @property
    def pg_schema(self) -> str:
        return f"mailgate_bench_{self.workdir.name.rsplit('-', 1)[-1].lower()}"

    @property
    def profile_mails(self) -> list[Mail]:
        """The tail of the signed corpus, kept apart so the profiled messages are new to the database."""
        return self.signed[len(self.signed) - self.params.profile_messages :]

    def mailgate(self, setup: servers.MailgateSetup) -> None:
        p = self.params
        target = f"mailgate ({setup.label})"
        signed = iter(self.signed[: len(self.signed) - p.profile_messages])
        tag = f"{setup.label[:2]}{time.monotonic_ns()}"
        mixes: dict[str, Callable[[int], list[Mail]]] = {
            "signed": lambda n: list(itertools.islice(signed, n)),
            "replies": lambda n: self._replies(n, tag + str(n)),
        }
        for mix, take in mixes.items():
            name = f"mailgate-{setup.label}-{mix}"
            server = servers.start_mailgate(setup, self.workdir, name)
            try:
                self._closed(server, take(p.warmup), concurrency=5)
                row = self._record_closed(target, mix, server, take(p.closed_messages(mix)))
                half = self.ceiling_rate[mix] / 2
                self._record_open(target, mix, HALF_CEILING, server, take(int(half * p.open_seconds)), half)
                own = row["msgs_per_s"] / 2
                mails = take(int(own * p.own_seconds))
                if mails:
                    self._record_open(target, mix, "half own rate", server, mails, own)
            finally:
                server.stop()
            # mailgate's own account, from its log: every message of the process, warm-up included.
            row["outcomes_in_log"] = _outcomes(self.workdir / f"{name}.log")

    def floor(self, setup: servers.MailgateSetup) -> None:
        """mailgate's SMTP layer answering 250 with nothing done, then with `prepare` inline and
        nothing kept (bench/floor.py): the part of a message's CPU spent before the database. The
        signed messages are those the measured run applied (prepare reads no claim); replies are new."""
        p = self.params
        mixes = {
            "signed": lambda: self.signed[p.warmup : p.warmup + p.signed_messages],
            "replies": lambda: self._replies(p.reply_messages, f"floor{time.monotonic_ns()}"),
        }
        for stage in FLOOR:
            for mix, mails in mixes.items():
                server = servers.start_floor(setup, self.workdir, stage)
                try:
                    batch = mails()
                    self._closed(server, batch[: p.warmup], concurrency=5)
                    self._record_closed(FLOOR[stage], mix, server, batch)
                finally:
                    server.stop()

    # -- memory and profile ----------------------------------------------------------------------

    def memory(self, setup: servers.MailgateSetup) -> None:
        p, rows = self.params, self.results["memory"]
        server = servers.start_ceiling(self.workdir)
        try:
            rows.append(memory.idle(CEILING, server, p.idle, judged=False))
        finally:
            server.stop()
        for name in ("idle", "big"):
            server = servers.start_mailgate(setup, self.workdir, f"mailgate-{name}")
            try:
                if name == "idle":
                    rows.append(memory.idle(f"mailgate ({setup.label})", server, p.idle, judged=True))
                else:
                    rows.append(memory.big(server, setup, p.big, p.timeout))
            finally:
                server.stop()
            _progress(rows[-1]["summary"])

    def profile(self, setup: servers.MailgateSetup, mix: str) -> None:
        """py-spy on a fresh mailgate under a closed-loop run of `mix` (not one of the measured runs:
        sampling slows the target down)."""
        mails = self.profile_mails
        if mix == "replies":
            mails = self._replies(3 * len(mails), f"prof{time.monotonic_ns()}")
        if len(mails) <= 10 or not profile.available():
            self.results["notes"].append(f"profile of {mix} skipped (no messages or py-spy missing)")
            return
        server = servers.start_mailgate(setup, self.workdir, f"mailgate-profile-{mix}")
        files = {k: self.out_dir / f"profile-{mix}{k}" for k in ("-cpu.txt", "-threads.txt", ".svg")}
        try:
            self._closed(server, mails[:10], concurrency=5)
            rec = profile.record(server.pid, files["-cpu.txt"], files["-threads.txt"], files[".svg"])
            time.sleep(1)  # let py-spy attach
            run, _ = self._closed(server, mails[10:])
            rec.stop()
        finally:
            server.stop()
        self.results.setdefault("profile", {})[mix] = {
            "messages": run.ok,
            "msgs_per_s": round(run.rate, 1),
            "files": [str(f.relative_to(servers.ROOT)) if f.is_relative_to(servers.ROOT) else str(f)
                      for f in files.values()],
            "cpu_gil": profile.summarise(files["-cpu.txt"]).as_dict(),
            "threads": profile.summarise(files["-threads.txt"]).as_dict(),
        }  # fmt: skip


def _outcomes(log: Path) -> dict[str, int]:
    """mailgate's own account of the run from its JSON log: the outcome of each message line, and
    for 451s (tempfail, error) the error it gave."""
    counts: Counter[str] = Counter()
    for line in log.read_text(errors="replace").splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("event") == "message":
            outcome = str(event.get("outcome"))
            counts[outcome if "error" not in event else f"{outcome}: {event['error']}"] += 1
    return dict(counts)


def _progress(text: str) -> None:
    print(f"  .. {text}", file=sys.stderr, flush=True)
