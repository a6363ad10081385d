"""The floor under mailgate's CPU per message: mailgate's own SMTP layer (its Handler, session class
and limits, from the same config file as `mailgate serve`) with the processing cut short, run as its
own process so /proc reads it the way it reads the ceiling and the daemon.

    python bench/floor.py CONFIG STAGE PORT

STAGE is
- `smtp`: DATA is answered 250 as soon as the message has arrived (no parsing, no database);
- `prepare`: the message is also parsed, routed, authenticated and classified by the daemon's own
  `prepare`, inline on the event loop (no thread hand-off, no database writes, no commit).

Neither is a way to run mailgate: both answer 250 for messages they keep nowhere. They show how much
of a message's cost is already spent before the database is touched (bench/RESULTS.md)."""

from __future__ import annotations

import sys
from pathlib import Path

# The repository root instead of bench/, whose profile.py would shadow the standard library's.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import asyncio  # noqa: E402
import dataclasses  # noqa: E402
import signal  # noqa: E402

from mailgate import config as config_mod  # noqa: E402
from mailgate.app import build_deps  # noqa: E402
from mailgate.pipeline import Envelope, Outcome, prepare  # noqa: E402
from mailgate.smtp import Handler, SMTPServer  # noqa: E402
from mailgate.store import db  # noqa: E402

STAGES = ("smtp", "prepare")


async def serve(config_path: Path, stage: str, port: int) -> None:
    cfg = config_mod.load(config_path)
    engine = db.make_engine(cfg.database.url, cfg.database.busy_timeout_ms)
    deps = build_deps(cfg, engine)

    async def processor(raw: bytes, env: Envelope) -> list[Outcome]:
        if stage == "smtp":
            return [Outcome("received")]
        prepared = prepare(raw, env, deps)
        return [Outcome(prepared.route, prepared.sender, prepared.inbound.message_id)]

    smtp_cfg = dataclasses.replace(cfg.smtp, port=port)
    server = SMTPServer(Handler(smtp_cfg, processor, cfg.token_keys))
    await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("ready", flush=True)
    await stop.wait()
    await server.stop(1.0)
    engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[2] not in STAGES:
        sys.exit(__doc__)
    asyncio.run(serve(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])))
