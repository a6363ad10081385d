"""Tests of mailgate.reports: DSN bounces (RFC 3464) and ARF complaints (RFC 5965) from raw bytes."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailgate.reports import (
    MAX_DIAGNOSTIC_CHARS,
    Bounce,
    Complaint,
    original_headers,
    parse_arf,
    parse_dsn,
    report_type,
)

EML = Path(__file__).parent.parent / "fixtures" / "eml"
REPORTS = sorted(path.name for path in [*EML.glob("dsn-*.eml"), *EML.glob("arf-*.eml")])
BAD = sorted(path.name for path in (EML / "bad").glob("*.eml"))


def load(name: str) -> bytes:
    return (EML / name).read_bytes()


def report(kind: str, *parts: str) -> bytes:
    """A minimal multipart/report of `kind` with the given parts (each "headers\\n\\nbody")."""
    body = "".join(f"--b\n{part}\n" for part in parts)
    head = "From: x@y.example\nMIME-Version: 1.0\n"
    head += f"Content-Type: multipart/report; report-type={kind}; boundary=b"
    return f"{head}\n\n{body}--b--\n".encode()


def status_part(body: str) -> str:
    return "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\n" + body


# --- DSN ---------------------------------------------------------------------------------------------


def test_postfix_user_unknown_is_one_hard_bounce_for_the_final_recipient() -> None:
    raw = load("dsn-postfix-5.1.1-user-unknown.eml")
    assert report_type(raw) == "delivery-status"
    assert parse_dsn(raw) == [
        Bounce(
            recipient="lisa.old@example.com",
            status="5.1.1",
            action="failed",
            diagnostic="550 5.1.1 <lisa.old@example.com>: Recipient address rejected: "
            "User unknown in virtual mailbox table",
        )
    ]
    [bounce] = parse_dsn(raw)
    assert bounce.hard and not bounce.soft


def test_exchange_recipient_not_found_keeps_its_two_digit_status_detail_and_is_hard() -> None:
    [bounce] = parse_dsn(load("dsn-exchange-5.1.10-recipient-not-found.eml"))
    assert bounce.recipient == "tom.baker@contoso.example"
    assert bounce.status == "5.1.10"
    assert bounce.diagnostic is not None and bounce.diagnostic.startswith("550 5.1.10 RESOLVER.ADR")
    assert bounce.hard


def test_exchange_returned_headers_are_read_from_text_rfc822_headers() -> None:
    headers = original_headers(load("dsn-exchange-5.1.10-recipient-not-found.eml"))
    assert headers["message-id"] == "<mailgate.20260310.4412@campaigns.bank.example>"
    assert headers["to"] == "Tom Baker <tom.baker@contoso.example>"
    assert headers["received"].startswith("from mail.campaigns.bank.example (192.0.2.40) by DM6PR04MB7001")


def test_gmail_mailbox_full_with_status_5_2_2_is_hard_as_its_class_says() -> None:
    [bounce] = parse_dsn(load("dsn-gmail-5.2.2-mailbox-full.eml"))
    assert (bounce.recipient, bounce.status, bounce.action) == ("marta.full@gmail.com", "5.2.2", "failed")
    assert bounce.hard and not bounce.soft


def test_gmail_bounce_attaches_the_original_message_id() -> None:
    headers = original_headers(load("dsn-gmail-5.2.2-mailbox-full.eml"))
    assert headers["message-id"] == "<mailgate.20260310.4413@campaigns.bank.example>"


def test_delayed_warning_is_soft_not_hard() -> None:
    [bounce] = parse_dsn(load("dsn-postfix-4.4.1-delayed-warning.eml"))
    assert (bounce.recipient, bounce.status, bounce.action) == ("jan.slow@example.net", "4.4.1", "delayed")
    assert bounce.soft and not bounce.hard
    assert bounce.diagnostic == "connect to mx.example.net[198.51.100.77]:25: Connection timed out"


def test_two_recipient_dsn_yields_one_failed_and_one_delivered_bounce() -> None:
    failed, delivered = parse_dsn(load("dsn-exim-two-recipients-failed-and-delivered.eml"))
    assert failed == Bounce("old.account@example.org", "5.0.0", "failed", "Unrouteable address")
    assert failed.hard
    assert delivered == Bounce("family@example.org", "2.0.0", "delivered", None)
    assert not delivered.hard and not delivered.soft


def test_plain_text_undelivered_notice_is_not_a_dsn() -> None:
    raw = load("dsn-qmail-plain-text-not-a-report.eml")
    assert report_type(raw) is None
    assert parse_dsn(raw) == []
    assert parse_arf(raw) is None
    assert original_headers(raw) == {}


def test_dsn_without_its_delivery_status_part_yields_no_bounces() -> None:
    raw = load("dsn-malformed-missing-status-part.eml")
    assert report_type(raw) == "delivery-status"
    assert parse_dsn(raw) == []
    assert original_headers(raw) == {}


def test_original_recipient_is_used_when_final_recipient_is_missing() -> None:
    raw = report(
        "delivery-status", status_part("Original-Recipient: rfc822;<Ann@Example.COM>\nAction: failed")
    )
    assert parse_dsn(raw) == [Bounce("ann@example.com", None, "failed", None)]


def test_unnormalisable_recipient_is_kept_lower_cased_and_non_address_is_none() -> None:
    raw = report(
        "delivery-status",
        status_part(
            "Final-Recipient: rfc822; Ann..Lee@Example.com\nAction: failed\n\nFinal-Recipient: x400; C=GB"
        ),
    )
    assert [bounce.recipient for bounce in parse_dsn(raw)] == ["ann..lee@example.com", None]


def test_status_with_comment_and_action_with_comment_are_read() -> None:
    raw = report(
        "delivery-status",
        status_part("Final-Recipient: a@b.example\nAction: Failed (gone)\nStatus: 5.1.1 (bad)"),
    )
    assert parse_dsn(raw) == [Bounce("a@b.example", "5.1.1", "failed", None)]


def test_failed_with_temporary_status_is_soft_and_not_hard() -> None:
    bounce = Bounce("a@b.example", "4.2.2", "failed", None)
    assert bounce.soft and not bounce.hard


def test_unknown_action_and_garbage_status_read_as_none() -> None:
    raw = report(
        "delivery-status", status_part("Final-Recipient: rfc822;a@b.example\nAction: bounced\nStatus: 550")
    )
    assert parse_dsn(raw) == [Bounce("a@b.example", None, None, None)]


def test_long_diagnostic_is_bounded() -> None:
    raw = report(
        "delivery-status",
        status_part("Final-Recipient: rfc822;a@b.example\nDiagnostic-Code: smtp; " + "x" * 5000),
    )
    [bounce] = parse_dsn(raw)
    assert bounce.diagnostic == "x" * MAX_DIAGNOSTIC_CHARS


def test_base64_global_delivery_status_is_decoded() -> None:
    # RFC 6533 3: message/global-delivery-status may carry UTF-8 and so be sent base64.
    fields = "Reporting-MTA: dns; mx.example\n\n"
    fields += "Final-Recipient: utf-8; jörg@bücher.example\nAction: failed\nStatus: 5.1.1\n"
    part = "Content-Type: message/global-delivery-status\nContent-Transfer-Encoding: base64\n\n"
    raw = report("delivery-status", part + base64.encodebytes(fields.encode()).decode())
    assert parse_dsn(raw) == [Bounce("jörg@xn--bcher-kva.example", "5.1.1", "failed", None)]


def test_report_type_parameter_is_case_insensitive_and_may_be_quoted() -> None:
    raw = report('"Delivery-Status"', status_part("Final-Recipient: rfc822;a@b.example\nAction: failed"))
    assert report_type(raw) == "delivery-status"
    assert len(parse_dsn(raw)) == 1


def test_other_report_types_are_not_recognised() -> None:
    raw = report(
        "disposition-notification", "Content-Type: message/disposition-notification\n\nDisposition: x"
    )
    assert report_type(raw) is None
    assert parse_dsn(raw) == []
    assert parse_arf(raw) is None


def test_only_the_top_level_header_section_makes_a_report() -> None:
    # report_type reads the header section alone (up to its first empty line): a Content-Type folded
    # over lines still counts, and a report forwarded inside other mail, or header-like lines in a
    # body, do not.
    dsn = report("delivery-status", status_part("Final-Recipient: rfc822;a@b.example\nAction: failed"))
    folded = dsn.replace(b"multipart/report; ", b"multipart/report;\n\t", 1)
    assert report_type(folded) == "delivery-status"
    forwarded = (
        b"From: x@y.example\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=o\n\n"
        b"--o\nContent-Type: message/rfc822\n\n" + dsn + b"\n--o--\n"
    )
    assert report_type(forwarded) is None
    in_body = b"From: x@y.example\nSubject: hi\n\n" + dsn
    assert report_type(in_body) is None


@pytest.mark.parametrize("name", REPORTS)
def test_crlf_line_endings_give_the_same_facts(name: str) -> None:
    raw = load(name)
    crlf = raw.replace(b"\n", b"\r\n")
    assert report_type(crlf) == report_type(raw)
    assert parse_dsn(crlf) == parse_dsn(raw)
    assert parse_arf(crlf) == parse_arf(raw)
    assert original_headers(crlf) == original_headers(raw)


# --- ARF ---------------------------------------------------------------------------------------------


def test_yahoo_complaint_names_the_envelope_recipient_and_original_message() -> None:
    raw = load("arf-yahoo-abuse-rfc822.eml")
    assert report_type(raw) == "feedback-report"
    assert parse_arf(raw) == Complaint(
        feedback_type="abuse",
        complained_address="pat.moore@yahoo.com",
        original_message_id="<mailgate.20260310.5001@campaigns.bank.example>",
        reporting_mta=None,
    )
    assert parse_dsn(raw) == []


def test_aol_complaint_with_only_returned_headers_uses_their_to_and_reporting_mta() -> None:
    assert parse_arf(load("arf-aol-abuse-rfc822-headers.eml")) == Complaint(
        feedback_type="abuse",
        complained_address="sam.reyes@aol.com",
        original_message_id="<mailgate.20260310.5002@campaigns.bank.example>",
        reporting_mta="omr-m012.mx.aol.com",
    )


def test_microsoft_jmrp_complaint_uses_the_attached_message_to() -> None:
    complaint = parse_arf(load("arf-microsoft-jmrp-abuse.eml"))
    assert complaint == Complaint(
        "abuse", "chris.lane@outlook.com", "<mailgate.20260311.5003@campaigns.bank.example>", None
    )


def test_arf_without_its_feedback_part_yields_none() -> None:
    raw = load("arf-malformed-missing-feedback-part.eml")
    assert report_type(raw) == "feedback-report"
    assert parse_arf(raw) is None
    assert original_headers(raw) == {}


def test_original_rcpt_to_wins_over_the_attached_to() -> None:
    raw = report(
        "feedback-report",
        "Content-Type: message/feedback-report\n\nFeedback-Type: Fraud\nOriginal-Rcpt-To: <b@x.example>",
        "Content-Type: text/rfc822-headers\n\nTo: a@x.example\nMessage-ID: <m@x.example>",
    )
    assert parse_arf(raw) == Complaint("fraud", "b@x.example", "<m@x.example>", None)


def test_ambiguous_complained_address_is_none() -> None:
    two_envelope = report(
        "feedback-report",
        "Content-Type: message/feedback-report\n\nFeedback-Type: abuse\nOriginal-Rcpt-To: a@x.example\n"
        "Original-Rcpt-To: b@x.example",
    )
    two_to = report(
        "feedback-report",
        "Content-Type: message/feedback-report\n\nFeedback-Type: abuse",
        "Content-Type: message/rfc822\n\nTo: a@x.example, b@x.example\n\nbody",
    )
    assert parse_arf(two_envelope) == Complaint("abuse", None, None, None)
    assert parse_arf(two_to) == Complaint("abuse", None, None, None)


def test_arf_without_attached_original_still_reports_its_feedback_fields() -> None:
    raw = report(
        "feedback-report",
        "Content-Type: message/feedback-report\n\nFeedback-Type: abuse\nOriginal-Rcpt-To: a@x.example",
    )
    assert parse_arf(raw) == Complaint("abuse", "a@x.example", None, None)


def test_dsn_is_not_a_complaint() -> None:
    assert parse_arf(load("dsn-postfix-5.1.1-user-unknown.eml")) is None


def test_non_report_with_forwarded_message_has_no_original_headers() -> None:
    assert original_headers(load("csr-forwarded-attachment.eml")) == {}


# --- robustness --------------------------------------------------------------------------------------


def call_everything(raw: bytes) -> None:
    kind = report_type(raw)
    assert kind in (None, "delivery-status", "feedback-report")
    assert all(isinstance(bounce, Bounce) for bounce in parse_dsn(raw))
    complaint = parse_arf(raw)
    assert complaint is None or isinstance(complaint, Complaint)
    for key, value in original_headers(raw).items():
        (key + value).encode("utf-8")  # no lone surrogates leak out


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", BAD)
def test_hostile_corpus_never_raises(name: str) -> None:
    call_everything((EML / "bad" / name).read_bytes())


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_nothing_raises_on_arbitrary_bytes(raw: bytes) -> None:
    call_everything(raw)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(REPORTS),
    st.lists(st.tuples(st.integers(min_value=0), st.binary(max_size=8), st.integers(0, 8)), max_size=8),
)
def test_nothing_raises_on_mutated_report_fixtures(name: str, edits: list[tuple[int, bytes, int]]) -> None:
    raw = bytearray(load(name))
    for position, insert, delete in edits:
        at = position % (len(raw) + 1)
        raw[at : at + delete] = insert
    call_everything(bytes(raw))
