"""End-to-end tier for the customer paths (issue 4): the real daemon on 127.0.0.1, smtplib as the
customer's MTA, a real database, the test DNS server (DKIM keys, SPF records) and a relay sink that
receives what mailgate sends: confirmation requests, confirmations, forwards and alerts."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

import pytest
from sqlalchemy import Engine, select

from mailgate.config import Config
from mailgate.store import admin, db, ops
from mailgate.store.models import Outbox
from tests.dnsserver import DNSServer
from tests.harness import RelaySink, RunningDaemon, wait_for
from tests.seed import OPERATOR, seed
from tests.support import FIXTURES, REPLY_DOMAIN, Signing, make_message
from tests.test_e2e import send, smtp

pytestmark = pytest.mark.e2e
KEY = "9:a-secret-of-16-chars"
PLAIN = f"replies@{REPLY_DOMAIN}"
LOOPBACK_SPF = "loopback-customer.example"


@pytest.fixture
def running(
    make_config: Callable[..., Config], engine: Engine, relay: RelaySink, dns_server: DNSServer
) -> Iterator[RunningDaemon]:
    seed(engine)
    dns_server.add_txt(LOOPBACK_SPF, "v=spf1 ip4:127.0.0.0/8 -all")
    with db.sessions(engine)() as s, s.begin():
        admin.add_customer(s, OPERATOR, f"kim@{LOOPBACK_SPF}", "C-7")
        ops.subscribe(s, OPERATOR, f"kim@{LOOPBACK_SPF}", "Statements", "C-7")
        admin.set_alerts(s, OPERATOR, "Statements", True)
    config = make_config(
        tokens={"keys": [KEY]},
        outbound={"relay_host": "127.0.0.1", "relay_port": relay.port, "poll_seconds": 0.1},
    )
    server = RunningDaemon(config, engine).start()
    yield server
    server.stop()


def received(relay: RelaySink, count: int) -> list[Any]:
    return wait_for(
        lambda: relay.received if len(relay.received) >= count else None, what=f"{count} messages"
    )


def parsed(envelope: Any) -> EmailMessage:
    msg = email.message_from_bytes(envelope.data, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def status(engine: Engine, address: str) -> dict[str, Any]:
    with db.sessions(engine)() as s:
        return admin.status(s, address)


def token(engine: Engine, running: RunningDaemon, address: str, cid: str, conv: str, purpose: str) -> str:
    with db.sessions(engine)() as s:
        return admin.token_address(s, running.config, address, conv, cid, purpose, datetime.now(UTC))


@pytest.mark.timeout(60)
def test_unauthenticated_stop_is_applied_only_after_the_reply_to_the_confirmation_request(
    running: RunningDaemon, relay: RelaySink, engine: Engine
) -> None:
    raw = make_message("STOP", "", sender="lisa@example.com")
    assert send(running, raw, [PLAIN], mail_from="lisa@example.com")[0] == 250
    [request] = received(relay, 1)
    assert request.rcpt_tos == ["lisa@example.com"] and request.mail_from == "<>"
    confirm = str(parsed(request)["Reply-To"])
    assert confirm.startswith("confirm+") and not status(engine, "lisa@example.com")["suppressed"]

    reply = make_message("Re: Please confirm: unsubscribe", "yes\n", sender="lisa@example.com", to=confirm)
    assert send(running, reply, [confirm], mail_from="lisa@example.com")[0] == 250
    _, confirmation, alert = sorted(received(relay, 3), key=lambda e: str(parsed(e)["Subject"]))
    assert status(engine, "lisa@example.com")["statuses"] == ["unsubscribed"]
    assert confirmation.rcpt_tos == ["lisa@example.com"]
    assert str(parsed(confirmation)["Subject"]) == "You have been unsubscribed"
    assert alert.rcpt_tos == ["owner@bank.example"] and "mailgate alert" in str(parsed(alert)["Subject"])


@pytest.mark.timeout(60)
def test_spf_authenticated_stop_from_the_customers_own_server_applies_at_once(
    running: RunningDaemon, relay: RelaySink, engine: Engine
) -> None:
    sender = f"kim@{LOOPBACK_SPF}"
    assert send(running, make_message("STOP", "", sender=sender), [PLAIN], mail_from=sender)[0] == 250
    got = received(relay, 2)
    assert status(engine, sender)["statuses"] == ["unsubscribed"]
    assert sorted(e.rcpt_tos[0] for e in got) == sorted(["owner@bank.example", sender])


@pytest.mark.timeout(60)
def test_a_question_reaches_the_owner_and_start_needs_confirmation(
    running: RunningDaemon, relay: RelaySink, engine: Engine
) -> None:
    rcpt = token(engine, running, "lisa@example.com", "C-1", "Statements", "reply")
    question = make_message(
        "Re: statement", "When is my statement due?\n", sender="lisa@example.com", to=rcpt
    )
    assert send(running, question, [rcpt], mail_from="lisa@example.com")[0] == 250
    [forward] = received(relay, 1)
    assert forward.rcpt_tos == ["owner@bank.example"] and b"When is my statement due?" in forward.data
    assert parsed(forward)["X-Mailgate-Classification"].startswith("intent=none")


@pytest.mark.timeout(60)
def test_dsn_at_the_bounce_address_and_auto_reply_at_the_unsubscribe_address(
    running: RunningDaemon, relay: RelaySink, engine: Engine
) -> None:
    bounce = token(engine, running, "bob@example.com", "C-2", "Statements", "bounce")
    dsn = (FIXTURES / "dsn-postfix-5.1.1-user-unknown.eml").read_bytes().replace(b"\r\n", b"\n")
    dsn = dsn.replace(b"\n", b"\r\n")  # smtplib sends bytes as they are; SMTP lines end in CRLF
    assert send(running, dsn, [bounce], mail_from="")[0] == 250
    unsubscribe = token(engine, running, "lisa@example.com", "C-1", "Statements", "unsubscribe")
    auto = make_message(
        "Automatic reply: unsubscribe",
        "I am out of the office.",
        sender="lisa@example.com",
        to=unsubscribe,
        headers=[("Auto-Submitted", "auto-replied")],
    )
    assert send(running, auto, [unsubscribe], mail_from="lisa@example.com")[0] == 250
    wait_for(lambda: status(engine, "bob@example.com").get("statuses"), what="the bounce to apply")
    assert status(engine, "bob@example.com")["statuses"] == ["bounced"]
    assert status(engine, "lisa@example.com")["customers"][0]["conversations"]["Statements"] == "subscribed"
    with db.sessions(engine)() as s:
        assert s.scalars(select(Outbox)).all() == [], "neither a DSN nor an auto-reply is ever answered"


@pytest.mark.timeout(60)
def test_a_revoked_token_is_refused_at_rcpt_once_the_daemon_has_seen_the_revocation(
    running: RunningDaemon, engine: Engine
) -> None:
    address = token(engine, running, "lisa@example.com", "C-1", "Statements", "reply")
    other = token(engine, running, "lisa@example.com", "C-1", "Statements", "unsubscribe")

    def rcpt(to: str) -> tuple[int, bytes]:
        with smtp(running) as client:
            client.mail("lisa@example.com")
            return client.rcpt(to)

    assert rcpt(address)[0] == 250
    with db.sessions(engine)() as s, s.begin():
        admin.revoke_token(s, OPERATOR, address, running.config.token_keys)
    _, text = wait_for(lambda: (got := rcpt(address))[0] == 550 and got, what="550 for the revoked token")
    assert text.startswith(b"5.1.1") and address.encode() in text
    assert rcpt(address.upper())[0] == 550  # tokens are case-insensitive, so is revocation
    assert rcpt(other)[0] == 250  # only the revoked token


def crlf(raw: bytes) -> bytes:
    """smtplib sends bytes as they are; SMTP lines end in CRLF."""
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def conversations(engine: Engine, address: str) -> dict[str, str]:
    return status(engine, address)["customers"][0]["conversations"]  # type: ignore[no-any-return]


def outbox_rcpts(engine: Engine) -> list[str]:
    with db.sessions(engine)() as s:
        return sorted(s.scalars(select(Outbox.rcpt_to)).all())


@pytest.mark.timeout(60)
def test_a_do_not_email_request_at_a_reply_address_applies_at_once_confirms_and_alerts(
    running: RunningDaemon, relay: RelaySink, engine: Engine
) -> None:
    rcpt = token(engine, running, "lisa@example.com", "C-1", "Statements", "reply")
    body = "Please take me off your list. I don't want any more emails from you.\n\nLisa\n"
    raw = make_message("Re: Your statement is ready", body, sender="lisa@example.com", to=rcpt)
    assert send(running, raw, [rcpt], mail_from="lisa@example.com")[0] == 250
    got = received(relay, 2)
    assert status(engine, "lisa@example.com")["statuses"] == ["do_not_email"]
    assert sorted(e.rcpt_tos[0] for e in got) == ["lisa@example.com", "owner@bank.example"]
    [confirmation] = [e for e in got if e.rcpt_tos == ["lisa@example.com"]]
    assert confirmation.mail_from == "<>" and b"take me off" not in confirmation.data


@pytest.mark.timeout(60)
def test_a_complaint_at_the_unsubscribe_address_suppresses_that_customer_and_is_never_answered(
    running: RunningDaemon, engine: Engine
) -> None:
    rcpt = token(engine, running, "lisa@example.com", "C-1", "Statements", "unsubscribe")
    arf = crlf((FIXTURES / "arf-complaint.eml").read_bytes())
    assert send(running, arf, [rcpt], mail_from="")[0] == 250  # 250 comes after the commit
    assert status(engine, "lisa@example.com")["statuses"] == ["complaint"]
    assert status(engine, "bob@example.com").get("statuses", []) == []
    assert outbox_rcpts(engine) == [], "a feedback report is never answered"


@pytest.mark.timeout(60)
def test_a_complaint_at_the_plain_address_from_an_unlisted_sender_suppresses_nobody(
    running: RunningDaemon, engine: Engine, signing: Signing
) -> None:
    # Signed and aligned, naming a real customer, but its sender is no configured feedback loop.
    arf = (FIXTURES / "arf-complaint.eml").read_bytes().replace(b"lisa@mailbox.example", b"lisa@example.com")
    arf = arf.replace(b"fbl@feedback.mailbox.example", b"fbl@fbl.example")
    assert send(running, crlf(signing.sign(arf, "fbl.example")), [PLAIN], mail_from="")[0] == 250
    assert status(engine, "lisa@example.com").get("statuses", []) == []
    assert outbox_rcpts(engine) == []


@pytest.mark.timeout(60)
def test_a_forged_from_over_smtp_only_asks_the_real_owner_and_changes_nothing(
    running: RunningDaemon, relay: RelaySink, engine: Engine, signing: Signing
) -> None:
    # The attacker signs with their own domain and writes lisa's address in From.
    raw = make_message("Unsubscribe", "unsubscribe\n", sender="lisa@example.com")
    forged = signing.sign(raw, "attacker.example")
    assert send(running, forged, [PLAIN], mail_from="mallory@attacker.example")[0] == 250
    [request] = received(relay, 1)
    assert request.rcpt_tos == ["lisa@example.com"], "the request goes to the From address, not the attacker"
    assert str(parsed(request)["Subject"]).startswith("Please confirm")
    assert status(engine, "lisa@example.com").get("statuses", []) == []
    assert conversations(engine, "lisa@example.com") == {
        "Statements": "subscribed",
        "Special Offers": "subscribed",
    }


@pytest.mark.timeout(60)
def test_an_authenticated_customer_cannot_unsubscribe_another_customer_over_smtp(
    running: RunningDaemon, relay: RelaySink, engine: Engine
) -> None:
    # kim writes a CSR's command without being staff. SPF passes for 127.0.0.1, so kim is authenticated,
    # but only for kim: lisa is untouched, and a person reads the request (kim is not unsubscribed either:
    # the keyword in the Subject is about lisa).
    kim = f"kim@{LOOPBACK_SPF}"
    body = "Please unsubscribe lisa@example.com from the Statements emails.\n"
    assert send(running, make_message("Unsubscribe", body, sender=kim), [PLAIN], mail_from=kim)[0] == 250
    [forward] = received(relay, 1)
    assert forward.rcpt_tos == [running.config.human.forward_to]
    assert parsed(forward)["X-Mailgate-Classification"].startswith("intent=unclear")
    for address in ("lisa@example.com", kim):
        assert status(engine, address).get("statuses", []) == []
    assert conversations(engine, "lisa@example.com") == {
        "Statements": "subscribed",
        "Special Offers": "subscribed",
    }
    assert conversations(engine, kim) == {"Statements": "subscribed"}
