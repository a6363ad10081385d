"""Tests of mailgate.message: raw bytes to Inbound, and the structural checks on it."""

from __future__ import annotations

import email.policy
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailgate.message import (
    _SIMPLE_MAILBOX,
    Inbound,
    _parsed_addr_specs,
    html_to_text,
    parse_message,
    structural_problems,
)

EML = Path(__file__).parent.parent / "fixtures" / "eml"
FIXTURES = sorted(path.name for path in EML.glob("*.eml"))
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


def load(name: str) -> bytes:
    return (EML / name).read_bytes()


def parse(name: str) -> Inbound:
    return parse_message(load(name))


def minimal(headers: str, body: str = "Hello\n") -> bytes:
    return (headers.strip("\n") + "\n\n" + body).encode("utf-8")


BASIC = """
From: Mark Jones <mark.jones@bank.example>
To: replies@campaigns.bank.example
Subject: Unsubscribe lisa@example.com
Date: Tue, 10 Mar 2026 10:00:00 +0100
Message-ID: <basic@mail.bank.example>
"""


def test_plain_message_yields_its_headers_and_text() -> None:
    inbound = parse("csr-unsubscribe-all-subject.eml")
    assert inbound.message_id == "<20260303091500.12345@mail.bank.example>"
    assert inbound.from_addresses == ("mark.jones@bank.example",)
    assert inbound.from_address == "mark.jones@bank.example"
    assert inbound.subject == "Unsubscribe lisa@example.com"
    assert inbound.date == datetime(2026, 3, 3, 9, 15, tzinfo=UTC)
    assert inbound.date is not None and inbound.date.tzinfo is not None
    assert dict(inbound.header_counts) == {"from": 1, "to": 1, "subject": 1, "date": 1, "message-id": 1}
    assert inbound.text.startswith("Customer called, please stop everything.")
    assert inbound.automated is None
    assert inbound.is_own is False


def test_display_name_with_comma_is_one_from_address() -> None:
    inbound = parse("csr-body-commands-with-signature.eml")
    assert inbound.from_addresses == ("mark.jones@bank.example",)


def test_quoted_printable_body_is_decoded() -> None:
    text = parse("csr-body-commands-with-signature.eml").text
    assert "\n-- \nMark Jones" in text


def test_latin1_encoded_word_subject_is_decoded() -> None:
    inbound = parse("subject-rfc2047-latin1.eml")
    assert inbound.subject == "Unsubscribe lisa@example.com Relevés mensuels"
    assert inbound.from_addresses == ("renee.dupre@bank.example",)
    assert "désabonner" in inbound.text


def test_utf8_base64_subject_folded_over_two_lines_is_decoded_and_joined() -> None:
    inbound = parse("subject-rfc2047-utf8-base64.eml")
    assert inbound.subject == "Unsubscribe lisa@example.com Relevés mensuels"
    assert inbound.text == "Bitte abmelden.\nGrüße, Jürgen\n"


def test_references_and_in_reply_to_are_read() -> None:
    inbound = parse("csr-reply-quoted-history.eml")
    assert inbound.in_reply_to == "<mailgate.20260304.77@campaigns.bank.example>"
    assert inbound.references == (
        "<a1b2c3d4-body-commands@mail.bank.example>",
        "<mailgate.20260304.77@campaigns.bank.example>",
    )


def test_html_only_message_is_converted_to_text_lines() -> None:
    text = parse("csr-html-only.eml").text
    lines = [line for line in text.splitlines() if line]
    assert lines == [
        "Unsubscribe tom@example.com",
        "Unsubscribe ana@example.com Relevés mensuels",
        "Subscribe lisa@example.com Card & Loan offers",
        "Reason: customer request",
    ]


def test_multipart_alternative_prefers_the_plain_part() -> None:
    text = parse("csr-multipart-alternative.eml").text
    assert text.startswith("Unsubscribe tom@example.com Statements\nUnsubscribe ana@example.com\n")
    assert "html@example.com" not in text


