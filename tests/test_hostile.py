"""Hostile and malformed input (issue 3), in the three tiers. The corpus is `fixtures/eml/bad/`, one
whole message per file named by scenario; the validly signed messages (prepended headers, fuzzed
commands) are signed here with the session's `signing` keys, so no committed file depends on a key
that would be lost. Whatever arrives: parsing never raises and never hangs, the pipeline gives a
defined outcome, nothing unauthenticated changes anything, and the daemon answers and stays up."""

from __future__ import annotations

import dataclasses
import re
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from mailgate.commands import parse_commands
from mailgate.config import Config
from mailgate.errors import TemporaryError
from mailgate.message import Inbound, parse_message, structural_problems
from mailgate.pipeline import Deps, Envelope, Outcome, process
from mailgate.store import admin, db, ops
from mailgate.store.models import Audit, Claim, Subscription, Suppression
from tests.harness import RelaySink, RunningDaemon
from tests.seed import OPERATOR, seed
from tests.support import CSR, FIXTURES, REPLY_ADDR, Signing, make_message

BAD = FIXTURES / "bad"
CORPUS = sorted(path.name for path in BAD.glob("*.eml"))
# Every corpus message is dated Tue, 10 Mar 2026 10:00 +0000; a clock five minutes later lets the
# pipeline get past the Date check to DKIM instead of refusing everything as a replay.
SENT_AT = datetime(2026, 3, 10, 10, 5, tzinfo=UTC)
STAFF_ENV = Envelope(mail_from=CSR, rcpt=REPLY_ADDR, peer="192.0.2.10")
KNOWN_STATUSES = {"applied", "no-command", "not-authenticated", "not-staff", "own-mail", "duplicate"}
KNOWN_STATUSES |= {"forwarded", "kept", "confirmation-requested", "rate-limited"}
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
ENHANCED_REPLY = re.compile(r"^[245]\d\d [245]\.\d{1,3}\.\d{1,3} \S")


def load(name: str) -> bytes:
    return (BAD / name).read_bytes()


