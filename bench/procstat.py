"""What a server process costs, read from /proc so every target is measured the same way: CPU time
(user + system, all threads, from /proc/<pid>/stat) and memory (VmRSS now, VmHWM the peak since start,
from /proc/<pid>/status; Pss from /proc/<pid>/smaps_rollup), each summed over the process and its
descendants (worker processes)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _fields(pid: int) -> list[str]:
    # The command name (field 2) may contain spaces and parentheses: split after the last ")".
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()


def tree(pid: int) -> list[int]:
    """`pid` and its live descendants (a mailgate supervisor and its worker processes)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(_fields(int(stat.parent.name))[1])
        except (OSError, ValueError, IndexError):
            continue
    found, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of every thread of `pid` and its live descendants so far."""
    total = 0
    for member in tree(pid):
        try:
            fields = _fields(member)
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of proc(5)
    return total / CLK_TCK


def _status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(f"{key} not in /proc/{pid}/status")


def peak_rss_mib(pid: int) -> float:
    """VmHWM: the largest resident set, in MiB, summed over the process and its live descendants."""
    return sum(_status_kib(p, "VmHWM") for p in tree(pid)) / 1024


def rss_mib(pid: int) -> float:
    """VmRSS: the resident set now, in MiB, summed over the process and its live descendants."""
    return sum(_status_kib(p, "VmRSS") for p in tree(pid)) / 1024


def pss_mib(pid: int) -> float:
    """Pss (proportional set size, /proc/<pid>/smaps_rollup), in MiB, summed over the process and its
    live descendants: each shared page counted once across them, split among the processes mapping it.
    The machine's real cost of forked workers, where summed RSS counts every shared page in each one."""
    total = 0
    for member in tree(pid):
        try:
            lines = Path(f"/proc/{member}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in lines if line.startswith("Pss:"))
    return total / 1024


class PeakPss:
    """Samples `pss_mib(pid)` every `interval` seconds in a thread while in the `with` block; the
    kernel keeps no PSS high-water mark, so `peak` is the largest sample."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, pss_mib(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakPss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, pss_mib(self.pid))


def self_cpu_seconds() -> float:
    """CPU seconds of this process alone (the load generator), for spotting a saturated generator. Not
    `cpu_seconds(os.getpid())`: the servers under test are this process's children, and until session
    6 their CPU was counted here too (genCPU% read 110-160% when the generator used ~15-30%)."""
    return time.process_time()