def test_attached_message_is_not_taken_as_the_text() -> None:
    assert parse("csr-forwarded-attachment.eml").text == "Unsubscribe tom@example.com"


def test_duplicate_subject_headers_are_counted_and_the_first_is_used() -> None:
    inbound = parse("csr-duplicate-subject.eml")
    assert inbound.header_counts["subject"] == 2
    assert inbound.subject == "Question about the March campaign"


def test_auto_reply_is_marked_automated() -> None:
    assert parse("auto-reply-out-of-office.eml").automated == "Auto-Submitted: auto-replied"


def test_mailgate_own_reply_is_recognised() -> None:
    assert parse("mailgate-own-reply.eml").is_own is True


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ("Auto-Submitted: auto-generated", "Auto-Submitted: auto-generated"),
        ("Precedence: bulk", "Precedence: bulk"),
        ("Precedence: JUNK", "Precedence: junk"),
        ("Precedence: list", "Precedence: list"),
        ("List-Id: Campaign news <news.bank.example>", "List-Id present"),
        ("X-Autoreply: yes", "X-Autoreply present"),
        ("X-Autorespond: Out of office", "X-Autorespond present"),
    ],
)
def test_automation_headers_give_a_reason(extra: str, reason: str) -> None:
    assert parse_message(minimal(BASIC + extra)).automated == reason


@pytest.mark.parametrize("local", ["MAILER-DAEMON", "postmaster", "noreply", "No-Reply", "do-not-reply"])
def test_machine_sender_local_parts_are_automated(local: str) -> None:
    raw = minimal(BASIC.replace("mark.jones@bank.example", f"{local}@bank.example"))
    assert parse_message(raw).automated == f"From {local.lower()}@bank.example"


@pytest.mark.parametrize("value", ["no", "No", "no (manually sent)", "no; reason=test"])
def test_auto_submitted_no_is_a_human_message(value: str) -> None:
    assert parse_message(minimal(BASIC + f"Auto-Submitted: {value}")).automated is None


def test_missing_headers_give_empty_values() -> None:
    inbound = parse_message(b"\nJust a body\n")
    assert inbound.message_id is None
    assert inbound.from_addresses == ()
    assert inbound.from_address is None
    assert inbound.subject == ""
    assert inbound.date is None
    assert dict(inbound.header_counts) == dict.fromkeys(("from", "to", "subject", "date", "message-id"), 0)
    assert inbound.text == "Just a body\n"
    assert inbound.references == ()


def test_malformed_message_degrades_without_raising() -> None:
    inbound = parse("malformed-8bit-headers-bad-base64.eml")
    assert inbound.from_addresses == ("mark.jones@bank.example", "second@bank.example", "third@bank.example")
    assert inbound.from_address is None
    assert inbound.subject.startswith("Unsubscribe lisa@example.com Relevés")
    assert inbound.date is None
    assert inbound.text.startswith("Unsubscribe tom@example.com")


def test_unparseable_from_is_kept_lower_cased() -> None:
    raw = minimal(BASIC.replace("Mark Jones <mark.jones@bank.example>", "Mark <MARK@LOCALHOST>"))
    assert parse_message(raw).from_addresses == ("mark@localhost",)


def test_date_with_unknown_zone_is_taken_as_utc() -> None:
    raw = minimal(BASIC.replace("+0100", "-0000"))
    assert parse_message(raw).date == datetime(2026, 3, 10, 10, 0, tzinfo=UTC)


def test_unknown_body_charset_falls_back_to_utf8() -> None:
    raw = minimal(BASIC + 'Content-Type: text/plain; charset="x-bogus"', "Relevés\n")
    assert parse_message(raw).text == "Relevés\n"


def test_body_text_is_capped_at_64_kib() -> None:
    raw = minimal(BASIC, "x" * 200_000)
    assert len(parse_message(raw).text) == 64 * 1024


