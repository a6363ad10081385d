"""Delivery of the outbox through the configured relay. Rows are leased, sent with smtplib, and marked
sent, retried later, or failed. Nothing is dropped silently:

- a 2xx from the relay marks the row sent;
- a 4xx or a connection failure schedules the next attempt with exponential backoff and jitter, the time
  stored in the row so retries survive restarts, until the queue lifetime is over (then failed);
- a 5xx marks the row failed and logs it (`mailgate outbox list --failed`, `outbox retry ID`).

When the database goes away in the middle of a batch (a row sent but not yet recorded sent, others leased
but not tried), the worker stops the batch and remembers both; once the database is back it records the
sent row sent, without sending it again, and hands the others back, so they go at once instead of when
their lease runs out. Only if the process dies meanwhile do the leases decide (at least once).

Outgoing mail is DKIM-signed here, when a key is configured, just before each attempt.

Within one attempt, tenacity retries the connection itself a few times (a relay restarting)."""

from __future__ import annotations

import asyncio
import contextlib
import random
import smtplib
import socket
import ssl
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import structlog
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_random_exponential

from mailgate.config import OutboundConfig
from mailgate.dkimsign import Signer
from mailgate.errors import RelayRefused
from mailgate.store import queue
from mailgate.store.models import Outbox

log = structlog.get_logger("mailgate.deliver")


Sender = Callable[[Outbox, bytes], None]


class RelaySender:
    """Send one outbox row through the relay; raise RelayRefused with the relay's code on refusal.
    `abort()` (from another thread) cuts the conversation in progress, so shutdown is bounded."""

    def __init__(self, cfg: OutboundConfig) -> None:
        self.cfg = cfg
        self._client: smtplib.SMTP | None = None

    @retry(
        retry=retry_if_exception_type((OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError)),
        wait=wait_random_exponential(multiplier=0.2, max=2),
        stop=stop_after_attempt(3),
        reraise=True,
    )
    def _connect(self) -> smtplib.SMTP:
        cfg = self.cfg
        client = smtplib.SMTP(cfg.relay_host, cfg.relay_port, timeout=cfg.timeout)
        try:
            if cfg.starttls:
                client.starttls(context=ssl.create_default_context(cafile=cfg.tls_ca_file or None))
            if cfg.username:
                client.login(cfg.username, cfg.password)
        except BaseException:
            client.close()
            raise
        return client

    def __call__(self, row: Outbox, data: bytes) -> None:
        client = self._client = self._connect()
        try:
            refused = client.sendmail(row.mail_from, [row.rcpt_to], data)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            raise RelayRefused(code, _text(text)) from exc
        except smtplib.SMTPResponseException as exc:
            raise RelayRefused(exc.smtp_code, _text(exc.smtp_error)) from exc
        finally:
            self._client = None
            _quit(client)
        if refused:
            code, text = next(iter(refused.values()))
            raise RelayRefused(code, _text(text))

    def abort(self) -> None:
        client = self._client
        if client is not None and client.sock is not None:
            with contextlib.suppress(OSError):
                client.sock.shutdown(socket.SHUT_RDWR)


class Deliverer:
    def __init__(
        self,
        cfg: OutboundConfig,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime],
        send: Sender | None = None,
        signer: Signer | None = None,
    ) -> None:
        self.cfg = cfg
        self.sessions = sessions
        self.clock = clock
        self.send: Sender = send or RelaySender(cfg)
        self.signer = signer
        self.stop = threading.Event()
        # Left by a database failure mid-batch, settled by the next run_once (see the module's text).
        self._sent_unrecorded: list[tuple[int, datetime]] = []
        self._to_release: list[int] = []

    def run_once(self) -> int:
        """Attempt every due row once; return how many were attempted."""
        self._settle()
        with self.sessions() as s, s.begin():
            lease = timedelta(seconds=self.cfg.lease_seconds)
            rows = queue.lease_due(s, self.clock(), lease, per_hour=self.cfg.max_per_hour)
        for done, row in enumerate(rows):
            if self.stop.is_set():
                # Shutting down: hand the rest back now rather than after their lease expires.
                with self.sessions() as s, s.begin():
                    queue.release([r.pk for r in rows[done:]], s)
                break
            try:
                self._attempt(row)
            except DBAPIError:
                self._to_release.extend(r.pk for r in rows[done + 1 :])
                raise
        return len(rows)

    def _settle(self) -> None:
        """What a database failure left: rows the relay took, recorded sent now; rows leased and not
        tried, handed back."""
        if not (self._sent_unrecorded or self._to_release):
            return
        with self.sessions() as s, s.begin():
            for pk, at in self._sent_unrecorded:
                queue.mark_sent(s, pk, at)
            queue.release(self._to_release, s)
        log.info("outbox_settled", recorded_sent=len(self._sent_unrecorded), released=len(self._to_release))
        self._sent_unrecorded, self._to_release = [], []

    def abort(self) -> None:
        """Stop after the current row and cut its relay conversation (it is sent again later)."""
        self.stop.set()
        if isinstance(self.send, RelaySender):
            self.send.abort()

    def _attempt(self, row: Outbox) -> None:
        try:
            # Signed now, not when queued: the CPU stays out of the message's transaction, and t= is
            # the time the message actually leaves.
            self.send(row, self.signer.sign(row.data) if self.signer is not None else row.data)
        except RelayRefused as exc:
            self._record_failure(row, str(exc), exc.permanent)
        except (OSError, smtplib.SMTPException) as exc:
            self._record_failure(row, f"relay unreachable: {exc!r}", permanent=False)
        else:
            sent_at = self.clock()
            try:
                with self.sessions() as s, s.begin():
                    queue.mark_sent(s, row.pk, sent_at)
            except DBAPIError:
                self._sent_unrecorded.append((row.pk, sent_at))
                raise
            log.info("outbox_sent", id=row.pk, kind=row.kind, rcpt=row.rcpt_to, message_id=row.message_id)

    def _record_failure(self, row: Outbox, error: str, permanent: bool) -> None:
        now = self.clock()
        with self.sessions() as s, s.begin():
            if permanent:
                queue.mark_failed(s, row.pk, now, error)
                status = queue.FAILED
            else:
                status = queue.mark_retry(s, row.pk, now, self.backoff(row.attempts), error)
        level = log.error if status == queue.FAILED else log.warning
        level(
            "outbox_" + ("failed" if status == queue.FAILED else "deferred"),
            id=row.pk,
            rcpt=row.rcpt_to,
            attempts=row.attempts,  # leasing counted this attempt
            error=error,
        )

    def backoff(self, attempt: int) -> timedelta:
        """Exponential backoff with full jitter between half and the whole of the step."""
        step = min(self.cfg.retry_max_seconds, self.cfg.retry_base_seconds * 2 ** (attempt - 1))
        return timedelta(seconds=step * random.uniform(0.5, 1.0))

    async def run(self, stop: asyncio.Event) -> None:
        # A thread of its own: a slow or unreachable relay must not occupy the threads that process
        # incoming mail (the loop's default executor).
        loop = asyncio.get_running_loop()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mailgate-deliver") as executor:
            while not stop.is_set() and not self.stop.is_set():
                try:
                    attempted = await loop.run_in_executor(executor, self.run_once)
                except DBAPIError as exc:  # an outage: one line a poll, not a traceback
                    log.warning("outbox_database_unavailable", error=type(exc.orig or exc).__name__)
                    attempted = 0
                except Exception:
                    log.exception("outbox_worker_error")
                    attempted = 0
                if attempted == 0:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), timeout=self.cfg.poll_seconds)


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else value


def _quit(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()
