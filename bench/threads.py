"""Where a message's CPU goes inside `mailgate serve`, thread by thread, next to the ceiling's.

    python bench/threads.py [COUNT] [--mix replies|signed] [--workers N]

Starts the bench's DNS server, a fresh SQLite database with the bench's seed, the ceiling and then
mailgate with the bench's config; sends COUNT messages (default 2000) to each in a closed loop, and
prints CPU ms per message: the ceiling's, mailgate's in all, and mailgate's per thread (user + system,
from /proc/PID/task/TID/stat, read before and after the timed run). Threads are named from
`py-spy dump` (the event loop is MainThread; preparers are summed). With --workers N the totals
cover every worker process and the per-thread table the first worker.

Session 12 used it to settle where the gap between `bench/inproc.py` and the server lies
(bench/RESULTS.md)."""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

# The repository root instead of bench/, whose profile.py would shadow the standard library's.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench import phases, procstat, servers  # noqa: E402
from bench.corpus import Mail  # noqa: E402
from bench.profile import PY_SPY  # noqa: E402

CLK_TCK = os.sysconf("SC_CLK_TCK")


def thread_names(pid: int) -> dict[str, str]:
    """Native thread id -> Python thread name ("mailgate-prepare-3" -> "mailgate-prepare")."""
    if not PY_SPY.exists():
        return {}
    dump = subprocess.run([str(PY_SPY), "dump", "--pid", str(pid)], capture_output=True, text=True).stdout
    return {
        tid: re.sub(r"-\d+$", "", name)
        for tid, name in re.findall(r'^Thread (\d+) \([^)]*\): "([^"]*)"', dump, re.M)
    }


def per_thread(pid: int, names: dict[str, str]) -> dict[tuple[str, str], float]:
    """(thread, "user"|"sys") -> CPU seconds so far, threads of one name summed."""
    seconds: dict[tuple[str, str], float] = defaultdict(float)
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
        except FileNotFoundError:  # the thread ended
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        name = names.get(tid, f"tid {tid}")
        seconds[name, "user"] += int(fields[11]) / CLK_TCK
        seconds[name, "sys"] += int(fields[12]) / CLK_TCK
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=2000)
    parser.add_argument("--mix", choices=("replies", "signed"), default="replies")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    n, warmup = args.count, 50
    work = Path(tempfile.mkdtemp(prefix="mailgate-threads-"))
    bench = phases.Bench(phases.Params(True, n, n + warmup, n + warmup, 1.0, 3.0, 0), work, None, work)
    bench.start()
    try:
        setup = dataclasses.replace(bench.database("sqlite"), workers=args.workers)

        def mails(tag: str) -> list[Mail]:
            if args.mix == "signed":
                return bench.signed[: n + warmup]
            return bench._replies(n + warmup, f"{tag}{time.monotonic_ns()}")

        ceiling = servers.start_ceiling(work)
        try:
            batch = mails("c")
            bench._closed(ceiling, batch[:warmup])
            run, cpu = bench._closed(ceiling, batch[warmup:])
        finally:
            ceiling.stop()
        print(f"ceiling        {run.rate:7.1f} msg/s  {cpu * 1000 / n:.3f} ms CPU/msg")
        server = servers.start_mailgate(setup, work, "mailgate")
        try:
            batch = mails("m")
            bench._closed(server, batch[:warmup], concurrency=5)
            worker = server.pid if args.workers == 1 else procstat.tree(server.pid)[1]
            names = thread_names(worker)
            before = per_thread(worker, names)
            run, cpu = bench._closed(server, batch[warmup:])
            after = per_thread(worker, names)
        finally:
            server.stop()
        print(f"mailgate       {run.rate:7.1f} msg/s  {cpu * 1000 / n:.3f} ms CPU/msg  replies {run.codes}")
        label = "per thread" if args.workers == 1 else "per thread of the first worker"
        print(f"  {label:28s}   user ms/msg  sys ms/msg")
        threads = sorted({name for name, _ in after}, key=lambda t: -(after[t, "user"] + after[t, "sys"]))
        for name in threads:
            user, system = (
                after[name, "user"] - before[name, "user"],
                after[name, "sys"] - before[name, "sys"],
            )
            if user or system:
                print(f"  {name:28s} {user * 1000 / n:11.3f} {system * 1000 / n:11.3f}")
    finally:
        bench.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
