"""The ceiling: a bare aiosmtpd server whose DATA handler answers 250 and does nothing else.

Run as its own process (`python bench/ceiling.py PORT`) so its CPU and memory are read from /proc the
same way as mailgate's. It uses aiosmtpd's SMTP protocol on one asyncio loop, with the same options
mailgate passes (no data decoding, SMTPUTF8, 1 MiB size limit), and prints "ready" once listening."""

from __future__ import annotations

import asyncio
import signal
import sys
from typing import Any

from aiosmtpd.smtp import SMTP


class NullHandler:
    """Accept every recipient (aiosmtpd's default) and every message; keep nothing."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "250 2.0.0 OK"


async def serve(port: int) -> None:
    loop = asyncio.get_running_loop()
    handler = NullHandler()

    def factory() -> SMTP:
        return SMTP(
            handler,
            hostname="ceiling.bench",
            data_size_limit=1024 * 1024,
            enable_SMTPUTF8=True,
            decode_data=False,
            ident="ceiling",
        )

    server = await loop.create_server(factory, "127.0.0.1", port, backlog=1024)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("ready", flush=True)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1])))
