"""mailgate's own mail: confirmations carry the RFC 3834 markers and, with a key configured, a DKIM
signature that verifies through DNS and aligns with the From domain."""

from __future__ import annotations

from datetime import UTC, datetime

from mailgate.auth import AuthPolicy, authenticate, make_dns_txt
from mailgate.commands import parse_commands
from mailgate.message import parse_message
from mailgate.reply import Composer, Signer
from mailgate.store.ops import Result
from tests.dnsserver import DNSServer
from tests.support import Signing, make_message, parse

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def confirmation(composer: Composer) -> bytes:
    inbound = parse_message(make_message("Unsubscribe lisa@example.com Statements", date=NOW))
    parsed = parse_commands(inbound.subject, inbound.text)
    results = [(c, Result("done", "lisa@example.com unsubscribed from Statements")) for c in parsed.commands]
    return composer.confirmation("mark@bank.example", inbound, parsed, results, NOW).data


def test_signed_confirmation_verifies_and_aligns_with_its_from_domain(
    signing: Signing, dns_server: DNSServer
) -> None:
    signer = Signer("sel1", "bank.example", signing.keys["bank.example"])
    data = confirmation(Composer("mailgate@reply.bank.example", "mx.reply.bank.example", signer))
    result = authenticate(
        data, "reply.bank.example", None, AuthPolicy(), make_dns_txt([dns_server.address], 2.0)
    )
    assert result.ok and result.domain == "bank.example", result.evidence


def test_unsigned_confirmation_has_no_signature_and_marks_itself(signing: Signing) -> None:
    data = confirmation(Composer("mailgate@reply.bank.example", "mx.reply.bank.example"))
    msg = parse(data)
    assert msg["DKIM-Signature"] is None
    assert msg["Auto-Submitted"] == "auto-replied"
    assert parse_message(data).is_own
    assert "Unsubscribe" not in str(msg["Subject"])
