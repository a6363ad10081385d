"""mailgate's own mail: confirmations carry the RFC 3834 markers and, with a key configured, a DKIM
signature that verifies through DNS and aligns with the From domain."""

from __future__ import annotations

import email.policy
import json
from datetime import UTC, datetime

import dkim
import dkim.crypto
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailgate import reply as reply_module
from mailgate.auth import AuthPolicy, authenticate, make_dns_txt
from mailgate.commands import parse_commands
from mailgate.dkimrsa import openssl_rsassa_sign
from mailgate.dkimsign import Signer
from mailgate.message import parse_message
from mailgate.reply import Composer
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
    data = signer.sign(confirmation(Composer("mailgate@reply.bank.example", "mx.reply.bank.example")))
    result = authenticate(
        data, "reply.bank.example", None, AuthPolicy(), make_dns_txt([dns_server.address], 2.0)
    )
    assert result.ok and result.domain == "bank.example", result.evidence


def test_queued_confirmation_is_unsigned_and_marks_itself() -> None:
    data = confirmation(Composer("mailgate@reply.bank.example", "mx.reply.bank.example"))
    msg = parse(data)
    assert msg["DKIM-Signature"] is None
    assert msg["Auto-Submitted"] == "auto-replied"
    assert parse_message(data).is_own
    assert "Unsubscribe" not in str(msg["Subject"])


def test_confirmation_parts_are_split_by_a_fresh_boundary_of_our_own() -> None:
    # reply._boundary: set by us so the generator does not compile a regex per message; each message
    # gets its own, and the two parts (the text, results.json) read back intact.
    composer = Composer("mailgate@reply.bank.example", "mx.reply.bank.example")
    first, second = parse(confirmation(composer)), parse(confirmation(composer))
    boundary = first.get_boundary()
    assert boundary is not None and boundary.startswith("=_mailgate_")
    assert boundary != second.get_boundary()
    text, results = list(first.iter_parts())
    assert "-> done: lisa@example.com unsubscribed from Statements" in text.get_content()
    assert json.loads(results.get_content())["results"][0]["outcome"] == "done"


def test_openssl_rsa_step_gives_the_signature_dkimpy_would(
    signing: Signing, monkeypatch: pytest.MonkeyPatch
) -> None:
    # RSASSA-PKCS1-v1_5 is deterministic: the same key, headers and body give the same b= bytes.
    data = confirmation(Composer("mailgate@reply.bank.example", "mx.reply.bank.example"))
    key = signing.keys["bank.example"]
    monkeypatch.setattr(dkim, "RSASSA_PKCS1_v1_5_sign", dkim.crypto.RSASSA_PKCS1_v1_5_sign)
    pure_python = dkim.sign(data, b"sel1", b"bank.example", key, include_headers=[b"from", b"to", b"subject"])
    monkeypatch.setattr(dkim, "RSASSA_PKCS1_v1_5_sign", openssl_rsassa_sign)
    openssl = dkim.sign(data, b"sel1", b"bank.example", key, include_headers=[b"from", b"to", b"subject"])
    assert openssl == pure_python


@pytest.mark.parametrize("linesep", [b"\r\n", b"\n"])
def test_forward_attaches_the_original_unchanged_with_crlf_lines(linesep: bytes) -> None:
    # Found in review: the original went as base64 message/rfc822 (not allowed, RFC 2046 5.2.1) with
    # bare-LF line breaks, which relays refuse, as they refused the LF-only confirmations.
    original = make_message("Héllo", "line one\nline two\n", date=NOW)
    raw = original.replace(b"\r\n", linesep)
    data = (
        Composer("mailgate@reply.bank.example", "mx.reply.bank.example")
        .forward("human@bank.example", raw, parse_message(raw), "mail for postmaster@reply.bank.example", NOW)
        .data
    )
    assert b"\n" not in data.replace(b"\r\n", b""), "no bare LF anywhere"
    [part] = [p for p in parse(data).iter_attachments() if p.get_content_type() == "message/rfc822"]
    assert part["Content-Transfer-Encoding"] == "8bit"
    assert original in data, "the original's bytes, CRLF lines, are in the forward as they were"


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["Subject", "To", "References", "X-Mailgate-Classification"]),
    # printable ASCII, spaces and tabs: the shortcut's whole domain (anything else goes to compat32)
    st.text(
        alphabet=st.characters(min_codepoint=32, max_codepoint=126) | st.sampled_from("\t "), max_size=120
    ),
)
def test_the_short_header_shortcut_writes_what_compat32_folding_writes(name: str, value: str) -> None:
    compat32 = email.policy.compat32.clone(linesep="\r\n")
    assert reply_module._CRLF.fold_binary(name, value) == compat32.fold_binary(name, value)


