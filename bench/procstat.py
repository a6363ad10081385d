"""What a server process costs, read from /proc so every target is measured the same way: CPU time
(user + system, all threads, from /proc/<pid>/stat) and memory (VmRSS now, VmHWM the peak since start,
from /proc/<pid>/status)."""

from __future__ import annotations

import os
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of every thread of `pid` so far (children not included)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    # The command name (field 2) may contain spaces and parentheses: split after the last ")".
    fields = stat.rpartition(")")[2].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / CLK_TCK


def _status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(f"{key} not in /proc/{pid}/status")


def peak_rss_mib(pid: int) -> float:
    """VmHWM: the largest resident set the process has had, in MiB."""
    return _status_kib(pid, "VmHWM") / 1024


def rss_mib(pid: int) -> float:
    """VmRSS: the resident set now, in MiB."""
    return _status_kib(pid, "VmRSS") / 1024


def self_cpu_seconds() -> float:
    """CPU seconds of this process (the load generator), for spotting a saturated generator."""
    return cpu_seconds(os.getpid())