def strings(value: object) -> Iterator[str]:
    """Every string inside a parse result (dataclasses, tuples, mappings)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from strings(getattr(value, item.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from strings(item)
    elif hasattr(value, "items"):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)


def assert_clean(value: object) -> None:
    for text in strings(value):
        assert LONE_SURROGATE.search(text) is None, f"lone surrogate in {text[:80]!r}"


def parse_everything(raw: bytes) -> Inbound:
    inbound = parse_message(raw)
    assert_clean(inbound)
    parsed = parse_commands(inbound.subject, inbound.text)
    assert_clean(parsed)
    return inbound


# --- pure tier -----------------------------------------------------------------------------------


def test_corpus_holds_every_scenario_of_the_issue() -> None:
    wanted = {
        "mime-boundary-never-closed.eml",
        "from-missing.eml",
        "from-duplicate.eml",
        "headers-invalid-utf8.eml",
        "headers-8bit-undeclared.eml",
        "charset-unknown.eml",
        "charset-wrong-declared.eml",
        "rfc822-nested-200.eml",
        "rfc822-wide-2000.eml",
        "headers-5000.eml",
        "base64-garbage.eml",
        "header-line-over-1000-bytes.eml",
        "smuggle-lf-dot-lf.eml",
        "smuggle-cr-dot-cr.eml",
        "smuggle-lf-dot-crlf.eml",
    }
    assert wanted <= set(CORPUS)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("name", CORPUS)
def test_corpus_file_parses_without_raising_or_lone_surrogates(name: str) -> None:
    parse_everything(load(name))


@pytest.mark.parametrize(
    "name", ["charset-utf7-lone-surrogate.eml", "charset-unicode-escape-lone-surrogate.eml"]
)
def test_charsets_that_decode_to_lone_surrogates_give_replacement_characters(name: str) -> None:
    inbound = parse_everything(load(name))
    assert inbound.text.startswith("Unsubscribe lisa@example.com \ufffd")
    # The text must survive UTF-8 (PostgreSQL, the reply) without an encoding error.
    assert inbound.text.encode("utf-8")


@pytest.mark.timeout(30)
def test_rfc822_nested_past_the_recursion_limit_keeps_its_headers_and_loses_only_the_text() -> None:
    inbound = parse_everything(load("rfc822-nested-1000.eml"))
    assert inbound.from_address == CSR
    assert inbound.message_id == "<bad-nest1000-999@mail.bank.example>"
    assert inbound.subject == "Fwd: level 999"
    assert inbound.header_counts["from"] == 1 and inbound.date is not None
    assert inbound.text == ""


@pytest.mark.timeout(30)
def test_nested_and_wide_bombs_and_5000_headers_keep_the_top_level_facts() -> None:
    for name in ("rfc822-nested-200.eml", "rfc822-wide-2000.eml", "multipart-nested-300.eml"):
        assert parse_everything(load(name)).from_address == CSR, name
    # Text inside an attached message is not the sender's own (message.py never enters message/*).
    assert parse_everything(load("rfc822-nested-200.eml")).text == ""
    many = parse_everything(load("headers-5000.eml"))
    assert many.from_address == CSR and many.subject == "Unsubscribe lisa@example.com"


def test_a_second_mime_header_is_a_structural_problem() -> None:
    raw = b"Content-Type: text/plain\r\nMIME-Version: 1.0\r\n" + load("base64-garbage.eml")
    problems = structural_problems(parse_everything(raw), SENT_AT, timedelta(days=3))
    assert problems == ["2 MIME-Version headers", "2 Content-Type headers"]


def test_smuggled_smtp_commands_are_body_text_of_one_message() -> None:
    for name in ("smuggle-lf-dot-lf.eml", "smuggle-cr-dot-cr.eml", "smuggle-lf-dot-crlf.eml"):
        inbound = parse_everything(load(name))
        assert inbound.from_address == "someone@isp.example" and inbound.header_counts["from"] == 1
        assert "MAIL FROM:<mark@bank.example>" in inbound.text


_MIME_TOKENS = st.sampled_from(
    [
        b"\r\n",
        b"\n",
        b"\r",
        b"\r\n\r\n",
        b"--b",
        b"--b--",
        b"From: mark@bank.example",
        b"From: =?utf-8?b?",
        b"Subject: =?utf-7?q?+2AA-?=",
        b"?=",
        b"Content-Type: multipart/mixed; boundary=b",
        b"Content-Type: message/rfc822",
        b"Content-Type: text/plain; charset=utf-7",
        b"Content-Type: text/plain; charset=unicode_escape",
        b"Content-Type: text/html",
        b"Content-Transfer-Encoding: base64",
        b"Content-Transfer-Encoding: quoted-printable",
        b"Content-Disposition: attachment",
        b"Unsubscribe lisa@example.com",
        b"+2AA-",
        b"\\ud800",
        b"=ZZ",
        b"<a ",
        b"<!--",
        b"&#xd800;",
        b"\xff\xfe",
        b"\xed\xa0\x80",
        b"\x00",
        b" ",
        b":",
        b"<>",
    ]
)


@pytest.mark.timeout(30)
@settings(max_examples=150, deadline=None)
@given(st.lists(_MIME_TOKENS | st.binary(max_size=8), max_size=60))
def test_parser_survives_generated_mime_soup(tokens: list[bytes]) -> None:
    parse_everything(b"".join(tokens))


# Byte-level edits (operation, position, size, inserted bytes), positions taken modulo the length so
# the same edits apply to messages of any length: replace, delete, insert or duplicate a slice.
_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["replace", "delete", "insert", "duplicate"]),
        st.integers(0, 1 << 20),
        st.integers(1, 40),
        _MIME_TOKENS | st.binary(min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=4,
)


def mutate(original: bytes, edits: list[tuple[str, int, int, bytes]]) -> bytes:
    data = bytearray(original)
    for op, position, size, chunk in edits:
        at = position % (len(data) + 1)
        if op == "replace":
            data[at : at + len(chunk)] = chunk
        elif op == "delete":
            del data[at : at + size]
        elif op == "insert":
            data[at:at] = chunk
        else:
            data[at:at] = data[at : at + size]
    return bytes(data)


_SMALL_CORPUS = [name for name in CORPUS if len(load(name)) < 5000]


@pytest.mark.timeout(30)
@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_SMALL_CORPUS), _EDITS)
def test_parser_survives_mutated_corpus_files(name: str, edits: list[tuple[str, int, int, bytes]]) -> None:
    parse_everything(mutate(load(name), edits))


_COMMAND_WORDS = st.sampled_from(
    [
        "Unsubscribe",
        "subscribe:",
        "SUBSCRIBE",
        "Reason:",
        "reason :",
        "id:",
        "id:C-1",
        "lisa@example.com",
        "<lisa@example.com>",
        "lisa@example.com<mailto:lisa@example.com>",
        "<mailto:x@y>",
        "a@xn--bcher-kva.example",
        "a@xn--zz.example",
        "a@bücher.example",
        "a@straße.de",
        "@",
        "<>",
        "Statements",
        "Relevés mensuels",
        "\u200b",
        "\ufeff",
        "-- ",
        "--",
        ">",
        "end",
        "On Tue, Mark wrote:",
        "Le mardi, Mark a écrit :",
        "From: Mark",
        "Sent: Tuesday",
        "-----Original Message-----",
        "__________",
        "RE: AW: Fwd[2]:",
        "\x00",
        "\u2028",
        "\x85",
        "\x1c",
        "\r",
    ]
)
_COMMAND_TEXT = st.lists(_COMMAND_WORDS | st.text(max_size=6), max_size=30).flatmap(
    lambda words: st.sampled_from([" ", "\n", "\r\n", "\t", ""]).map(lambda sep: sep.join(words))
)


@pytest.mark.timeout(30)
@settings(max_examples=200, deadline=None)
@given(_COMMAND_TEXT, _COMMAND_TEXT, st.integers(-1, 25))
def test_command_grammar_never_raises_and_yields_clean_normalised_commands(
    subject: str, body: str, max_lines: int
) -> None:
    parsed = parse_commands(subject, body, max_lines)
    assert_clean(parsed)
    assert len(parsed.commands) + len(parsed.ignored) + len(parsed.errors) <= max(max_lines, 0) + 1
    for command in parsed.commands:
        assert command.verb in {"subscribe", "unsubscribe"}
        assert re.fullmatch(r"[^@\s]+@[a-z0-9.-]+", command.address), command.address


# --- pipeline tier -------------------------------------------------------------------------------


def state(engine: Engine) -> tuple[set[tuple[int, str]], set[str], int]:
    """(subscription (pk, state)s, suppressed addresses, number of subscribe/unsubscribe audit rows)."""
    with db.sessions(engine)() as s:
        subscriptions = {(sub.pk, sub.state) for sub in s.scalars(select(Subscription))}
        suppressed = {sup.address for sup in s.scalars(select(Suppression))}
        commands = select(Audit).where(Audit.action.in_(["subscribe", "unsubscribe"]))
        return subscriptions, suppressed, len(s.scalars(commands).all())


def outcome_of(raw: bytes, env: Envelope, deps: Deps) -> Outcome | TemporaryError:
    """The defined outcomes: an Outcome with a known status, or a TemporaryError (the SMTP 451).
    Any other exception propagates and fails the test."""
    try:
        out = process(raw, env, deps)
    except TemporaryError as exc:
        return exc
    assert out.status in KNOWN_STATUSES, out
    return out


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    seed(engine)
    return engine


@pytest.fixture
def at_corpus_date(deps: Deps) -> Deps:
    return dataclasses.replace(deps, clock=lambda: SENT_AT)


@pytest.mark.timeout(120)
def test_every_corpus_file_from_staff_gets_a_defined_outcome_and_changes_nothing(
    seeded: Engine, at_corpus_date: Deps
) -> None:
    before = state(seeded)
    outcomes = {name: outcome_of(load(name), STAFF_ENV, at_corpus_date) for name in CORPUS}
    # None of these is signed: whatever the sender, no command may have been applied.
    assert state(seeded) == before
    for name, out in outcomes.items():
        assert isinstance(out, Outcome), (name, out)  # no DNS outage here: a 451 would be a bug
        assert out.status != "applied" and out.changes == 0, (name, out)
    assert outcomes["from-duplicate.eml"].status == "kept"  # type: ignore[union-attr]
    assert outcomes["rfc822-nested-1000.eml"].status == "not-authenticated"  # type: ignore[union-attr]


@pytest.mark.timeout(120)
def test_every_corpus_file_for_the_postmaster_is_forwarded_whole(
    seeded: Engine, at_corpus_date: Deps
) -> None:
    env = Envelope("admin@isp.example", "postmaster@reply.bank.example")
    for name in CORPUS:
        out = outcome_of(load(name), env, at_corpus_date)
        assert isinstance(out, Outcome) and out.status == "forwarded", (name, out)


@pytest.mark.timeout(120)
def test_every_corpus_file_signed_by_staff_gets_a_defined_outcome(
    seeded: Engine, at_corpus_date: Deps, signing: Signing
) -> None:
    """Signed, the hostile messages get past authentication to the command parser and the reply."""
    env = Envelope(CSR, "signed@reply.bank.example", "192.0.2.10")
    for name in CORPUS:
        try:
            raw = signing.sign(load(name))
        except Exception:  # dkimpy cannot sign every malformed message; unsigned is covered above
            continue
        out = outcome_of(raw, env, at_corpus_date)
        assert isinstance(out, Outcome), (name, out)


@pytest.mark.timeout(60)
def test_message_id_over_998_characters_is_claimed_by_digest_not_refused_by_the_database(
    seeded: Engine, at_corpus_date: Deps
) -> None:
    raw = load("message-id-over-998-chars.eml")
    assert parse_everything(raw).message_id is None
    out = outcome_of(raw, STAFF_ENV, at_corpus_date)
    assert isinstance(out, Outcome) and out.status == "not-authenticated"
    assert outcome_of(raw, STAFF_ENV, at_corpus_date).status == "duplicate"  # type: ignore[union-attr]


@pytest.mark.timeout(60)
def test_signed_command_with_a_conversation_name_over_200_characters_is_an_error_not_a_451(
    seeded: Engine, at_corpus_date: Deps, signing: Signing
) -> None:
    raw = load("command-conversation-over-200-chars.eml")
    inbound = parse_everything(raw)
    parsed = parse_commands(inbound.subject, inbound.text)
    assert parsed.commands == ()
    assert [why for _, why in parsed.errors] == ["conversation name longer than 200 characters"] * 2
    before = state(seeded)
    out = outcome_of(signing.sign(raw), STAFF_ENV, at_corpus_date)
    assert isinstance(out, Outcome) and out.status == "no-command" and out.changes == 0
    assert state(seeded)[:2] == before[:2]


PREPENDED = {
    "second From": b"From: mark@bank.example\r\n",
    "second Subject": b"Subject: Unsubscribe bob@example.com\r\n",
    "second Date": b"Date: Tue, 10 Mar 2026 10:00:00 +0000\r\n",
    "second Message-ID": b"Message-ID: <replayed@attacker.example>\r\n",
    "second To": b"To: replies@reply.bank.example\r\n",
    "Subject hidden behind a bare CR": b"X-Note: hello\rSubject: Unsubscribe bob@example.com\r\n",
    "Subject with space before colon": b"Subject : Unsubscribe bob@example.com\r\n",
    "lower-case subject": b"subject: Unsubscribe bob@example.com\r\n",
    "Content-Type reading the attachment as text": b"Content-Type: text/plain\r\n",
    "Content-Transfer-Encoding": b"Content-Transfer-Encoding: quoted-printable\r\n",
}


def _signed_with_hidden_command(signing: Signing) -> bytes:
    """A validly signed staff message without a command of its own, whose attachment (text the
    CSR forwards, not the CSR's words) holds one; mailgate skips attachments."""
    head, _, _ = make_message("Customer letter").partition(b"\r\n\r\n")
    head = re.sub(rb"Content-(Type|Transfer-Encoding): [^\r]*\r\n", b"", head + b"\r\n")
    body = (
        b"Content-Type: multipart/mixed; boundary=hostile\r\n\r\n"
        b"--hostile\r\nContent-Type: text/plain\r\n\r\nPlease see the letter attached.\r\n"
        b"--hostile\r\nContent-Type: text/plain\r\nContent-Disposition: attachment\r\n\r\n"
        b"Unsubscribe bob@example.com\r\n--hostile--\r\n"
    )
    return signing.sign(head + body)


@pytest.mark.parametrize("scenario", sorted(PREPENDED))
def test_headers_prepended_to_a_validly_signed_message_never_apply_a_command(
    seeded: Engine, deps: Deps, signing: Signing, scenario: str
) -> None:
    signed = _signed_with_hidden_command(signing)
    assert outcome_of(signed, STAFF_ENV, deps).status == "no-command"  # type: ignore[union-attr]
    before = state(seeded)
    out = outcome_of(PREPENDED[scenario] + signed, Envelope(CSR, "again@reply.bank.example"), deps)
    assert isinstance(out, Outcome) and out.status in {"not-authenticated", "kept", "no-command"}, out
    assert state(seeded) == before


_EMAIL_IDS = count()


@pytest.mark.timeout(120)
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=_EDITS)
def test_mutated_signed_command_applies_the_same_change_or_nothing(
    seeded: Engine, deps: Deps, signing: Signing, edits: list[tuple[str, int, int, bytes]]
) -> None:
    """Each example unsubscribes a fresh customer, so its effect is visible whatever came before."""
    n = next(_EMAIL_IDS)
    address, customer_id = f"fuzz{n}@example.com", f"F-{n}"
    with db.sessions(seeded)() as s, s.begin():
        admin.add_customer(s, OPERATOR, address, customer_id)
        for name in ("Statements", "Special Offers"):
            ops.subscribe(s, OPERATOR, address, name, customer_id)
    signed = signing.sign(make_message(f"Unsubscribe {address} Statements"))
    raw = mutate(signed, edits)
    before = state(seeded)
    out = outcome_of(raw, Envelope(CSR, f"fuzz{n}@reply.bank.example", "192.0.2.10"), deps)
    subscriptions, suppressed, commands = state(seeded)
    if subscriptions == before[0]:
        assert suppressed == before[1] and commands in (before[2], before[2] + 1), out
        return
    # Applied: the signature still verified (mutations the canonicalisation absorbs), same effect.
    assert isinstance(out, Outcome) and out.status == "applied" and "pass" in (out.auth or ""), out
    with db.sessions(seeded)() as s:
        assert admin.status(s, address)["customers"] == [
            {
                "id": customer_id,
                "conversations": {"Special Offers": "subscribed", "Statements": "unsubscribed"},
            }
        ]
    assert len(subscriptions - before[0]) == 1 and suppressed == before[1] and commands == before[2] + 1


