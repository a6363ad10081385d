"""Logs: JSON lines that stay whole when several worker processes share one stderr (a pipe to
journald under systemd), and one canonical line per message (tests/test_serve.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EMIT = """
import structlog
from mailgate import logs
logs.configure("info", "json")
log = structlog.get_logger()
for i in range(3000):
    log.info("message", n=i, pad="y" * 150)
"""


def test_two_processes_sharing_stderr_never_interleave_lines(tmp_path: Path) -> None:
    # Found when two workers' lines came out as '{...}{...}': print() wrote them in pieces.
    shared = tmp_path / "stderr.log"
    with shared.open("wb") as stderr:
        procs = [subprocess.Popen([sys.executable, "-c", EMIT], stderr=stderr) for _ in range(2)]
        assert [p.wait(timeout=120) for p in procs] == [0, 0]
    lines = shared.read_text().splitlines()
    assert len(lines) == 6000
    events = [json.loads(line) for line in lines]
    assert sorted(e["n"] for e in events) == sorted(list(range(3000)) * 2)
