"""Memory under connection load: peak RSS (VmHWM) of a freshly started server holding many idle
sessions, and of mailgate while many clients send a maximum-size message at the same moment. The
targets are judged on RSS summed over the process tree, as the issue states them; PSS is printed
beside it because forked workers share pages that summed RSS counts once per worker.

Limits of issue 3 are in MB (10^6 bytes); RSS is reported in MiB, so limits are converted."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

from bench import corpus, loadgen, procstat, servers
from bench.report import Record

HOST = "127.0.0.1"
MB_IN_MIB = 1_000_000 / (1024 * 1024)
IDLE_LIMIT_MIB = 100 * MB_IN_MIB


def idle(name: str, server: servers.Server, count: int, judged: bool) -> Record:
    """Open `count` sessions that say EHLO and then wait; RSS is read while they are held."""

    async def hold() -> tuple[dict[int, int], float]:
        sessions = loadgen.IdleSessions()
        await sessions.open(HOST, server.port, count)
        await asyncio.sleep(2)
        rss, pss = procstat.rss_mib(server.pid), procstat.pss_mib(server.pid)
        sessions.close()
        return dict(sessions.codes), rss, pss

    codes, rss, pss = asyncio.run(hold())
    peak = procstat.peak_rss_mib(server.pid)
    row: Record = {
        "what": f"{name}, {count} idle connections (after EHLO)",
        "peak_rss_mib": round(peak, 1),
        "rss_mib_while_idle": round(rss, 1),
        "pss_mib_while_idle": round(pss, 1),
        "codes": codes,
        "summary": f"peak RSS {peak:.1f} MiB, RSS while held {rss:.1f} MiB (PSS {pss:.1f}),"
        f" replies to EHLO {codes}",
    }
    if judged:
        row["limit_mib"] = round(IDLE_LIMIT_MIB, 1)
    return row


def big(server: servers.Server, setup: servers.MailgateSetup, count: int, timeout: float) -> Record:
    """`count` clients each send a message just under max_message_size, all bodies at once."""
    mails = corpus.big(count, "big", setup.max_message_size)
    started = time.perf_counter()
    with procstat.PeakPss(server.pid) as pss:
        codes = asyncio.run(loadgen.big_senders(HOST, server.port, mails, timeout))
    seconds = time.perf_counter() - started
    peak = procstat.peak_rss_mib(server.pid)
    cap = setup.max_memory_bytes / (1024 * 1024)
    limit = cap + 100 * MB_IN_MIB
    replies = dict(sorted(Counter(codes).items()))
    return {
        "what": f"mailgate ({setup.label}), {count} clients sending"
        f" {len(mails[0].data)}-byte messages at once",
        "peak_rss_mib": round(peak, 1),
        "peak_pss_mib": round(pss.peak, 1),
        "codes": replies,
        "seconds": round(seconds, 2),
        "max_message_size": setup.max_message_size,
        "max_memory_bytes": setup.max_memory_bytes,
        "limit_mib": round(limit, 1),
        "summary": f"peak RSS {peak:.1f} MiB (sampled peak PSS {pss.peak:.1f});"
        f" replies to DATA {replies} in {seconds:.1f}s;"
        f" cap smtp.max_memory_bytes = {cap:.0f} MiB, target cap + 100 MB = {limit:.1f} MiB",
    }
