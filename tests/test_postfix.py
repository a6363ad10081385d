"""Interoperability: a real Postfix on 127.0.0.1 relays the reply domain into mailgate through a
transport (`smtp:[127.0.0.1]:PORT`), as README's routing section describes. mailgate's 250 makes
Postfix record the message sent; mailgate's 451 makes Postfix defer and retry, and the retry applies
the command once."""

from __future__ import annotations

import os
import smtplib
import subprocess
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine

from mailgate.config import Config
from mailgate.store import admin, db
from tests.dnsserver import DNSServer
from tests.harness import RunningDaemon, free_port, swaks_binary
from tests.postfix import PrivatePostfix, unavailable
from tests.seed import seed
from tests.support import CSR, REPLY_ADDR, REPLY_DOMAIN, Signing, make_message

pytestmark = pytest.mark.e2e
REQUIRE = os.environ.get("MAILGATE_REQUIRE_POSTFIX") == "1"


@pytest.fixture
def mailgate(make_config: Callable[..., Config], engine: Engine) -> Iterator[RunningDaemon]:
    seed(engine)
    server = RunningDaemon(make_config(outbound={"relay_port": 9, "poll_seconds": 60.0}), engine).start()
    yield server
    server.stop()


@pytest.fixture
def postfix(mailgate: RunningDaemon) -> Iterator[PrivatePostfix]:
    problem = unavailable()
    if problem:
        if REQUIRE:
            pytest.fail(problem + " (MAILGATE_REQUIRE_POSTFIX=1)")
        pytest.skip(problem)
    instance = PrivatePostfix(free_port(), REPLY_DOMAIN, mailgate.port).start()
    yield instance
    instance.stop()


def submit(postfix: PrivatePostfix, raw: bytes) -> None:
    with smtplib.SMTP("127.0.0.1", postfix.listen_port, timeout=30) as client:
        client.sendmail(CSR, [REPLY_ADDR], raw)


def conversations(engine: Engine) -> dict[str, str]:
    with db.sessions(engine)() as s:
        return admin.status(s, "lisa@example.com")["customers"][0]["conversations"]  # type: ignore[no-any-return]


def test_postfix_relays_a_signed_command_into_mailgate(
    postfix: PrivatePostfix, engine: Engine, signing: Signing
) -> None:
    submit(postfix, signing.sign(make_message("Unsubscribe lisa@example.com Statements")))
    log = postfix.wait_log("status=sent")
    assert "relay=127.0.0.1[127.0.0.1]:" in log and "250 2.0.0" in log
    assert conversations(engine)["Statements"] == "unsubscribed"


def test_swaks_through_postfix_reaches_mailgate_as_readme_checks_the_route(
    postfix: PrivatePostfix, mailgate: RunningDaemon
) -> None:
    # README: swaks to Postfix's port, then Postfix's log shows the relay to mailgate and its 250.
    binary = swaks_binary()
    port = str(postfix.listen_port)
    args = ["--from", "someone@bank.example", "--to", REPLY_ADDR, "--header", "Subject: test"]
    done = subprocess.run(
        [binary, "--server", "127.0.0.1", "--port", port, *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "250 2.0.0 Ok: queued" in done.stdout, done.stdout + done.stderr
    log = postfix.wait_log("status=sent")
    assert f"relay=127.0.0.1[127.0.0.1]:{mailgate.port}" in log and "250 2.0.0" in log, log


def test_mailgate_451_makes_postfix_defer_then_the_retry_applies_once(
    postfix: PrivatePostfix, engine: Engine, signing: Signing, dns_server: DNSServer
) -> None:
    name = "sel1._domainkey.bank.example"
    dns_server.servfail(name)
    try:
        submit(postfix, signing.sign(make_message("Unsubscribe lisa@example.com Statements")))
        log = postfix.wait_log("status=deferred")
        assert "451 4.3.0" in log
        assert conversations(engine)["Statements"] == "subscribed"
    finally:
        dns_server.servfail_names.discard(name)
    postfix.flush()
    postfix.wait_log("status=sent")
    assert conversations(engine)["Statements"] == "unsubscribed"
    with db.sessions(engine)() as s:
        done = [a for a in admin.audit_for(s, "lisa@example.com") if a.action == "unsubscribe"]
    assert len(done) == 1