def test_inbound_is_frozen_and_hashable() -> None:
    inbound = parse("csr-unsubscribe-all-subject.eml")
    with pytest.raises(AttributeError):
        inbound.subject = "changed"  # type: ignore[misc]
    assert hash(inbound) == hash(parse("csr-unsubscribe-all-subject.eml"))


# --- structural_problems -----------------------------------------------------------------------------


def test_well_formed_message_has_no_structural_problems() -> None:
    assert structural_problems(parse("csr-angle-brackets-and-id.eml"), NOW, WEEK) == []


def test_duplicate_subject_is_a_structural_problem() -> None:
    assert structural_problems(parse("csr-duplicate-subject.eml"), NOW, WEEK) == ["2 Subject headers"]


@pytest.mark.parametrize("name", ["From", "To", "Date", "Message-ID"])
def test_every_duplicated_counted_header_is_a_problem(name: str) -> None:
    line = next(line for line in BASIC.splitlines() if line.startswith(f"{name}:"))
    problems = structural_problems(parse_message(minimal(BASIC + line)), NOW, WEEK)
    assert f"2 {name} headers" in problems


def test_missing_from_and_date_are_problems() -> None:
    raw = minimal("To: replies@campaigns.bank.example\nSubject: hi\nMessage-ID: <x@y.example>")
    assert structural_problems(parse_message(raw), NOW, WEEK) == ["missing From", "missing Date"]


def test_from_with_several_addresses_is_a_problem() -> None:
    raw = minimal(BASIC.replace("Mark Jones <mark.jones@bank.example>", "a@bank.example, b@bank.example"))
    assert structural_problems(parse_message(raw), NOW, WEEK) == ["From has 2 addresses"]


def test_from_without_an_address_is_a_problem() -> None:
    raw = minimal(BASIC.replace("Mark Jones <mark.jones@bank.example>", "undisclosed-recipients:;"))
    assert structural_problems(parse_message(raw), NOW, WEEK) == ["From has no address"]


def test_malformed_fixture_reports_every_problem() -> None:
    problems = structural_problems(parse("malformed-8bit-headers-bad-base64.eml"), NOW, WEEK)
    assert problems == ["2 From headers", "Date is unreadable"]


def test_old_date_is_a_problem_saying_how_old() -> None:
    inbound = parse("csr-unsubscribe-all-subject.eml")  # 2026-03-03 09:15 UTC
    later = datetime(2026, 3, 8, 10, 0, tzinfo=UTC)
    assert structural_problems(inbound, later, timedelta(days=2)) == ["Date is 5 days old"]
    assert structural_problems(inbound, later, timedelta(days=7)) == []


def test_slightly_old_date_is_described_in_hours() -> None:
    inbound = parse("csr-unsubscribe-all-subject.eml")
    assert structural_problems(inbound, datetime(2026, 3, 3, 12, 30, tzinfo=UTC), timedelta(hours=1)) == [
        "Date is 3 hours old"
    ]


def test_future_date_is_a_problem() -> None:
    inbound = parse("csr-unsubscribe-all-subject.eml")
    earlier = datetime(2026, 3, 1, tzinfo=UTC)
    assert structural_problems(inbound, earlier, timedelta(days=1)) == ["Date is in the future"]


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        structural_problems(parse("csr-no-command.eml"), datetime(2026, 3, 10), WEEK)


# --- html_to_text ------------------------------------------------------------------------------------


def test_html_breaks_entities_and_hidden_elements() -> None:
    markup = (
        "<html><head><title>T</title><style>p{}</style></head><body>"
        "<p>Unsub<span>scribe</span> a@example.com&nbsp;Relev&eacute;s</p>"
        "<div>one<br>two<br/>three</div><ul><li>four</li></ul><!-- hidden -->"
        "<script>document.write('x')</script>1 &lt; 2 < 3</body></html>"
    )
    assert html_to_text(markup) == "Unsubscribe a@example.com Relevés\n\none\ntwo\nthree\n\nfour\n\n1 < 2 < 3"


