"""Sampling profile of a running server with py-spy, and a summary of where its samples went.

`record()` attaches py-spy to a pid for the duration of a load run and writes raw collapsed stacks
("frame;frame;... count") that `summarise()` reads, and a flame graph (SVG) to look at.
Self time is the innermost frame of each sample; inclusive time counts a function once per sample in
which it appears anywhere on the stack. py-spy only samples threads that are not idle."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

PY_SPY = Path(sys.executable).parent / "py-spy"
_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*?)(?::\d+)?\)$")


@dataclass
class Recording:
    procs: list[subprocess.Popen[bytes]]

    def stop(self) -> None:
        """py-spy writes its output when interrupted."""
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in self.procs:
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()


def available() -> bool:
    return PY_SPY.exists()


def record(pid: int, cpu_raw: Path, threads_raw: Path, svg: Path, rate: int = 100) -> Recording:
    """Three samplers at once (only one may pause the process, the others read without pausing):

    - `cpu_raw`: only the thread holding the GIL (--gil), i.e. where Python spends CPU;
    - `threads_raw`: every thread that is not idle, i.e. also time waiting in C calls (locks, fsync);
    - `svg`: the --gil view as a flame graph."""
    common = [str(PY_SPY), "record", "--pid", str(pid), "--rate", str(rate)]
    argvs = [
        [*common, "--gil", "--format", "raw", "-o", str(cpu_raw)],
        [*common, "--nonblocking", "--format", "raw", "-o", str(threads_raw)],
        [*common, "--nonblocking", "--gil", "--format", "flamegraph", "-o", str(svg)],
    ]
    quiet = subprocess.DEVNULL
    return Recording([subprocess.Popen(argv, stdout=quiet, stderr=quiet) for argv in argvs])


def _label(frame: str) -> str:
    """ "func (path/to/site-packages/pkg/mod.py:12)" -> "func (pkg/mod.py)"."""
    match = _FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    path = match["file"]
    for marker in ("site-packages/", "/lib/python3.11/", "/work/main/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{match['func']} ({path})"


def _package(label: str) -> str:
    path = label.rpartition("(")[2].rstrip(")")
    top = path.split("/", 1)[0]
    return top.removesuffix(".py") or "?"


@dataclass(frozen=True)
class Summary:
    samples: int
    self_top: list[tuple[str, float]]
    inclusive_top: list[tuple[str, float]]
    by_package: list[tuple[str, float]]
    mailgate: list[tuple[str, float]]

    def as_dict(self) -> dict[str, object]:
        return {
            "samples": self.samples,
            "self_top": [{"function": f, "pct": round(p, 1)} for f, p in self.self_top],
            "inclusive_top": [{"function": f, "pct": round(p, 1)} for f, p in self.inclusive_top],
            "self_by_package": [{"package": f, "pct": round(p, 1)} for f, p in self.by_package],
            "mailgate_inclusive": [{"function": f, "pct": round(p, 1)} for f, p in self.mailgate],
        }


def summarise(raw: Path, top: int = 20) -> Summary:
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    samples = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [_label(f) for f in stack.split(";") if f]
        if not frames:
            continue
        samples += count
        own[frames[-1]] += count
        packages[_package(frames[-1])] += count
        for label in set(frames):
            total[label] += count

    def pct(counter: Counter[str], n: int = top) -> list[tuple[str, float]]:
        return [(k, 100 * v / samples) for k, v in counter.most_common(n)] if samples else []

    ours = Counter({k: v for k, v in total.items() if "(mailgate/" in k})
    return Summary(samples, pct(own), pct(total), pct(packages), pct(ours, 30))
