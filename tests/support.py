"""Helpers shared by the pipeline and end-to-end tests: building realistic messages, a DKIM signing
environment served by the test DNS server, and a relay sink that records what mailgate sends."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from tests import dkimkeys

FIXTURES = Path(__file__).parent.parent / "fixtures" / "eml"
CSR = "mark@bank.example"
ADMIN = "ada@bank.example"
REPLY_ADDR = "replies@reply.bank.example"
REPLY_DOMAIN = "reply.bank.example"


def make_message(
    subject: str,
    body: str = "",
    sender: str = CSR,
    to: str = REPLY_ADDR,
    date: datetime | None = None,
    message_id: str | None = None,
    headers: Iterable[tuple[str, str]] = (),
) -> bytes:
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date or datetime.now(UTC))
    msg["Message-ID"] = message_id or make_msgid(domain="mua.bank.example")
    for name, value in headers:
        msg[name] = value
    msg.set_content(body or "Sent from the CSR desk.\n")
    return msg.as_bytes()


def parse(raw: bytes) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


@dataclass
class Signing:
    """Keys for a few domains, published in the test DNS server."""

    keys: dict[str, bytes] = field(default_factory=dict)
    selector: str = "sel1"

    def sign(self, raw: bytes, domain: str = "bank.example", **kwargs: object) -> bytes:
        return dkimkeys.sign(raw, self.selector, domain, self.keys[domain], **kwargs)  # type: ignore[arg-type]
