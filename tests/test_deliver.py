"""Delivery to a relay that demands STARTTLS and AUTH, with its certificate verified against a CA file
from config: the worker sends the queued confirmation and records it sent. And the database going away
in the middle of a batch."""

from __future__ import annotations

import email
import ssl
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError
from structlog.testing import capture_logs

from mailgate.app import build_deps, utcnow
from mailgate.config import Config
from mailgate.deliver import Deliverer
from mailgate.pipeline import Envelope, process
from mailgate.store import db
from mailgate.store.models import Outbox
from tests.certs import self_signed
from tests.harness import RelaySink, free_port, sqlite_write_lock
from tests.seed import seed
from tests.support import CSR, REPLY_ADDR, Signing, make_message


class Authenticator:
    def __init__(self) -> None:
        self.logins: list[tuple[bytes, bytes]] = []

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        self.logins.append((data.login, data.password))
        return AuthResult(success=(data.login, data.password) == (b"mailgate", b"s3cret"))


@contextmanager
def tls_relay(tmp_path: Path, sink: RelaySink, **options: Any) -> Iterator[tuple[int, Path]]:
    """A relay on 127.0.0.1 that requires STARTTLS, with a certificate made for 127.0.0.1."""
    cert, key = self_signed(tmp_path, "relay.test", loopback=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    port = free_port()
    controller = Controller(
        sink, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True, **options
    )
    controller.start()
    try:
        yield port, cert
    finally:
        controller.stop()


def test_confirmation_goes_through_a_starttls_auth_relay(
    engine: Engine, make_config: Callable[..., Config], signing: Signing, tmp_path: Path
) -> None:
    seed(engine)
    sink, auth = RelaySink(), Authenticator()
    with tls_relay(tmp_path, sink, authenticator=auth, auth_required=True) as (port, cert):
        config = make_config(
            outbound={
                "relay_host": "127.0.0.1",
                "relay_port": port,
                "starttls": True,
                "tls_ca_file": str(cert),
                "username": "mailgate",
                "password": "s3cret",
            }
        )
        deps = build_deps(config, engine)
        process(signing.sign(make_message("Unsubscribe lisa@example.com")), Envelope(CSR, REPLY_ADDR), deps)
        assert Deliverer(config.outbound, deps.sessions, utcnow).run_once() == 1
    assert auth.logins == [(b"mailgate", b"s3cret")]
    assert [r.rcpt_tos for r in sink.received] == [[CSR]]
    with db.sessions(engine)() as s:
        assert s.scalars(select(Outbox.status)).all() == ["sent"]


def test_relay_with_an_untrusted_certificate_is_retried_not_dropped(
    engine: Engine, make_config: Callable[..., Config], signing: Signing, tmp_path: Path
) -> None:
    seed(engine)
    sink = RelaySink()
    with tls_relay(tmp_path, sink) as (port, _):
        config = make_config(outbound={"relay_host": "127.0.0.1", "relay_port": port, "starttls": True})
        deps = build_deps(config, engine)
        process(signing.sign(make_message("Unsubscribe lisa@example.com")), Envelope(CSR, REPLY_ADDR), deps)
        with capture_logs() as logs:
            Deliverer(config.outbound, deps.sessions, utcnow).run_once()
    assert sink.received == []
    with db.sessions(engine)() as s:
        row = s.scalars(select(Outbox)).one()
    assert (
        row.status == "pending"
        and row.attempts == 1
        and "CERTIFICATE_VERIFY_FAILED" in (row.last_error or "")
    )
    [deferred] = [e for e in logs if e["event"] == "outbox_deferred"]
    assert deferred["attempts"] == row.attempts == 1  # the log and the row count attempts alike


@dataclass
class LockingRelay(RelaySink):
    """A relay that, on its first message, has another process take SQLite's write lock before it answers
    250: the database goes away between the relay taking a confirmation and the worker recording it."""

    db_url: str = ""
    held: ExitStack = field(default_factory=ExitStack)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if not self.received:
            self.held.enter_context(sqlite_write_lock(self.db_url))
        return await super().handle_DATA(server, session, envelope)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_rows_left_by_a_database_failure_mid_batch_are_settled_when_it_returns(
    engine: Engine, make_config: Callable[..., Config], signing: Signing, db_url: str
) -> None:
    seed(engine)
    relay = LockingRelay(db_url=db_url).start()
    try:
        config = make_config(outbound={"relay_host": "127.0.0.1", "relay_port": relay.port})
        deps = build_deps(config, engine)
        for address in ("lisa@example.com", "bob@example.com", "carol@example.com"):
            process(signing.sign(make_message(f"Unsubscribe {address}")), Envelope(CSR, REPLY_ADDR), deps)
        worker = Deliverer(config.outbound, deps.sessions, utcnow)
        with pytest.raises(OperationalError):  # recording the first one sent: the database is locked
            worker.run_once()
        assert len(relay.received) == 1
        relay.held.close()  # the database is back
        # The first is recorded sent without going again; the two leased and never tried go now, not
        # when their leases (lease_seconds, 300 s) run out.
        assert worker.run_once() == 2
    finally:
        relay.held.close()
        relay.stop()
    ids = [email.message_from_bytes(r.data)["In-Reply-To"] for r in relay.received]
    assert len(ids) == len(set(ids)) == 3
    with db.sessions(engine)() as s:
        assert [(r.status, r.attempts) for r in s.scalars(select(Outbox))] == [("sent", 1)] * 3
