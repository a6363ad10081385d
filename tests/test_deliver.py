"""Delivery to a relay that demands STARTTLS and AUTH, with its certificate verified against a CA file
from config: the worker sends the queued confirmation and records it sent."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import Engine, select

from mailgate.app import build_deps, utcnow
from mailgate.config import Config
from mailgate.deliver import Deliverer
from mailgate.pipeline import Envelope, process
from mailgate.store import db
from mailgate.store.models import Outbox
from tests.certs import self_signed
from tests.harness import RelaySink, free_port
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
        Deliverer(config.outbound, deps.sessions, utcnow).run_once()
    assert sink.received == []
    with db.sessions(engine)() as s:
        row = s.scalars(select(Outbox)).one()
    assert (
        row.status == "pending"
        and row.attempts == 1
        and "CERTIFICATE_VERIFY_FAILED" in (row.last_error or "")
    )
