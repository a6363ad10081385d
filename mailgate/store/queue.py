"""Message claims (exactly-once processing) and the outbox (mail mailgate sends).

A claim is an INSERT that does nothing on conflict, in the same transaction as the message's effects:
if the row was already there, the message was processed before and the caller rolls back. Outbox rows
are leased by an UPDATE guarded on the lease, so several delivery workers (PostgreSQL, several
instances) never send the same row at the same time; a worker killed mid-send leaves a lease that
expires, and the row is sent again (at least once) and recorded sent once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session

from mailgate.errors import Conflict, NotFound
from mailgate.store import fast
from mailgate.store.models import Claim, Outbox, RawMessage, insert_unless_taken, table

PENDING = "pending"
SENT = "sent"
FAILED = "failed"


# Per-message statements, built once and run on the transaction's DBAPI cursor (store/fast.py):
# building them, the ORM's bulk-insert path and Connection.execute cost more than the writes.
_CLAIM = fast.Statement(insert_unless_taken(Claim, "key"))
# `inline()`: no RETURNING of the new primary key, which PostgreSQL would otherwise add and nothing reads.
_RAW = fast.Statement(insert(table(RawMessage)).inline())
_OUTBOX = fast.Statement(insert(table(Outbox)).inline())


def claim(s: Session, key: str, message_id: str | None, recipient: str, outcome: str, now: datetime) -> bool:
    """Insert the claim for (message, recipient); False if it existed (a redelivery)."""
    values = {
        "key": key,
        "message_id": message_id,
        "recipient": recipient,
        "outcome": outcome,
        "created_at": now,
    }
    return _CLAIM.run(s.connection(), values) is not None


def keep_raw(s: Session, key: str, message_id: str | None, raw: bytes, now: datetime) -> None:
    values = {"claim_key": key, "message_id": message_id, "received_at": now, "raw": raw}
    _RAW.run(s.connection(), values)


def purge_raw(s: Session, older_than: datetime) -> int:
    rows = s.scalars(select(RawMessage).where(RawMessage.received_at < older_than)).all()
    for row in rows:
        s.delete(row)
    return len(rows)


@dataclass(frozen=True)
class Outgoing:
    """A message ready to queue: envelope and bytes, its Message-ID fixed at composition."""

    kind: str
    message_id: str
    mail_from: str
    rcpt_to: str
    data: bytes


def enqueue(s: Session, msg: Outgoing, now: datetime, lifetime: timedelta) -> None:
    _OUTBOX.run(
        s.connection(),
        {
            "message_id": msg.message_id,
            "kind": msg.kind,
            "mail_from": msg.mail_from,
            "rcpt_to": msg.rcpt_to,
            "data": msg.data,
            "status": PENDING,
            "attempts": 0,
            "created_at": now,
            "next_attempt_at": now,
            "expires_at": now + lifetime,
        },
    )


def lease_due(
    s: Session, now: datetime, lease: timedelta, limit: int = 20, per_hour: int | None = None
) -> list[Outbox]:
    """Lease up to `limit` due rows for this worker; the caller commits. Leasing counts as an attempt,
    so a row whose sending kills the worker is not retried forever: past its queue lifetime it fails.
    With `per_hour`, no more rows are leased than keep sent-plus-leased mail within that many in the
    last hour ([outbound] max_per_hour): the rest waits, nothing is dropped."""
    s.execute(
        update(Outbox)
        .where(Outbox.status == PENDING, Outbox.expires_at < now)
        .where(or_(Outbox.lease_until.is_(None), Outbox.lease_until < now))
        .values(
            status=FAILED,
            lease_until=None,
            last_error=func.coalesce(Outbox.last_error, "not sent") + " (gave up: queue lifetime over)",
        )
    )
    due = s.scalars(
        select(Outbox.pk)
        .where(Outbox.status == PENDING, Outbox.next_attempt_at <= now)
        .where(or_(Outbox.lease_until.is_(None), Outbox.lease_until < now))
        .order_by(Outbox.next_attempt_at)
        .limit(limit)
    ).all()
    if due and per_hour is not None:  # counted only when there is something to send
        due = due[: max(0, per_hour - sent_last_hour(s, now))]
    leased = []
    for pk in due:
        stmt = (
            update(Outbox)
            .where(Outbox.pk == pk, Outbox.status == PENDING)
            .where(or_(Outbox.lease_until.is_(None), Outbox.lease_until < now))
            .values(lease_until=now + lease, attempts=Outbox.attempts + 1)
        )
        if s.execute(stmt).rowcount:  # type: ignore[attr-defined]
            leased.append(pk)
    return list(s.scalars(select(Outbox).where(Outbox.pk.in_(leased)))) if leased else []


_SENT_LAST_HOUR = (
    select(func.count())
    .select_from(Outbox)
    .where(
        or_(
            and_(Outbox.status == SENT, Outbox.sent_at > bindparam("since")),
            and_(Outbox.status == PENDING, Outbox.lease_until > bindparam("now")),
        )
    )
)


def sent_last_hour(s: Session, now: datetime) -> int:
    """Rows sent in the hour before `now`, plus rows leased for sending now."""
    return int(s.scalar(_SENT_LAST_HOUR, {"since": now - timedelta(hours=1), "now": now}) or 0)


def mark_sent(s: Session, pk: int, now: datetime) -> None:
    s.execute(
        update(Outbox)
        .where(Outbox.pk == pk)
        .values(status=SENT, sent_at=now, lease_until=None, last_error=None)
    )


def mark_retry(s: Session, pk: int, now: datetime, delay: timedelta, error: str) -> str:
    """Schedule another attempt, or mark the row failed once its queue lifetime is over."""
    row = s.get(Outbox, pk)
    if row is None:
        raise NotFound("outbox row", str(pk))
    row.last_error, row.lease_until = error, None
    if now + delay > row.expires_at:
        row.status = FAILED
        row.last_error = f"{error} (gave up: queue lifetime over)"
    else:
        row.next_attempt_at = now + delay
    return row.status


def mark_failed(s: Session, pk: int, now: datetime, error: str) -> None:
    s.execute(update(Outbox).where(Outbox.pk == pk).values(status=FAILED, last_error=error, lease_until=None))


def release(pks: list[int], s: Session) -> None:
    """Give leased rows back unsent (shutdown): they are due again at once, the attempt not counted."""
    if pks:
        s.execute(
            update(Outbox)
            .where(Outbox.pk.in_(pks), Outbox.status == PENDING)
            .values(lease_until=None, attempts=Outbox.attempts - 1)
        )


def list_outbox(s: Session, failed_only: bool = False) -> list[Outbox]:
    query = select(Outbox).order_by(Outbox.pk)
    if failed_only:
        query = query.where(Outbox.status == FAILED)
    return list(s.scalars(query))


def retry(s: Session, pk: int, now: datetime, lifetime: timedelta) -> Outbox:
    """Put a failed (or waiting) row back in the queue for an immediate attempt."""
    row = s.get(Outbox, pk)
    if row is None:
        raise NotFound("outbox row", str(pk))
    if row.status == SENT:
        raise Conflict(f"outbox row {pk} was sent at {row.sent_at}; nothing to retry")
    row.status, row.next_attempt_at, row.lease_until = PENDING, now, None
    row.expires_at = max(row.expires_at, now + lifetime)
    return row
