"""store/fast.py: the per-message statements run on the DBAPI cursor must store what the ORM stores, in
the same transaction, and fail the way `Connection.execute` fails. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, insert, select, text
from sqlalchemy.exc import IntegrityError

from mailgate import customers
from mailgate.store import db, fast, queue
from mailgate.store.models import Claim, Outbox, table

WHOLE_SECOND = datetime(2026, 11, 23, 9, 30, 0, tzinfo=UTC)
LATER = WHOLE_SECOND + timedelta(microseconds=250)


def _claim_fast(engine: Engine, key: str, at: datetime) -> None:
    with db.sessions(engine)() as s, s.begin():
        assert queue.claim(s, key, f"<{key}@example.com>", "reply@mail.example", "customer", at)


def test_datetimes_are_stored_as_the_orm_stores_them(engine: Engine) -> None:
    _claim_fast(engine, "fast-whole", WHOLE_SECOND)
    _claim_fast(engine, "fast-micro", LATER)
    with db.sessions(engine)() as s, s.begin():
        for key, at in (("orm-whole", WHOLE_SECOND), ("orm-micro", LATER)):
            s.add(
                Claim(key=key, message_id=None, recipient="r@mail.example", outcome="customer", created_at=at)
            )
    with engine.connect() as conn:
        stored = dict(conn.execute(text("SELECT key, created_at FROM claims")).all())
    assert stored["fast-whole"] == stored["orm-whole"]
    assert stored["fast-micro"] == stored["orm-micro"]
    with db.sessions(engine)() as s:
        read = dict(s.execute(select(Claim.key, Claim.created_at)).all())
        after = set(s.scalars(select(Claim.key).where(Claim.created_at > WHOLE_SECOND)))
    assert read["fast-whole"] == WHOLE_SECOND and read["fast-micro"] == LATER
    assert after == {"fast-micro", "orm-micro"}  # compared in the database: same text form on SQLite


def test_a_plain_insert_fetches_no_row(engine: Engine) -> None:
    """The outbox, raw-copy and audit inserts ask nothing back (PostgreSQL would RETURNING the new pk)."""
    with db.sessions(engine)() as s, s.begin():
        row = {"claim_key": "k", "message_id": None, "received_at": LATER, "raw": b"x"}
        assert queue._RAW.run(s.connection(), row) is None


def test_a_statement_runs_in_the_session_s_transaction(engine: Engine) -> None:
    with db.sessions(engine)() as s:
        s.begin()
        assert queue.claim(s, "rolled-back", None, "reply@mail.example", "customer", LATER)
        assert not queue.claim(s, "rolled-back", None, "reply@mail.example", "customer", LATER)  # seen
        s.rollback()
    with db.sessions(engine)() as s:
        assert s.get(Claim, "rolled-back") is None


def _outgoing(kind: str, message_id: str) -> queue.Outgoing:
    return queue.Outgoing(kind, message_id, "", "lisa@example.com", b"Subject: x\r\n\r\nx\r\n")


def test_a_driver_error_comes_out_as_sqlalchemy_s(engine: Engine) -> None:
    with db.sessions(engine)() as s, s.begin():
        queue.enqueue(s, _outgoing("customer", "<same@mailgate>"), LATER, timedelta(days=1))
    with db.sessions(engine)() as s:
        s.begin()
        with pytest.raises(IntegrityError):  # outbox.message_id is unique
            queue.enqueue(s, _outgoing("customer", "<same@mailgate>"), LATER, timedelta(days=1))
        s.rollback()
    with db.sessions(engine)() as s, s.begin():  # the connection went back to the pool usable
        assert s.scalar(select(Outbox.message_id)) == "<same@mailgate>"


def test_the_statement_s_own_values_are_bound(engine: Engine) -> None:
    """replies_left counts mail of kind 'customer' only: the literal in the statement is bound too."""
    with db.sessions(engine)() as s, s.begin():
        queue.enqueue(s, _outgoing("customer", "<a@mailgate>"), LATER, timedelta(days=1))
        queue.enqueue(s, _outgoing("owner-alert", "<b@mailgate>"), LATER, timedelta(days=1))
        assert customers.replies_left(s, "lisa@example.com", LATER, 5) == 4


def test_a_value_left_to_a_column_default_is_refused(engine: Engine) -> None:
    """Outbox.attempts has an ORM default the cursor would never fill: the statement says so."""
    statement = fast.Statement(insert(table(Outbox)))
    row = {"message_id": "<c@mailgate>", "kind": "customer", "mail_from": "", "rcpt_to": "x@example.com"}
    with db.sessions(engine)() as s, s.begin(), pytest.raises(ValueError, match="attempts"):
        statement.run(s.connection(), {**row, "data": b"", "status": "pending"})