# --- end-to-end tier -----------------------------------------------------------------------------


class RawClient:
    """An SMTP client that sends exactly the bytes it is given (smtplib rewrites bare LF and CR)."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=20)
        self.buffer = b""
        assert self.reply()[0] == 220
        assert self.command("EHLO client.isp.example")[0] == 250

    def reply(self) -> tuple[int, str]:
        """One whole (possibly multi-line) reply as (code, text of its last line)."""
        while True:
            line, sep, rest = self.buffer.partition(b"\r\n")
            if sep:
                self.buffer = rest
                if line[3:4] != b"-":
                    return int(line[:3]), line.decode("utf-8", "replace")
                continue
            chunk = self.sock.recv(65536)
            assert chunk, "connection closed by the server"
            self.buffer += chunk

    def command(self, line: str) -> tuple[int, str]:
        self.sock.sendall(line.encode() + b"\r\n")
        return self.reply()

    def send_message(self, payload: bytes, mail_from: str = CSR, rcpt: str = REPLY_ADDR) -> tuple[int, str]:
        """MAIL, RCPT, DATA, then `payload` dot-stuffed only where a line starts after CRLF (as an MTA
        does) and ended by CRLF.CRLF; the reply to the end of data."""
        assert self.command(f"MAIL FROM:<{mail_from}>")[0] == 250
        assert self.command(f"RCPT TO:<{rcpt}>")[0] == 250
        assert self.command("DATA")[0] == 354
        stuffed = b"\r\n".join(
            b"." + line if line.startswith(b".") else line for line in payload.split(b"\r\n")
        )
        ending = b".\r\n" if stuffed.endswith(b"\r\n") or not stuffed else b"\r\n.\r\n"
        self.sock.sendall(stuffed + ending)
        return self.reply()

    def quit(self) -> tuple[int, str]:
        return self.command("QUIT")

    def __enter__(self) -> RawClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


@pytest.fixture
def running(make_config: Callable[..., Config], seeded: Engine) -> Iterator[RunningDaemon]:
    relay = RelaySink().start()
    outbound = {"relay_host": "127.0.0.1", "relay_port": relay.port, "poll_seconds": 0.1}
    server = RunningDaemon(make_config(outbound=outbound), seeded).start()
    yield server
    server.stop()
    relay.stop()


def claims(engine: Engine) -> list[str | None]:
    with db.sessions(engine)() as s:
        return [claim.message_id for claim in s.scalars(select(Claim))]


SMUGGLING = {
    "lf-dot-lf": (b"\n.\n", b"\n"),
    "cr-dot-cr": (b"\r.\r", b"\r"),
    "lf-dot-crlf": (b"\n.\r\n", b"\r\n"),
}


@pytest.mark.e2e
@pytest.mark.timeout(60)
@pytest.mark.parametrize("variant", sorted(SMUGGLING))
def test_smuggled_second_transaction_is_never_processed(
    running: RunningDaemon, seeded: Engine, variant: str
) -> None:
    end, eol = SMUGGLING[variant]
    smuggled = eol.join(
        [
            b"MAIL FROM:<mark@bank.example>",
            b"RCPT TO:<replies@reply.bank.example>",
            b"DATA",
            b"From: mark@bank.example",
            b"Subject: Unsubscribe bob@example.com",
            b"Message-ID: <smuggled@attacker.example>",
            b"",
            b"Unsubscribe bob@example.com",
        ]
    )
    outer = make_message("Hello", sender="someone@isp.example", message_id="<outer@isp.example>")
    payload = outer.rstrip(b"\r\n") + end + smuggled + end + b"RSET" + eol + b"QUIT" + eol
    with RawClient(running.port) as client:
        code, text = client.send_message(payload, mail_from="someone@isp.example")
        assert code == 250, text
        # Had the server ended the data early, the smuggled commands' replies would come before QUIT's.
        assert client.quit()[0] == 221
    assert claims(seeded) == ["<outer@isp.example>"]
    assert "bob@example.com" not in state(seeded)[1]


def the_session_goes_on(client: RawClient, seeded: Engine, signing: Signing) -> None:
    """After a refusal, a signed command on the same connection is applied and the session ends cleanly."""
    code, text = client.send_message(signing.sign(make_message("Unsubscribe lisa@example.com")))
    assert code == 250 and text.startswith("250 2.0.0"), text
    assert client.quit()[0] == 221
    assert "lisa@example.com" in state(seeded)[1]


@pytest.mark.e2e
@pytest.mark.timeout(60)
def test_header_line_over_1000_bytes_gets_500_5_5_2_and_the_session_goes_on(
    running: RunningDaemon, seeded: Engine, signing: Signing
) -> None:
    with RawClient(running.port) as client:
        code, text = client.send_message(load("header-line-over-1000-bytes.eml"))
        # aiosmtpd reads the data to its end, then answers 500 (RFC 5321 4.5.3.1.6); mailgate adds 5.5.2.
        assert code == 500 and text.startswith("500 5.5.2 Line too long"), text
        assert claims(seeded) == []
        the_session_goes_on(client, seeded, signing)


@pytest.mark.e2e
@pytest.mark.timeout(60)
def test_a_path_the_address_parser_fails_on_gets_553_and_the_session_goes_on(
    running: RunningDaemon, seeded: Engine, signing: Signing
) -> None:
    # The email package's parser raises IndexError on a lone quote; aiosmtpd answered that with
    # "500 Error: (IndexError) list index out of range" and logged a traceback.
    with RawClient(running.port) as client:
        code, text = client.command('MAIL FROM:"')
        assert code == 553 and text.startswith("553 5.1.3"), text
        assert client.command(f"MAIL FROM:<{CSR}>")[0] == 250
        code, text = client.command('RCPT TO:"')
        assert code == 553 and text.startswith("553 5.1.3"), text
        assert client.command("RSET")[0] == 250
        the_session_goes_on(client, seeded, signing)


@pytest.mark.e2e
@pytest.mark.timeout(120)
def test_every_corpus_file_over_smtp_gets_a_coded_reply_and_the_daemon_stays_up(
    running: RunningDaemon, seeded: Engine, signing: Signing
) -> None:
    replies: dict[str, str] = {}
    for name in CORPUS:
        with RawClient(running.port) as client:
            code, text = client.send_message(load(name))
            replies[name] = text
            assert code == 250 or 400 <= code < 600, (name, text)
            assert ENHANCED_REPLY.match(text), (name, text)
            assert client.quit()[0] == 221, name
    assert state(seeded)[1] == set()  # nothing unsigned changed anything
    with RawClient(running.port) as client:
        code, text = client.send_message(signing.sign(make_message("Unsubscribe lisa@example.com")))
    assert code == 250, (text, replies)
    assert "lisa@example.com" in state(seeded)[1]
