"""End-to-end tier: the real daemon on 127.0.0.1 (SMTP server and delivery worker in one loop), a real
SMTP client (smtplib; swaks where installed), a real database and a relay sink receiving mailgate's
confirmations."""

from __future__ import annotations

import smtplib
import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, select
from structlog.testing import capture_logs

from mailgate.config import Config
from mailgate.store import admin, db
from mailgate.store.models import Outbox
from tests.dnsserver import DNSServer
from tests.harness import RelaySink, RunningDaemon, swaks_binary, wait_for
from tests.seed import seed
from tests.support import CSR, REPLY_ADDR, Signing, make_message, parse

pytestmark = pytest.mark.e2e


@pytest.fixture
def daemon_config(make_config: Callable[..., Config], relay: RelaySink) -> Config:
    return make_config(
        outbound={
            "relay_host": "127.0.0.1",
            "relay_port": relay.port,
            "poll_seconds": 0.1,
            "retry_base_seconds": 0.2,
            "retry_max_seconds": 0.5,
        },
        smtp={"max_message_size": 200_000, "max_recipients": 5, "grace_period": 2.0},
    )


@pytest.fixture
def running(daemon_config: Config, engine: Engine) -> Iterator[RunningDaemon]:
    seed(engine)
    server = RunningDaemon(daemon_config, engine).start()
    yield server
    server.stop()


def smtp(running: RunningDaemon) -> smtplib.SMTP:
    client = smtplib.SMTP("127.0.0.1", running.port, timeout=10)
    client.ehlo("client.bank.example")
    return client


def send(running: RunningDaemon, raw: bytes, rcpts: list[str] | None = None, mail_from: str = CSR) -> Any:
    with smtp(running) as client:
        client.mail(mail_from)
        for rcpt in rcpts or [REPLY_ADDR]:
            code, text = client.rcpt(rcpt)
            assert code == 250, (code, text)
        return client.data(raw)


def outbox_with(engine: Engine, status: str) -> list[Outbox]:
    """Outbox rows in `status`, read in a session of their own: a session held open while polling would
    hold SQLite's write lock (the engine begins every transaction IMMEDIATE), and the daemon could then
    never record the row's new status."""
    with db.sessions(engine)() as s:
        return list(s.scalars(select(Outbox).where(Outbox.status == status)))


def suppressed(engine: Engine, address: str) -> bool:
    with db.sessions(engine)() as s:
        return bool(admin.status(s, address)["suppressed"])


def test_signed_command_over_smtp_is_committed_then_confirmed_through_the_relay(
    running: RunningDaemon, engine: Engine, relay: RelaySink, signing: Signing
) -> None:
    code, text = send(running, signing.sign(make_message("Unsubscribe lisa@example.com")))
    assert code == 250 and text.startswith(b"2.0.0")
    assert suppressed(engine, "lisa@example.com")
    got = wait_for(lambda: relay.received, what="confirmation at the relay")
    assert got[0].mail_from == "<>" and got[0].rcpt_tos == [CSR]  # RFC 3834: null envelope sender
    reply = parse(got[0].data)
    assert reply["Auto-Submitted"] == "auto-replied"
    wait_for(lambda: outbox_with(engine, "sent"), what="row marked sent")
    with db.sessions(engine)() as s:
        assert s.scalars(select(Outbox.status)).all() == ["sent"]


def test_rcpt_for_a_foreign_domain_is_refused_with_relaying_denied(running: RunningDaemon) -> None:
    with smtp(running) as client:
        client.mail(CSR)
        code, text = client.rcpt("someone@elsewhere.example")
    assert code == 550 and text.startswith(b"5.7.1")


def test_postmaster_and_abuse_are_always_accepted(running: RunningDaemon, make_config: Any) -> None:
    with smtp(running) as client:
        client.mail("x@isp.example")
        assert client.rcpt("postmaster@reply.bank.example")[0] == 250
        assert client.rcpt("abuse@reply.bank.example")[0] == 250


def test_message_over_the_size_limit_gets_552_5_3_4(running: RunningDaemon) -> None:
    raw = make_message("Unsubscribe lisa@example.com", "x" * 70 + "\n" * 1 + ("y" * 76 + "\n") * 3000)
    with smtp(running) as client:
        client.mail(CSR)
        client.rcpt(REPLY_ADDR)
        code, text = client.data(raw)
    assert code == 552 and text.startswith(b"5.3.4")


