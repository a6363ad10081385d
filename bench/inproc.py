"""mailgate's per-message CPU without SMTP: the bench's own corpus, config and database, run through
`prepare` and then `apply` + commit in batches the way the daemon's group committer does, in one
thread. Prints the CPU milliseconds per message of each stage, then (with --profile) the cProfile
functions with the most cumulative time.

    .venv/bin/python bench/inproc.py replies 1400
    .venv/bin/python bench/inproc.py signed 600 --profile
    .venv/bin/python bench/inproc.py replies 1400 --db postgresql://postgres@127.0.0.1:5432/test

What it leaves out (the SMTP conversation, the event loop, thread hand-offs, the delivery worker)
is what `bench/run.py` adds; the difference between the two is the cost of serving."""

from __future__ import annotations

import sys
from pathlib import Path

# The repository root instead of bench/, whose profile.py would shadow the standard library's.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse  # noqa: E402
import cProfile  # noqa: E402
import pstats  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402

from bench import corpus, servers  # noqa: E402
from mailgate import config as config_mod  # noqa: E402
from mailgate.app import build_deps  # noqa: E402
from mailgate.pipeline import Deps, Envelope, apply, prepare  # noqa: E402
from mailgate.store import db  # noqa: E402
from tests import dkimkeys  # noqa: E402

BATCH = 16


def _messages(mix: str, count: int, key: bytes) -> list[tuple[bytes, Envelope]]:
    tag = uuid.uuid4().hex[:8]
    mails = corpus.signed(0, count, tag, key) if mix == "signed" else corpus.replies(count, tag)
    out = []
    for mail in mails:
        raw = mail.data[: -len(b".\r\n")].replace(b"\r\n..", b"\r\n.")
        out.append((raw, Envelope(mail.mail_from, mail.rcpt, "127.0.0.1")))
    return out


def _run(deps: Deps, messages: list[tuple[bytes, Envelope]]) -> tuple[float, float]:
    """CPU seconds spent in prepare, and in apply + commit."""
    prep = commit = 0.0
    for start in range(0, len(messages), BATCH):
        t0 = time.process_time()
        prepared = [prepare(raw, env, deps) for raw, env in messages[start : start + BATCH]]
        t1 = time.process_time()
        with deps.sessions() as s, s.begin():  # as the group committer does when nothing fails
            for p in prepared:
                apply(p, s, deps)
        prep += t1 - t0
        commit += time.process_time() - t1
    return prep, commit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mix", choices=("signed", "replies"))
    parser.add_argument("count", type=int)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--dump", help="with --profile: also write the cProfile data here (for pstats)")
    args = parser.parse_args()

    key, txt = dkimkeys.make_key()
    dns = subprocess.Popen(
        [sys.executable, str(servers.ROOT / "bench" / "dnsproc.py"),
         f"{corpus.SELECTOR}._domainkey.{corpus.STAFF_DOMAIN}={txt}"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert dns.stdout is not None and dns.stdin is not None
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        schema = None
        if args.db:
            schema = f"mailgate_inproc_{uuid.uuid4().hex[:8]}"
            url = servers.pg_create_schema(args.db, schema)
        else:
            url = servers.sqlite_url(workdir, "inproc")
        out_key, _ = dkimkeys.make_key()
        (workdir / "outbound.key").write_bytes(out_key)
        dns_address = dns.stdout.readline().strip()
        setup = servers.MailgateSetup("inproc", url, dns_address, 9, workdir / "outbound.key")
        path = servers.write_config(setup, 2525, workdir / "inproc.toml")
        servers.mailgate_cli(path, "db", "upgrade")
        servers.seed(url, args.count + 100)
        cfg = config_mod.load(path)
        engine = db.make_engine(cfg.database.url)
        deps = build_deps(cfg, engine)
        try:
            _run(deps, _messages(args.mix, 40, key))  # warm caches, the DKIM key, compiled statements
            messages = _messages(args.mix, args.count, key)
            profiler = cProfile.Profile() if args.profile else None
            if profiler:
                profiler.enable()
            prep, commit = _run(deps, messages)
            if profiler:
                profiler.disable()
            n = len(messages)
            print(f"{args.mix}, {n} messages, {'PostgreSQL' if schema else 'SQLite'}"
                  f"{' (under cProfile)' if profiler else ''}:")  # fmt: skip
            print(f"  prepare        {1000 * prep / n:6.3f} ms CPU/msg")
            print(f"  apply + commit {1000 * commit / n:6.3f} ms CPU/msg")
            print(f"  total          {1000 * (prep + commit) / n:6.3f} ms CPU/msg")
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
                if args.dump:
                    profiler.dump_stats(args.dump)
        finally:
            engine.dispose()
            if schema and args.db:
                servers.pg_drop_schema(args.db, schema)
            dns.stdin.close()
            dns.wait(10)


if __name__ == "__main__":
    main()
