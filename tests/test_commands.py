"""Tests of mailgate.commands: the CSR command grammar, read from fixtures and from plain text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailgate.addresses import normalise_address
from mailgate.commands import GRAMMAR, VERBS, Command, Parsed, parse_commands, strip_reply_prefixes
from mailgate.message import parse_message

EML = Path(__file__).parent.parent / "fixtures" / "eml"


def parse_fixture(name: str) -> Parsed:
    inbound = parse_message((EML / name).read_bytes())
    return parse_commands(inbound.subject, inbound.text)


def summary(parsed: Parsed) -> list[tuple[str, str, str | None, str | None]]:
    return [(c.verb, c.address, c.customer_id, c.conversation) for c in parsed.commands]


# --- fixtures ----------------------------------------------------------------------------------------


def test_subject_unsubscribe_without_name_means_all_conversations() -> None:
    parsed = parse_fixture("csr-unsubscribe-all-subject.eml")
    assert parsed.commands == (
        Command("unsubscribe", "lisa@example.com", None, None, "Unsubscribe lisa@example.com"),
    )
    assert parsed.ignored == ("Customer called, please stop everything.", "Mark")
    assert parsed.errors == ()


def test_subject_unsubscribe_with_name_targets_one_conversation() -> None:
    parsed = parse_fixture("csr-unsubscribe-named-subject.eml")
    assert summary(parsed) == [("unsubscribe", "lisa@example.com", None, "Statements")]
    assert parsed.ignored == ()


def test_body_commands_and_reason_are_read_and_the_signature_is_not() -> None:
    parsed = parse_fixture("csr-body-commands-with-signature.eml")
    assert summary(parsed) == [
        ("unsubscribe", "tom@example.com", None, None),
        ("unsubscribe", "ana@example.com", None, "Statements"),
        ("subscribe", "lisa@example.com", None, "Card offers"),
    ]
    assert parsed.reason == "requested by phone, ticket 4711"
    assert parsed.ignored == ("Opt-outs from today's calls",)
    assert all("x@y.com" not in line for line in parsed.ignored)


def test_quoted_history_and_wrapped_attribution_are_not_read() -> None:
    parsed = parse_fixture("csr-reply-quoted-history.eml")
    assert summary(parsed) == [("unsubscribe", "lisa@example.com", None, "Statements")]
    assert parsed.ignored == ("Changes applied",)


@pytest.mark.parametrize("name", ["subject-rfc2047-latin1.eml", "subject-rfc2047-utf8-base64.eml"])
def test_encoded_subject_yields_a_non_ascii_conversation_name(name: str) -> None:
    assert summary(parse_fixture(name)) == [("unsubscribe", "lisa@example.com", None, "Relevés mensuels")]


def test_reply_prefixes_are_stripped_from_the_subject() -> None:
    parsed = parse_fixture("csr-re-prefix.eml")
    assert parsed.commands[0].line == "Unsubscribe lisa@example.com Statements"
    assert summary(parsed) == [("unsubscribe", "lisa@example.com", None, "Statements")]


def test_html_only_message_commands_are_read_and_script_is_not() -> None:
    parsed = parse_fixture("csr-html-only.eml")
    assert summary(parsed) == [
        ("unsubscribe", "tom@example.com", None, None),
        ("unsubscribe", "ana@example.com", None, "Relevés mensuels"),
        ("subscribe", "lisa@example.com", None, "Card & Loan offers"),
    ]
    assert parsed.reason == "customer request"


def test_angle_bracket_address_and_customer_id_are_read() -> None:
    parsed = parse_fixture("csr-angle-brackets-and-id.eml")
    assert summary(parsed) == [("subscribe", "lisa@example.com", "C-2", "Statements")]


def test_message_without_command_lists_its_lines_as_ignored() -> None:
    parsed = parse_fixture("csr-no-command.eml")
    assert parsed.commands == ()
    assert parsed.errors == ()
    assert parsed.ignored[0] == "Question about the March campaign"
    assert len(parsed.ignored) == 5


def test_multipart_alternative_commands_come_from_the_plain_part() -> None:
    parsed = parse_fixture("csr-multipart-alternative.eml")
    assert summary(parsed) == [
        ("unsubscribe", "tom@example.com", None, "Statements"),
        ("unsubscribe", "ana@example.com", None, None),
    ]


def test_outlook_original_message_is_not_read_and_mailto_link_is_unwrapped() -> None:
    parsed = parse_fixture("csr-outlook-original-message.eml")
    assert summary(parsed) == [("unsubscribe", "lisa@example.com", None, "Statements")]
    assert parsed.ignored == ("Your changes", "Kind regards", "Mark")


# --- grammar -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("unsubscribe LISA@example.com", ("unsubscribe", "lisa@example.com", None, None)),
        ("UNSUBSCRIBE <lisa@example.com>", ("unsubscribe", "lisa@example.com", None, None)),
        ("Unsubscribe: lisa@example.com", ("unsubscribe", "lisa@example.com", None, None)),
        ("Unsubscribe lisa@example.com ID:C-7", ("unsubscribe", "lisa@example.com", "C-7", None)),
        (
            "Unsubscribe lisa@example.com   Relevés \t mensuels ",
            ("unsubscribe", "lisa@example.com", None, "Relevés mensuels"),
        ),
        (
            "Subscribe lisa@example.com id:C-2 Card offers",
            ("subscribe", "lisa@example.com", "C-2", "Card offers"),
        ),
        (
            "Subscribe lisa@example.com <mailto:lisa@example.com> Statements",
            ("subscribe", "lisa@example.com", None, "Statements"),
        ),
        ("Unsubscribe lisa@bücher.example", ("unsubscribe", "lisa@xn--bcher-kva.example", None, None)),
    ],
)
def test_command_forms_are_recognised(line: str, expected: tuple[str, str, str | None, str | None]) -> None:
    parsed = parse_commands("", line)
    assert summary(parsed) == [expected]
    assert parsed.commands[0].line == line.strip()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("Unsubscribe", "needs an address"),
        ("Unsubscribe lisa", "bad address 'lisa'"),
        ("Unsubscribe lisa@localhost Statements", "bad address 'lisa@localhost'"),
        ("Unsubscribe all customers please", "bad address 'all'"),
        ("Subscribe lisa@example.com", "needs a conversation name"),
        ("Subscribe lisa@example.com id:C-2", "needs a conversation name"),
        ("Unsubscribe lisa@example.com id: Statements", "empty id:"),
        ("Reason:", "Reason: needs a text"),
    ],
)
def test_malformed_command_lines_are_errors_with_a_problem(line: str, problem: str) -> None:
    parsed = parse_commands("", line)
    assert parsed.commands == ()
    assert len(parsed.errors) == 1
    assert parsed.errors[0][0] == line
    assert problem in parsed.errors[0][1]


def test_subject_is_read_before_the_body() -> None:
    parsed = parse_commands("Unsubscribe a@example.com", "Unsubscribe b@example.com")
    assert [c.address for c in parsed.commands] == ["a@example.com", "b@example.com"]


def test_empty_subject_is_not_ignored_but_other_subjects_are() -> None:
    assert parse_commands("  ", "").ignored == ()
    assert parse_commands("Re: ", "").ignored == ()
    assert parse_commands("Re: hello", "").ignored == ("hello",)


def test_last_reason_wins_and_its_key_is_case_insensitive() -> None:
    body = "Reason: first\nUnsubscribe a@example.com\nREASON :  second   one\n"
    assert parse_commands("", body).reason == "second one"


def test_no_reason_gives_none() -> None:
    assert parse_commands("Unsubscribe a@example.com", "").reason is None


def test_blank_lines_are_skipped_and_not_counted() -> None:
    body = "\n\n   \nUnsubscribe a@example.com\n\n\n\nUnsubscribe b@example.com\n"
    assert len(parse_commands("", body, max_lines=2).commands) == 2


def test_at_most_max_lines_non_blank_lines_are_examined() -> None:
    body = "\n".join(f"Unsubscribe c{n}@example.com" for n in range(30))
    parsed = parse_commands("Unsubscribe s@example.com", body, max_lines=5)
    assert [c.address for c in parsed.commands] == [
        "s@example.com",
        *(f"c{n}@example.com" for n in range(4)),
    ]
    assert len(parse_commands("", body).commands) == 20


@pytest.mark.parametrize(
    "stop",
    [
        "-- ",
        "--",
        "> Unsubscribe q@example.com",
        "  > quoted",
        "end",
        "END",
        "On Tue, 3 Mar 2026, Mark <m@bank.example> wrote:",
        "On Tue, 3 Mar 2026 at 10:15, Mark Smith <mark@bank.example>\nwrote:",
        "Le mar. 3 mars 2026 à 10:15, Mark <m@bank.example> a écrit :",
        "Am 03.03.2026 um 10:15 schrieb Mark <m@bank.example>:",
        "El mar, 3 mar 2026 a las 10:15, Mark (<m@bank.example>) escribió:",
        "---------- Forwarded message ---------",
        "-----Original Message-----",
        "-----Ursprüngliche Nachricht-----",
        "Begin forwarded message:",
        "________________________________",
        "From: Mark Jones <m@bank.example>\nSent: Tuesday, March 3, 2026 10:15 AM",
        "De : Mark Jones <m@bank.example>\nEnvoyé : mardi 3 mars 2026 10:15",
        "Von: Mark Jones <m@bank.example>\nGesendet: Dienstag, 3. März 2026 10:15",
    ],
)
def test_reading_stops_where_the_csr_own_words_end(stop: str) -> None:
    body = f"Unsubscribe a@example.com\n{stop}\nUnsubscribe b@example.com\n"
    parsed = parse_commands("", body)
    assert [c.address for c in parsed.commands] == ["a@example.com"]
    assert parsed.ignored == ()


@pytest.mark.parametrize(
    "line",
    [
        "On second thought, nothing else.",
        "From: the customer's letter of 2 March",
        "----",
        "Unsubscribe-me is not a command",
        "Please Unsubscribe a@example.com",
    ],
)
def test_lines_resembling_stop_markers_or_commands_are_only_ignored(line: str) -> None:
    parsed = parse_commands("", f"{line}\nUnsubscribe b@example.com\n")
    assert parsed.ignored == (line,)
    assert [c.address for c in parsed.commands] == ["b@example.com"]


def test_the_subject_is_never_a_stop_marker() -> None:
    assert parse_commands("end", "Unsubscribe a@example.com").ignored == ("end",)


def test_invisible_characters_do_not_hide_a_command() -> None:
    parsed = parse_commands("", "Unsub\u200bscribe a@example.com\ufeff")
    assert [c.address for c in parsed.commands] == ["a@example.com"]


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Re: Unsubscribe a@b.com", "Unsubscribe a@b.com"),
        ("RE: AW: Unsubscribe a@b.com", "Unsubscribe a@b.com"),
        ("Fwd: FW: Fw: WG: TR: SV: VS: Antw: R: RIF: Réf: Enc: Odp: x", "x"),
        ("RÉF : x", "x"),
        ("Re[2]: Re(3): re : x", "x"),
        ("回复：转发: x", "x"),
        ("  Re:Re:x  ", "x"),
        ("[EXTERNAL] Re: x", "[EXTERNAL] Re: x"),
        ("Reason: x", "Reason: x"),
        ("Regarding: x", "Regarding: x"),
        ("Re", "Re"),
    ],
)
def test_strip_reply_prefixes_removes_only_reply_and_forward_markers(subject: str, expected: str) -> None:
    assert strip_reply_prefixes(subject) == expected


def test_grammar_lists_every_registered_verb_and_reason() -> None:
    for verb in VERBS:
        assert f"{verb.name.capitalize()} {verb.arguments}" in GRAMMAR
        for example in verb.examples:
            assert example in GRAMMAR
            assert len(parse_commands("", example).commands) == 1
    assert "Reason: <text>" in GRAMMAR


@pytest.mark.parametrize(
    "text",
    ["Re" + " " * 50_000 + "x", "On " + "x" * 100_000, "-" * 100_000, "<" * 100_000, "Re:" * 30_000],
)
@pytest.mark.timeout(30)  # hang guard against super-linear patterns, not a speed target
def test_long_adversarial_input_is_parsed_without_commands(text: str) -> None:
    parsed = parse_commands(text, text + "\n" + text)
    assert parsed.commands == ()


# --- properties --------------------------------------------------------------------------------------

_words = st.sampled_from(
    [
        "Unsubscribe",
        "subscribe",
        "Reason:",
        "id:",
        "id:C-1",
        "<a@b.example>",
        "a@b.example",
        "x@localhost",
        "Relevés",
        "--",
        "-- ",
        ">",
        "end",
        "On",
        "wrote:",
        "From:",
        "Sent:",
        "Re:",
        "\n",
        " ",
        "\t",
        "\u200b",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.text(max_size=1000))
def test_parse_commands_never_raises_on_arbitrary_text(subject: str, body: str) -> None:
    check_parsed(parse_commands(subject, body))


@settings(max_examples=200, deadline=None)
@given(st.lists(_words | st.text(max_size=5), max_size=40), st.lists(_words, max_size=10))
def test_parse_commands_on_command_like_text_yields_only_valid_addresses(
    body_words: list[str], subject_words: list[str]
) -> None:
    check_parsed(parse_commands(" ".join(subject_words), " ".join(body_words)))


def check_parsed(parsed: Parsed) -> None:
    for command in parsed.commands:
        assert normalise_address(command.address) == command.address
        assert command.verb in {verb.name for verb in VERBS}
        assert command.conversation is None or command.conversation == " ".join(command.conversation.split())
        assert command.conversation != ""
        assert command.customer_id != ""
    assert len(parsed.commands) + len(parsed.ignored) + len(parsed.errors) <= 20