def test_too_many_recipients_get_452(running: RunningDaemon) -> None:
    with smtp(running) as client:
        client.mail(CSR)
        codes = [client.rcpt(f"r{i}@reply.bank.example")[0] for i in range(7)]
    assert codes[:5] == [250] * 5 and codes[5:] == [452, 452]


def test_two_recipients_each_processed_and_one_250(
    running: RunningDaemon, engine: Engine, relay: RelaySink, signing: Signing
) -> None:
    raw = signing.sign(make_message("Unsubscribe lisa@example.com Statements"))
    code, _ = send(running, raw, [REPLY_ADDR, "second@reply.bank.example"])
    assert code == 250
    wait_for(lambda: len(relay.received) == 2, what="one confirmation per recipient")


def test_dns_servfail_gives_451_then_success_on_retry(
    running: RunningDaemon, engine: Engine, dns_server: DNSServer, signing: Signing
) -> None:
    raw = signing.sign(make_message("Unsubscribe lisa@example.com"))
    name = "sel1._domainkey.bank.example"
    dns_server.servfail(name)
    try:
        code, text = send(running, raw)
    finally:
        dns_server.servfail_names.discard(name)
    assert code == 451 and text.startswith(b"4.3.0")
    assert not suppressed(engine, "lisa@example.com")
    assert send(running, raw)[0] == 250
    assert suppressed(engine, "lisa@example.com")


def test_redelivery_is_answered_250_and_confirmed_once(
    running: RunningDaemon, engine: Engine, relay: RelaySink, signing: Signing
) -> None:
    raw = signing.sign(make_message("Unsubscribe lisa@example.com"))
    assert send(running, raw)[0] == 250
    assert send(running, raw)[0] == 250
    wait_for(lambda: relay.received, what="confirmation")
    with db.sessions(engine)() as s:
        assert len(s.scalars(select(Outbox)).all()) == 1


def test_relay_that_refuses_then_accepts_delivers_once(
    running: RunningDaemon, engine: Engine, relay: RelaySink, signing: Signing
) -> None:
    relay.refusals = 2
    assert send(running, signing.sign(make_message("Unsubscribe lisa@example.com")))[0] == 250
    wait_for(lambda: relay.received, timeout=15, what="delivery after two 451s")
    row = wait_for(lambda: outbox_with(engine, "sent"), what="sent")[0]
    assert row.attempts == 3
    assert len(relay.received) == 1


def test_relay_5xx_marks_the_row_failed(
    running: RunningDaemon, engine: Engine, relay: RelaySink, signing: Signing
) -> None:
    relay.refusals, relay.refusal = 1, "550 5.1.1 No such user"
    assert send(running, signing.sign(make_message("Unsubscribe lisa@example.com")))[0] == 250

    row = wait_for(lambda: outbox_with(engine, "failed"), what="row marked failed")[0]
    assert row.last_error.startswith("550")
    assert relay.received == []


