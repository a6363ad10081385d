"""Schema changes go through Alembic: the newest migration builds exactly the models' schema, and a
database in use at an older revision upgrades with its data intact."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, select, text

from mailgate import customers
from mailgate.errors import SchemaOutOfDate
from mailgate.store import db, queue
from mailgate.store.models import Base, Suppression


def test_head_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_a_database_at_0001_upgrades_with_its_suppressions_kept(db_url: str) -> None:
    engine = db.make_engine(db_url)
    db.upgrade(engine, "0001")
    try:
        db.check_schema(engine)
        raise AssertionError("0001 must count as out of date")
    except SchemaOutOfDate as exc:
        assert exc.current == "0001"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO suppressions (address, channel, reason, source, created_at) "
                "VALUES ('lisa@example.com', 'email', 'called', 'mark@bank.example', :at)"
            ),
            {"at": datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None)},
        )
    db.upgrade(engine)
    db.check_schema(engine)
    with db.sessions(engine)() as s:
        row = s.scalars(select(Suppression)).one()
    assert (row.address, row.kind, row.reason) == ("lisa@example.com", "unsubscribed", "called")
    engine.dispose()


def test_the_per_message_outbox_counts_use_an_index(tmp_path: Path) -> None:
    """replies_left and sent_last_hour run for many messages; a full scan grows with the outbox."""
    engine = db.make_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    db.upgrade(engine)
    now = datetime.now(UTC)
    statements = [
        (customers._SENT_TODAY.clause, {"rcpt": "lisa@example.com", "since": now}),
        (queue._SENT_LAST_HOUR, {"since": now, "now": now}),
    ]
    with engine.connect() as conn:
        for statement, params in statements:
            compiled = statement.compile(dialect=engine.dialect)
            values = compiled.construct_params(params)
            processors = compiled._bind_processors
            bound = tuple(
                processors[name](values[name]) if name in processors else values[name]
                for name in compiled.positiontup or ()
            )
            plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", bound)
            details = [str(row[-1]) for row in plan]
            assert all("outbox USING INDEX" in d for d in details if "outbox" in d), details