def test_html_blockquote_is_marked_as_quoted() -> None:
    assert html_to_text("<p>mine</p><blockquote>theirs</blockquote>").splitlines()[-2:] == [">", "theirs"]


@pytest.mark.timeout(30)  # a hang guard, not a speed target: html.parser took ~47 s on "<a " * 16k
@pytest.mark.parametrize("unit", ["<a ", "<a b='", "<!--", "<![", "</", "<?", "<!DOCTYPE", "a<"])
def test_html_conversion_finishes_on_pathological_markup(unit: str) -> None:
    markup = (unit * (65536 // len(unit)))[:65536]
    text = html_to_text(markup)
    assert len(text) <= len(markup)


# --- robustness --------------------------------------------------------------------------------------


def assert_sane(inbound: Inbound) -> None:
    for text in (inbound.subject, inbound.text, *inbound.from_addresses):
        text.encode("utf-8")  # no lone surrogates leak out of the parser
    assert set(inbound.header_counts) == {"from", "to", "subject", "date", "message-id"}
    assert inbound.date is None or inbound.date.tzinfo is not None


@pytest.mark.parametrize("name", FIXTURES)
def test_every_fixture_parses_to_sane_values(name: str) -> None:
    assert_sane(parse(name))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_parse_message_never_raises_on_arbitrary_bytes(raw: bytes) -> None:
    assert_sane(parse_message(raw))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(FIXTURES),
    st.lists(st.tuples(st.integers(min_value=0), st.binary(max_size=8), st.integers(0, 8)), max_size=8),
)
def test_parse_message_never_raises_on_mutated_fixtures(
    name: str, edits: list[tuple[int, bytes, int]]
) -> None:
    raw = bytearray(load(name))
    for position, insert, delete in edits:
        at = position % (len(raw) + 1)
        raw[at : at + delete] = insert
    assert_sane(parse_message(bytes(raw)))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>/!-?'\"=ab &#;[]\n"), max_size=400))
def test_html_to_text_never_raises(markup: str) -> None:
    html_to_text(markup)


def test_damaged_8bit_from_header_yields_no_surrogates() -> None:
    # Found by hypothesis: a From whose raw Latin-1 display name the header parser re-escaped.
    inbound = parse_message((EML / "from-8bit-latin1-damaged.eml").read_bytes())
    assert_sane(inbound)
    assert inbound.from_address is not None and "\ufffd" in inbound.from_address


@settings(max_examples=500, deadline=None)
@given(st.from_regex(_SIMPLE_MAILBOX, fullmatch=True))
def test_the_simple_from_regex_reads_what_the_header_parser_reads(value: str) -> None:
    # Every header the fast path accepts (mailgate/message.py _SIMPLE_MAILBOX) gives the addr-spec the
    # full reading gives (Python's RFC 5322 header parser, or getaddresses where the parser raises).
    simple = _SIMPLE_MAILBOX.fullmatch(value)
    assert simple is not None
    assert _parsed_addr_specs(value) == [simple["angle"] or simple["bare"]]


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=80).filter(lambda t: "=?" not in t))
def test_a_subject_without_encoded_words_reads_as_the_header_parser_reads_it(value: str) -> None:
    # _decoded skips the parser for text with no "=?"; _subject collapses whitespace either way.
    value = value.replace("\r", "").replace("\n", "").replace("\x00", "")  # as _clean leaves it
    parsed = str(email.policy.default.header_factory("subject", value))
    assert " ".join(parsed.split()) == " ".join(value.split())


def test_parse_message_keeps_the_report_type_so_nobody_parses_again() -> None:
    # Inbound.report_type is reports.report_type's answer, read from the parse already made.
    assert parse("dsn-postfix-5.1.1-user-unknown.eml").report_type == "delivery-status"
    assert parse("arf-complaint.eml").report_type == "feedback-report"
    assert parse("dsn-qmail-plain-text-not-a-report.eml").report_type is None
    assert parse("reply-iphone-pt-parar.eml").report_type is None