@pytest.mark.swaks
def test_swaks_delivers_a_signed_command(
    running: RunningDaemon, engine: Engine, signing: Signing, tmp_path: Any
) -> None:
    swaks = swaks_binary()
    eml = tmp_path / "cmd.eml"
    eml.write_bytes(signing.sign(make_message("Unsubscribe lisa@example.com Statements")))
    done = subprocess.run(
        [
            swaks,
            "--server",
            "127.0.0.1",
            "--port",
            str(running.port),
            "--from",
            CSR,
            "--to",
            REPLY_ADDR,
            "--data",
            f"@{eml}",
            "--pipeline",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "250 2.0.0" in done.stdout
    with db.sessions(engine)() as s:
        state = admin.status(s, "lisa@example.com")
    assert state["customers"][0]["conversations"]["Statements"] == "unsubscribed"


def test_250_reply_line_stays_short_and_printable_whatever_the_message_id(running: RunningDaemon) -> None:
    raw = make_message("hello", sender="someone@isp.example", message_id="<" + "x" * 400 + "@isp.example>")
    with smtp(running) as client:
        client.mail("someone@isp.example")
        client.rcpt(REPLY_ADDR)
        code, text = client.data(raw)
    assert code == 250 and len(text) <= 120 and text.isascii()


def test_confirmation_reaches_the_relay_dkim_signed_when_a_key_is_configured(
    make_config: Callable[..., Config],
    engine: Engine,
    relay: RelaySink,
    signing: Signing,
    dns_server: DNSServer,
    tmp_path: Any,
) -> None:
    from mailgate.auth import AuthPolicy, authenticate, make_dns_txt

    key_file = tmp_path / "dkim.key"
    key_file.write_bytes(signing.keys["bank.example"])
    config = make_config(
        outbound={
            "relay_host": "127.0.0.1",
            "relay_port": relay.port,
            "poll_seconds": 0.1,
            "from_address": "mailgate@reply.bank.example",
            "dkim_selector": "sel1",
            "dkim_domain": "bank.example",
            "dkim_key_file": str(key_file),
        },
    )
    seed(engine)
    server = RunningDaemon(config, engine).start()
    try:
        assert send(server, signing.sign(make_message("Unsubscribe lisa@example.com")))[0] == 250
        got = wait_for(lambda: relay.received, what="signed confirmation at the relay")
    finally:
        server.stop()
    verdict = authenticate(
        got[0].data, "reply.bank.example", None, AuthPolicy(), make_dns_txt([dns_server.address])
    )
    assert verdict.ok and verdict.domain == "bank.example", verdict.evidence


def test_rcpt_with_a_forged_token_is_refused_and_a_valid_one_accepted(
    make_config: Callable[..., Config], engine: Engine
) -> None:
    from datetime import UTC, datetime

    from mailgate.tokens import Token, TokenKey, encode

    key = "7:a-secret-of-16-chars"
    server = RunningDaemon(make_config(tokens={"keys": [key]}, outbound={"relay_port": 9}), engine).start()
    try:
        good = encode(Token("unsubscribe", 1, 1), [TokenKey.parse(key)])
        forged = encode(Token("unsubscribe", 1, 1), [TokenKey.parse("7:another-secret-16-chars")])
        expired = encode(
            Token("confirm", 1, 1, expires=datetime(2026, 1, 1, tzinfo=UTC).date()), [TokenKey.parse(key)]
        )
        with smtp(server) as client:
            client.mail("lisa@example.com")
            assert client.rcpt(f"unsubscribe+{good}@reply.bank.example")[0] == 250
            code, text = client.rcpt(f"unsubscribe+{forged}@reply.bank.example")
            assert code == 550 and text.startswith(b"5.1.1")
            assert client.rcpt(f"reply+{expired}@reply.bank.example")[0] == 550
            assert client.rcpt("reply+not-a-token@reply.bank.example")[0] == 550
    finally:
        server.stop()


def test_list_unsubscribe_mailto_over_smtp_unsubscribes_and_confirms_to_the_customer(
    make_config: Callable[..., Config], engine: Engine, relay: RelaySink
) -> None:
    from datetime import UTC, datetime

    config = make_config(
        tokens={"keys": ["9:a-secret-of-16-chars"]},
        outbound={"relay_host": "127.0.0.1", "relay_port": relay.port, "poll_seconds": 0.1},
    )
    seed(engine)
    with db.sessions(engine)() as s:
        rcpt = admin.token_address(
            s, config, "lisa@example.com", "Statements", "C-1", "unsubscribe", datetime.now(UTC)
        )
    server = RunningDaemon(config, engine).start()
    try:
        raw = make_message("unsubscribe", "", sender="lisa@example.com", to=rcpt)
        assert send(server, raw, [rcpt], mail_from="lisa@example.com")[0] == 250
        got = wait_for(lambda: relay.received, what="confirmation to the customer")
    finally:
        server.stop()
    with db.sessions(engine)() as s:
        assert (
            admin.status(s, "lisa@example.com")["customers"][0]["conversations"]["Statements"]
            == "unsubscribed"
        )
    assert got[0].rcpt_tos == ["lisa@example.com"] and got[0].mail_from == "<>"


def test_a_daemon_without_forward_to_says_so_at_start(
    make_config: Callable[..., Config], engine: Engine
) -> None:
    with capture_logs() as logs:
        server = RunningDaemon(make_config(human={"forward_to": ""}), engine).start()
        server.stop()
        server = RunningDaemon(make_config(), engine).start()  # forward_to set
        server.stop()
    assert [entry["event"] for entry in logs].count("no_forward_to") == 1
