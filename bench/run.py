"""Benchmark mailgate against the ceiling of its own SMTP stack, in one run on one machine (issue 3).

    .venv/bin/python bench/run.py [--quick] [--json PATH] [--no-postgres] [--no-profile]

Measures a bare aiosmtpd server (the ceiling), Postfix's smtp-sink (reference), and `mailgate serve`
on SQLite and PostgreSQL with two message mixes (DKIM-signed CSR commands, customer replies); then
open-loop latency, memory with idle and with maximum-size senders, and a py-spy profile. Prints a
table and writes every figure to a JSON file. See bench/README.md for what each figure means."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import phases, report, servers

DEFAULT_PG = os.environ.get("MAILGATE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="a few hundred messages, under two minutes")
    p.add_argument("--json", type=Path, help="figures file (default bench/results.json, -quick.json)")
    p.add_argument("--pg-url", default=DEFAULT_PG, help="PostgreSQL to create a scratch schema in")
    p.add_argument("--no-postgres", action="store_true", help="measure SQLite only")
    p.add_argument("--no-profile", action="store_true", help="skip the py-spy profile")
    p.add_argument("--keep", action="store_true", help="keep the work directory (databases, server logs)")
    p.add_argument("--label", default="preliminary, machine not idle", help="printed with the figures")
    p.add_argument("--workers", type=int, default=1, help="mailgate's [smtp] workers (processes)")
    return p.parse_args(argv)


def _sh(*argv: str) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _meta(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    return {
        "command": " ".join([".venv/bin/python", "bench/run.py", *sys.argv[1:]]),
        "mode": "quick" if args.quick else "full",
        "label": args.label,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "db_dir": str(workdir),
        "db_dir_df_T": _sh("df", "-T", str(workdir)),
        "loadavg_start": Path("/proc/loadavg").read_text().split()[:3],
        "git_head": _sh("git", "-C", str(servers.ROOT), "rev-parse", "--short", "HEAD"),
        # --no-optional-locks: a read-only look that never refreshes the index others are using.
        "git_dirty": bool(_sh("git", "--no-optional-locks", "-C", str(servers.ROOT), "status", "-s")),
        "relay": "outbound relay_port is a bound, never-listening port on 127.0.0.1: delivery attempts are"
        " refused at once and rescheduled (retry_base_seconds = 3600), so nothing is delivered",
    }


def _raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def main(argv: Sequence[str] | None = None) -> int:
    args = _args(argv)
    _raise_fd_limit()
    params = dataclasses.replace(phases.QUICK if args.quick else phases.FULL, workers=args.workers)
    out = args.json or Path(__file__).parent / ("results-quick.json" if args.quick else "results.json")
    workdir = Path(tempfile.mkdtemp(prefix="mailgate-bench-"))
    bench = phases.Bench(params, workdir, None, Path(__file__).parent)
    bench.results["meta"] = _meta(args, workdir)
    bench.results["params"] = params.__dict__
    if not args.no_postgres:
        why = servers.pg_available(args.pg_url)
        if why is None:
            bench.pg_url = args.pg_url
        else:
            bench.results["notes"].append(f"PostgreSQL skipped: {why}")
    started = time.perf_counter()
    try:
        _measure(bench, profile=not (args.no_profile or args.quick))
    finally:
        bench.close()
        if bench.pg_url is not None:
            servers.pg_drop_schema(bench.pg_url, bench.pg_schema)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    meta = bench.results["meta"]
    meta["seconds"] = round(time.perf_counter() - started, 1)
    meta["loadavg_end"] = Path("/proc/loadavg").read_text().split()[:3]
    bench.results["checks"] = report.checks(bench.results)
    out.write_text(json.dumps(bench.results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(report.render(bench.results))
    print(f"\nfigures written to {out} ({meta['seconds']}s)")
    return 0


def _measure(bench: phases.Bench, profile: bool) -> None:
    step = phases._progress
    step("signing the first corpus, starting DNS")
    bench.start()
    step("ceiling")
    bench.ceiling()
    step("smtp-sink")
    bench.sink()
    bench.prepare_mailgate()
    sqlite = bench.database("sqlite")
    bench.mailgate(sqlite)
    step("floor (mailgate's SMTP layer, then prepare, with nothing kept)")
    bench.floor(sqlite)
    if bench.pg_url is not None:
        bench.mailgate(bench.database("postgresql"))
    step("memory")
    bench.memory(sqlite)
    if profile:
        for mix in ("signed", "replies"):
            step(f"profile {mix}")
            bench.profile(sqlite, mix)


if __name__ == "__main__":
    sys.exit(main())