def _through_the_email_package(
    composer: Composer, out: reply_module.Outgoing, subject: str, body: str
) -> bytes:
    """What the email package writes for the same message (its Message-ID taken from `out`)."""
    msg = composer._text(out.rcpt_to, subject, body, NOW, None)
    msg.replace_header("Message-ID", out.message_id)
    msg["Reply-To"] = "confirm+x@reply.example"
    return composer._out(out.kind, msg, out.rcpt_to).data


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["lisa@example.com", "jörg@bücher.example", "a" * 70 + "@example.com"]),
    st.text(max_size=100) | st.sampled_from(["Please confirm: unsubscribe", "x  y", " lead"]),
    st.text(max_size=400) | st.text(alphabet="ab =.\n\r\té€", max_size=300),
)
def test_plain_text_mail_written_directly_is_what_the_email_package_writes(
    to: str, subject: str, body: str
) -> None:
    composer = Composer("mailgate@reply.example", "reply.example")
    out = composer._plain("customer", to, subject, body, NOW, (("Reply-To", "confirm+x@reply.example"),))
    assert out.data == _through_the_email_package(composer, out, subject, body)


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=600) | st.text(alphabet="ab =.\n\r\té€", max_size=300),
    st.binary(max_size=400),
    # RFC 2046 boundaries: 1-70 of its characters (ours are 43, which compat32 folds onto a line of its own)
    st.integers(1, 70).flatmap(lambda n: st.text(alphabet="abcXYZ019'()+_,-./:=?", min_size=n, max_size=n)),
    st.sampled_from(["mailgate: 1 command(s), 1 done or already so", "x  y", "short"]),
)
def test_a_confirmation_written_directly_is_what_the_email_package_writes(
    text: str, payload: bytes, boundary: str, subject: str
) -> None:
    composer = Composer("mailgate@reply.example", "reply.example")
    headers = (
        *composer._own_headers("mark@bank.example", subject, NOW),
        ("In-Reply-To", "<1@mua.example>"),
        ("References", "<0@mua.example> <1@mua.example>"),
    )
    direct = reply_module._with_results("confirmation", "mark@bank.example", headers, boundary, text, payload)
    mime = reply_module._results_mime(headers, boundary, text, payload)
    assert direct.data == composer._out("confirmation", mime, "mark@bank.example").data


def test_a_confirmation_with_a_header_to_encode_goes_through_the_email_package() -> None:
    inbound = parse_message(make_message("Unsubscribe lisa@example.com Statements", date=NOW))
    parsed = parse_commands(inbound.subject, inbound.text)
    results = [(c, Result("done", "lisa@example.com unsubscribed")) for c in parsed.commands]
    composer = Composer("mailgate@reply.example", "reply.example")
    out = composer.confirmation("jörg@bücher.example", inbound, parsed, results, NOW)
    message = parse(out.data)
    assert b"\r\nTo: =?utf-8?b?asO2cmdAYsO8Y2hlci5leGFtcGxl?=\r\n" in out.data
    assert "jörg@bücher.example" in str(message["To"])
    attachment = message.get_payload()[1]
    assert json.loads(attachment.get_payload(decode=True))["results"][0]["outcome"] == "done"
