"""Group commit: messages that are ready together are committed together; a message whose writes fail
is answered 451 alone (the batch is applied again, each message in its own savepoint) while the others
are committed and answered."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import Engine, event, select, text
from structlog.testing import capture_logs

from mailgate.batch import GroupCommitter
from mailgate.errors import TemporaryError
from mailgate.pipeline import Deps, Envelope, Outcome, Prepared, prepare
from mailgate.store import db
from mailgate.store.models import Claim, Suppression
from tests import dkimkeys
from tests.dnsserver import DNSServer
from tests.seed import seed
from tests.support import CSR, REPLY_ADDR, Signing, make_message

POISON = "poison@example.com"


def poison_suppressions(engine: Engine) -> None:
    """A real database-side failure for one address (no mock of the code under test)."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(
                text(
                    f"CREATE TRIGGER poison BEFORE INSERT ON suppressions WHEN NEW.address = '{POISON}' "
                    "BEGIN SELECT RAISE(ABORT, 'poisoned address'); END"
                )
            )
        else:
            conn.execute(
                text(
                    "CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN IF NEW.address = "
                    f"'{POISON}' THEN RAISE EXCEPTION 'poisoned address'; END IF; RETURN NEW; END $$ "
                    "LANGUAGE plpgsql"
                )
            )
            conn.execute(
                text(
                    "CREATE TRIGGER poison BEFORE INSERT ON suppressions FOR EACH ROW "
                    "EXECUTE FUNCTION poison()"
                )
            )


def submit_all(deps: Deps, prepared: list[Prepared]) -> list[Outcome | BaseException]:
    """Hand every prepared message to one group committer at once; their outcomes, in order."""

    async def run() -> list[Outcome | BaseException]:
        committer = GroupCommitter(deps, max_batch=64)
        try:
            return await asyncio.gather(*(committer.submit(p) for p in prepared), return_exceptions=True)
        finally:
            await asyncio.to_thread(committer.close)

    return asyncio.run(run())


def test_a_failing_message_fails_alone_and_the_batch_shares_commits(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    seed(engine)
    poison_suppressions(engine)
    addresses = [f"c{i}@example.com" for i in range(12)]
    addresses[5] = POISON
    prepared = [
        prepare(signing.sign(make_message(f"Unsubscribe {a}")), Envelope(CSR, REPLY_ADDR), deps)
        for a in addresses
    ]
    commits: list[int] = []
    event.listen(engine, "commit", lambda conn: commits.append(1))
    results = submit_all(deps, prepared)
    assert isinstance(results[5], TemporaryError)
    assert all(isinstance(r, Outcome) and r.status == "applied" for i, r in enumerate(results) if i != 5)
    with db.sessions(engine)() as s:
        suppressed = set(s.scalars(select(Suppression.address)))
        claimed = len(s.scalars(select(Claim)).all())
    assert suppressed == set(addresses) - {POISON}
    assert claimed == 11, "the poisoned message's claim was rolled back with its savepoint"
    assert 1 <= len(commits) < len(addresses), f"{len(commits)} commits for {len(addresses)} messages"


def test_a_batch_with_no_failure_takes_no_savepoints(engine: Engine, deps: Deps, signing: Signing) -> None:
    """The common case costs no SAVEPOINT/RELEASE pair per message: every message applied, in fewer
    commits than messages, and not one savepoint statement sent."""
    seed(engine)
    prepared = [
        prepare(signing.sign(make_message(f"Unsubscribe n{i}@example.com")), Envelope(CSR, REPLY_ADDR), deps)
        for i in range(10)
    ]
    statements: list[str] = []
    commits: list[int] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    event.listen(engine, "commit", lambda conn: commits.append(1))
    results = submit_all(deps, prepared)
    assert all(isinstance(r, Outcome) and r.status == "applied" for r in results), results
    assert not [sql for sql in statements if "SAVEPOINT" in sql.upper()]
    assert 1 <= len(commits) < len(prepared)
    with db.sessions(engine)() as s:
        suppressed = set(s.scalars(select(Suppression.address)))
    assert suppressed == {f"n{i}@example.com" for i in range(10)}


def test_a_failed_commit_answers_every_message_of_the_batch_451(
    engine: Engine, deps: Deps, signing: Signing, db_url: str
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the lock scenario is SQLite's; PostgreSQL outages are in test_outage.py")
    seed(engine)
    prepared = [
        prepare(signing.sign(make_message(f"Unsubscribe d{i}@example.com")), Envelope(CSR, REPLY_ADDR), deps)
        for i in range(4)
    ]
    import sqlite3

    blocker = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    begins: list[str] = []
    event.listen(
        engine,
        "before_cursor_execute",
        lambda *args: begins.append(args[2]) if args[2] == "BEGIN IMMEDIATE" else None,
    )

    async def run() -> list[Outcome | BaseException]:
        committer = GroupCommitter(deps)
        try:
            return await asyncio.gather(*(committer.submit(p) for p in prepared), return_exceptions=True)
        finally:
            await asyncio.to_thread(committer.close)

    try:
        with capture_logs() as logs:
            results = asyncio.run(run())
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert all(isinstance(r, TemporaryError) for r in results)
    batches = [e for e in logs if e["event"] == "batch_failed"]
    assert sum(e["size"] for e in batches) == len(prepared)
    assert len(begins) == len(batches), "a locked database is not tried again message by message"
    assert {r.message_id for r in results} == {p.inbound.message_id for p in prepared}  # type: ignore[union-attr]
    with db.sessions(engine)() as s:
        assert s.scalars(select(Claim)).all() == []


def test_process_prepares_in_threads_so_a_dns_wait_holds_up_no_other_message(
    engine: Engine, deps: Deps, signing: Signing, dns_server: DNSServer
) -> None:
    """The daemon's way in: raw bytes to committed outcome. One command is signed with a selector
    whose key lookup never answers (the DNS timeout is 1 s): it fails alone with a temporary error,
    after every other message of the same moment was applied and committed."""
    seed(engine)
    dns_server.timeout("stalled._domainkey.bank.example")
    stalled = dkimkeys.sign(
        make_message("Unsubscribe stalled@example.com"),
        "stalled",
        "bank.example",
        signing.keys["bank.example"],
    )
    quick = [signing.sign(make_message(f"Unsubscribe q{i}@example.com")) for i in range(6)]
    finished: list[str] = []

    async def one(raw: bytes, label: str, committer: GroupCommitter) -> Outcome | BaseException:
        try:
            return await committer.process(raw, Envelope(CSR, REPLY_ADDR))
        except Exception as exc:
            return exc
        finally:
            finished.append(label)

    async def run() -> list[Outcome | BaseException]:
        committer = GroupCommitter(deps, preparers=4)
        try:
            jobs = [one(stalled, "stalled", committer)]
            jobs += [one(raw, f"q{i}", committer) for i, raw in enumerate(quick)]
            return await asyncio.gather(*jobs)
        finally:
            await asyncio.to_thread(committer.close)

    results = asyncio.run(run())
    assert isinstance(results[0], TemporaryError)
    assert all(isinstance(r, Outcome) and r.status == "applied" for r in results[1:]), results
    assert finished[-1] == "stalled" and sorted(finished[:-1]) == [f"q{i}" for i in range(6)]
    with db.sessions(engine)() as s:
        suppressed = set(s.scalars(select(Suppression.address)))
    assert suppressed == {f"q{i}@example.com" for i in range(6)}
