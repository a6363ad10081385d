"""SMTP features real clients use, against the real daemon: STARTTLS with a configured certificate
(swaks), PIPELINING (swaks), 8BITMIME and SMTPUTF8 (swaks and smtplib).

Debian's swaks (20201014) has no option for the BODY=8BITMIME and SMTPUTF8 parameters of MAIL FROM: it
sends an 8-bit body and UTF-8 addresses as they are, after reading the EHLO reply. Those tests use swaks
the way it is used by hand; the smtplib ones send the parameters. swaks tests skip where swaks is not
installed, and fail instead with MAILGATE_REQUIRE_SWAKS=1 (.ci/run installs it)."""

from __future__ import annotations

import asyncio
import smtplib
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from mailgate.config import Config
from mailgate.pipeline import Envelope as MailEnvelope
from mailgate.pipeline import Outcome
from mailgate.smtp import Handler, MailgateSMTP, SMTPServer
from mailgate.store import db
from mailgate.store.models import Claim, RawMessage
from tests.certs import self_signed
from tests.harness import RunningDaemon, swaks_binary
from tests.support import REPLY_ADDR, make_message

pytestmark = pytest.mark.e2e


@pytest.fixture
def running(make_config: Callable[..., Config], engine: Engine, tmp_path: Path) -> Iterator[RunningDaemon]:
    cert_path, key_path = self_signed(tmp_path, "mx.reply.bank.example")
    cert, key = str(cert_path), str(key_path)
    config = make_config(smtp={"tls_cert_file": cert, "tls_key_file": key}, outbound={"relay_port": 9})
    server = RunningDaemon(config, engine).start()
    yield server
    server.stop()


def swaks(
    running: RunningDaemon, *args: str, sender: str = "someone@isp.example", rcpt: str = REPLY_ADDR
) -> str:
    binary = swaks_binary()
    done = subprocess.run(
        [
            binary,
            "--server",
            "127.0.0.1",
            "--port",
            str(running.port),
            "--from",
            sender,
            "--to",
            rcpt,
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def claims(engine: Engine) -> int:
    with db.sessions(engine)() as s:
        return len(s.scalars(select(Claim)).all())


def test_starttls_is_offered_and_a_message_is_accepted_over_tls(
    running: RunningDaemon, engine: Engine
) -> None:
    out = swaks(running, "--tls", "--header", "Subject: over TLS")
    assert "STARTTLS" in out and "TLS started" in out
    assert "250 2.0.0" in out
    assert "AUTH" not in out.split("TLS started", 1)[1], "no AUTH is offered, even over TLS"
    assert claims(engine) == 1


def test_pipelined_transaction_is_accepted(running: RunningDaemon, engine: Engine) -> None:
    out = swaks(running, "--pipeline", "--header", "Subject: pipelined")
    assert "PIPELINING" in out and "250 2.0.0" in out
    assert claims(engine) == 1


def eight_bit_message() -> bytes:
    raw = make_message("Désabonnement", "Merci de désabonner Renée.\n").replace(
        b"Content-Transfer-Encoding: 7bit", b"Content-Transfer-Encoding: 8bit"
    )
    return raw.replace(
        b'Content-Type: text/plain; charset="utf-8"', b"Content-Type: text/plain; charset=utf-8"
    )


def test_swaks_8bit_body_is_kept_byte_for_byte(
    running: RunningDaemon, engine: Engine, tmp_path: Path
) -> None:
    raw = eight_bit_message()
    assert b"\xc3\xa9" in raw
    (tmp_path / "8bit.eml").write_bytes(raw.removesuffix(b"\r\n"))  # swaks ends the data with CRLF
    out = swaks(running, "--data", f"@{tmp_path / '8bit.eml'}")
    assert "250-8BITMIME" in out and "250 2.0.0" in out
    with db.sessions(engine)() as s:
        assert s.scalars(select(RawMessage.raw)).one() == raw


def test_swaks_utf8_addresses_are_accepted(running: RunningDaemon, engine: Engine) -> None:
    out = swaks(
        running,
        "--header",
        "Subject: Bonjour",
        sender="renée@exemple.example",
        rcpt="réponses@reply.bank.example",
    )
    assert "250-SMTPUTF8" in out and "250 2.0.0" in out
    with db.sessions(engine)() as s:
        assert s.scalars(select(Claim.recipient)).one() == "réponses@reply.bank.example"


def test_8bitmime_body_is_kept_byte_for_byte(running: RunningDaemon, engine: Engine) -> None:
    raw = eight_bit_message()
    with smtplib.SMTP("127.0.0.1", running.port, timeout=10) as client:
        client.ehlo("client.example")
        assert client.has_extn("8bitmime")
        client.sendmail("someone@isp.example", [REPLY_ADDR], raw, mail_options=["BODY=8BITMIME"])
    with db.sessions(engine)() as s:
        kept = s.scalars(select(RawMessage.raw)).one()
    assert kept == raw


def test_smtputf8_addresses_are_accepted(running: RunningDaemon, engine: Engine) -> None:
    raw = make_message(
        "Bonjour", "Bonjour\n", sender="renée@exemple.example", to="réponses@reply.bank.example"
    )
    with smtplib.SMTP("127.0.0.1", running.port, timeout=10) as client:
        client.ehlo("client.example")
        assert client.has_extn("smtputf8")
        client.sendmail(
            "renée@exemple.example",
            ["réponses@reply.bank.example"],
            raw,
            mail_options=["SMTPUTF8", "BODY=8BITMIME"],
        )
    with db.sessions(engine)() as s:
        assert s.scalars(select(Claim.recipient)).one() == "réponses@reply.bank.example"


def test_a_session_finds_every_command_auth_mechanism_and_handler_hook(
    make_config: Callable[..., Config],
) -> None:
    # dir() of a session and of the handler lists only the names aiosmtpd looks for (mailgate/smtp.py
    # _FewNames); the tables it builds from them must be the ones a full dir() gives.
    def full(obj: object, prefix: str) -> set[str]:
        return {
            name[len(prefix) :].replace("__", "-") for name in object.__dir__(obj) if name.startswith(prefix)
        }

    async def processor(raw: bytes, envelope: MailEnvelope) -> list[Outcome]:
        return []

    handler = Handler(make_config().smtp, processor)
    loop = asyncio.new_event_loop()
    try:
        session = MailgateSMTP(handler, SMTPServer(handler), hostname="mx.reply.bank.example", loop=loop)
    finally:
        loop.close()
    assert (
        set(session._smtp_methods) == full(session, "smtp_") >= {"EHLO", "MAIL", "RCPT", "DATA", "STARTTLS"}
    )
    assert set(session._auth_methods) == full(session, "auth_") | full(handler, "auth_") >= {"LOGIN", "PLAIN"}
    assert set(session._handle_hooks) == full(handler, "handle_") == {"EHLO", "RCPT", "DATA"}
    assert session._ehlo_hook_ver == "new"
