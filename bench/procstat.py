"""What a server process costs, read from /proc so every target is measured the same way: CPU time
(user + system, all threads, from /proc/<pid>/stat) and memory (VmRSS now, VmHWM the peak since start,
from /proc/<pid>/status), each summed over the process and its descendants (worker processes)."""

from __future__ import annotations

import os
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


def self_cpu_seconds() -> float:
    """CPU seconds of this process alone (the load generator), for spotting a saturated generator. Not
    `cpu_seconds(os.getpid())`: the servers under test are this process's children, and until session
    6 their CPU was counted here too (genCPU% read 110-160% when the generator used ~15-30%)."""
    return time.process_time()
