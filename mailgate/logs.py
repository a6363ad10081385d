"""structlog configured in one place: JSON lines when stderr is not a terminal (journald, files), a
readable console renderer on a terminal. One canonical line per message is written by the SMTP layer."""

from __future__ import annotations

import logging
import os
import sys

import structlog


class LineLogger:
    """Writes each line with a single write(2) on stderr: worker processes share one stderr (a pipe
    to journald), and a line written in one call up to PIPE_BUF bytes is never interleaved with
    another process's (print() may split it into two writes)."""

    def __init__(self, fd: int = 2) -> None:
        self.fd = fd

    @classmethod
    def factory(cls, *_args: object) -> LineLogger:
        return cls()

    def msg(self, message: str) -> None:
        os.write(self.fd, (message + "\n").encode("utf-8", "replace"))

    log = debug = info = warn = warning = error = critical = exception = fatal = msg


LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}


def configure(level: str = "info", fmt: str = "auto") -> None:
    json_out = fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if json_out else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(LEVELS[level.lower()]),
        logger_factory=LineLogger.factory,
        cache_logger_on_first_use=False,
    )
    # aiosmtpd logs every connection at INFO through stdlib logging; mailgate's own line says it all.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
