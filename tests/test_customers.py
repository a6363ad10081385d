"""Customer mail to token addresses (issue 4, first part), pipeline tier on a real database: the
token decides which customer record and conversation may change; automated mail never acts; DSNs and
ARF reports suppress only at token addresses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from mailgate import customers
from mailgate.app import build_deps
from mailgate.config import Config
from mailgate.pipeline import Deps, Envelope, process
from mailgate.store import admin, db, ops
from mailgate.store.models import BounceCount, Confirmation, Customer, Outbox
from tests.seed import OPERATOR, seed
from tests.support import CSR, FIXTURES, make_message, parse

KEY = "5:customer-token-secret-16+"


@pytest.fixture
def deps(engine: Engine, make_config: Callable[..., Config]) -> Deps:
    seed(engine)
    return build_deps(make_config(tokens={"keys": [KEY]}, customers={"replies_per_day": 2}), engine)


def token_address(
    engine: Engine, deps: Deps, address: str, customer_id: str, conversation: str, purpose: str
) -> str:
    with db.sessions(engine)() as s:
        return admin.token_address(
            s, deps.config, address, conversation, customer_id, purpose, datetime.now(UTC)
        )


def state(engine: Engine, address: str) -> dict[str, object]:
    with db.sessions(engine)() as s:
        return admin.status(s, address)


def outbox(engine: Engine) -> list[Outbox]:
    with db.sessions(engine)() as s:
        return list(s.scalars(select(Outbox)))


def test_mail_to_an_unsubscribe_address_unsubscribes_that_record_only_and_confirms(
    engine: Engine, deps: Deps
) -> None:
    rcpt = token_address(engine, deps, "bob@example.com", "C-3", "Statements", "unsubscribe")
    raw = make_message(
        "unsubscribe",
        "please keep sending to my wife; stop bob@example.com id:C-2\n",
        sender="bob@example.com",
        to=rcpt,
    )
    out = process(raw, Envelope("bob@example.com", rcpt), deps)
    assert out.status == "customer-unsubscribed" and out.changes == 1
    records = {c["id"]: c["conversations"] for c in state(engine, "bob@example.com")["customers"]}  # type: ignore[attr-defined]
    assert records["C-3"]["Statements"] == "unsubscribed"
    assert records["C-2"]["Statements"] == "subscribed", "the token names C-3; the body cannot reach C-2"
    [row] = outbox(engine)
    assert row.kind == "customer" and row.rcpt_to == "bob@example.com" and row.mail_from == ""
    assert b"wife" not in row.data, "the confirmation echoes none of the incoming text"
    assert parse(row.data)["Auto-Submitted"] == "auto-replied"


def test_forged_from_at_a_token_address_still_acts_only_on_the_tokens_customer(
    engine: Engine, deps: Deps
) -> None:
    rcpt = token_address(engine, deps, "lisa@example.com", "C-1", "Special Offers", "unsubscribe")
    raw = make_message("STOP", "stop", sender="bob@example.com", to=rcpt)
    process(raw, Envelope("attacker@evil.example", rcpt), deps)
    assert (
        state(engine, "lisa@example.com")["customers"][0]["conversations"]["Special Offers"] == "unsubscribed"
    )  # type: ignore[index]
    assert all(
        c["conversations"]["Special Offers"] == "subscribed"
        for c in state(engine, "bob@example.com")["customers"]
    )  # type: ignore[attr-defined]
    assert [r.rcpt_to for r in outbox(engine)] == ["lisa@example.com"], "confirmation to the token's customer"


@pytest.mark.parametrize(
    "headers",
    [[("Auto-Submitted", "auto-replied")], [("X-Autoreply", "yes")], [("List-Id", "<news.isp.example>")]],
)
def test_automated_mail_at_an_unsubscribe_address_never_acts(
    engine: Engine, deps: Deps, headers: list[tuple[str, str]]
) -> None:
    rcpt = token_address(engine, deps, "lisa@example.com", "C-1", "Statements", "unsubscribe")
    out = process(
        make_message("Out of office", "I am away", sender="lisa@example.com", to=rcpt, headers=headers),
        Envelope("lisa@example.com", rcpt),
        deps,
    )
    assert out.status == "kept"
    assert state(engine, "lisa@example.com")["customers"][0]["conversations"]["Statements"] == "subscribed"  # type: ignore[index]
    assert outbox(engine) == []


def test_null_sender_at_an_unsubscribe_address_never_acts(engine: Engine, deps: Deps) -> None:
    rcpt = token_address(engine, deps, "lisa@example.com", "C-1", "Statements", "unsubscribe")
    out = process(make_message("x", "y", sender="lisa@example.com", to=rcpt), Envelope("", rcpt), deps)
    assert out.status == "kept"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_hard_bounce_at_a_bounce_address_marks_the_address_bounced(engine: Engine, deps: Deps) -> None:
    rcpt = token_address(engine, deps, "lisa@example.com", "C-1", "Statements", "bounce")
    out = process(fixture("dsn-postfix-5.1.1-user-unknown.eml"), Envelope("", rcpt), deps)
    assert out.status == "bounced" and out.changes == 1
    st = state(engine, "lisa@example.com")
    assert st["suppressed"] is True and st["statuses"] == ["bounced"]
    assert set(st["customers"][0]["conversations"].values()) == {"bounced"}  # type: ignore[index]
    with db.sessions(engine)() as s:
        counts = s.get(BounceCount, "lisa@example.com")
        assert counts is not None and (counts.hard, counts.soft) == (1, 0)
        assert [r["address"] for r in admin.listing(s, "bounced")] == ["lisa@example.com"]
    assert outbox(engine) == [], "bounces are never answered"


def test_soft_bounce_is_counted_and_suppresses_nothing(engine: Engine, deps: Deps) -> None:
    rcpt = token_address(engine, deps, "lisa@example.com", "C-1", "Statements", "bounce")
    out = process(fixture("dsn-postfix-4.4.1-delayed-warning.eml"), Envelope("", rcpt), deps)
    assert out.status == "soft-bounce"
    assert state(engine, "lisa@example.com")["suppressed"] is False
    with db.sessions(engine)() as s:
        counts = s.get(BounceCount, "lisa@example.com")
        assert counts is not None and (counts.hard, counts.soft) == (0, 1)


def test_complaint_at_an_unsubscribe_address_suppresses_the_address(engine: Engine, deps: Deps) -> None:
    rcpt = token_address(engine, deps, "lisa@example.com", "C-1", "Statements", "unsubscribe")
    out = process(fixture("arf-yahoo-abuse-rfc822.eml"), Envelope("", rcpt), deps)
    assert out.status == "complaint"
    assert state(engine, "lisa@example.com")["statuses"] == ["complaint"]


@pytest.mark.parametrize("name", ["dsn-postfix-5.1.1-user-unknown.eml", "arf-yahoo-abuse-rfc822.eml"])
def test_reports_at_a_plain_address_suppress_nobody(engine: Engine, deps: Deps, name: str) -> None:
    out = process(fixture(name), Envelope("", "replies@reply.bank.example"), deps)
    assert out.status == "kept" and "automated mail never acts" in out.detail
    with db.sessions(engine)() as s:
        assert admin.listing(s, "bounced") == [] and admin.listing(s, "complaint") == []


def test_confirmations_to_one_customer_are_capped_per_day(engine: Engine, deps: Deps) -> None:
    for conversation in ("Statements", "Special Offers", "Relevés mensuels"):
        rcpt = token_address(engine, deps, "lisa@example.com", "C-1", conversation, "unsubscribe")
        out = process(
            make_message("stop", "stop", sender="lisa@example.com", to=rcpt),
            Envelope("lisa@example.com", rcpt),
            deps,
        )
        assert out.changes == 1
    assert len(outbox(engine)) == 2, "replies_per_day = 2"


def test_token_of_a_deleted_customer_changes_nothing(engine: Engine, deps: Deps) -> None:
    rcpt = token_address(engine, deps, "lisa@example.com", "C-1", "Statements", "unsubscribe")
    with db.sessions(engine)() as s, s.begin():
        s.delete(s.scalars(select(Customer).where(Customer.id == "C-1")).one())
    out = process(
        make_message("stop", "stop", sender="lisa@example.com", to=rcpt),
        Envelope("lisa@example.com", rcpt),
        deps,
    )
    assert out.status == "not-staff"


def test_fixture_files_exist() -> None:
    assert Path(FIXTURES / "dsn-postfix-5.1.1-user-unknown.eml").exists()


def reply_to(
    engine: Engine, deps: Deps, fixture_name: str, address: str = "lisa@example.com", customer_id: str = "C-1"
) -> tuple[str, bytes]:
    rcpt = token_address(engine, deps, address, customer_id, "Statements", "reply")
    raw = fixture(fixture_name).replace(b"\nTo: ", b"\nX-Original-To: ", 1)
    return rcpt, b"To: " + rcpt.encode() + b"\r\n" + raw


def test_stop_reply_at_a_reply_address_unsubscribes_from_that_conversation(
    engine: Engine, deps: Deps
) -> None:
    rcpt, raw = reply_to(engine, deps, "reply-gmail-stop-quoted.eml")
    out = process(raw, Envelope("lisa@example.com", rcpt), deps)
    assert out.status == "customer-unsubscribed", out
    conversations = state(engine, "lisa@example.com")["customers"][0]["conversations"]  # type: ignore[index]
    assert conversations == {"Special Offers": "subscribed", "Statements": "unsubscribed"}


def test_do_not_email_reply_suppresses_the_address_as_do_not_email(engine: Engine, deps: Deps) -> None:
    rcpt, raw = reply_to(engine, deps, "reply-outlook-french-desabonnez.eml")
    out = process(raw, Envelope("lisa@example.com", rcpt), deps)
    assert out.status == "do-not-email"
    st = state(engine, "lisa@example.com")
    assert st["statuses"] == ["do_not_email"]
    [row] = outbox(engine)
    assert row.kind == "customer" and b"from us" in row.data


@pytest.mark.parametrize(
    "name",
    [
        "reply-signature-contains-stop.eml",
        "reply-apple-mail-unsubscribe-in-quoted-history-only.eml",
        "reply-negation-dont-stop.eml",
    ],
)
def test_a_reply_that_is_not_an_opt_out_reaches_the_owner_and_changes_nothing(
    engine: Engine, deps: Deps, name: str
) -> None:
    rcpt, raw = reply_to(engine, deps, name)
    out = process(raw, Envelope("lisa@example.com", rcpt), deps)
    assert out.status == "forwarded", out
    assert state(engine, "lisa@example.com")["suppressed"] is False
    assert state(engine, "lisa@example.com")["customers"][0]["conversations"]["Statements"] == "subscribed"  # type: ignore[index]
    [row] = outbox(engine)
    forwarded = parse(row.data)
    assert row.rcpt_to == "owner@bank.example"
    assert forwarded["X-Mailgate-Classification"].startswith("intent=")
    assert any(p.get_content_type() == "message/rfc822" for p in forwarded.iter_attachments())


def test_out_of_office_at_a_reply_address_never_acts_and_is_not_answered(engine: Engine, deps: Deps) -> None:
    rcpt, raw = reply_to(engine, deps, "reply-out-of-office-spanish.eml")
    out = process(raw, Envelope("lisa@example.com", rcpt), deps)
    assert out.status in ("kept", "forwarded")
    assert state(engine, "lisa@example.com")["suppressed"] is False
    assert all(r.kind != "customer" for r in outbox(engine))


def test_a_confirmation_whose_random_token_is_taken_draws_another(
    engine: Engine, deps: Deps, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The confirmation row is one INSERT that does nothing on a taken token; the next draw is used.
    The draws are fixed (7, 7, 8) so the first two collide with the row the first one wrote."""
    plan = customers.Plan(
        customers.REQUEST, "lisa@example.com", "C-1", "Statements", "test", pending="subscribe"
    )
    draws = iter([7, 7, 8])
    monkeypatch.setattr(customers.secrets, "randbits", lambda bits: next(draws))
    now = datetime.now(UTC)
    with db.sessions(engine)() as s, s.begin():
        first = customers.new_confirmation(s, plan, deps.token_keys, now, 24)
        second = customers.new_confirmation(s, plan, deps.token_keys, now, 24)
    assert first != second
    with db.sessions(engine)() as s:
        nonces = set(s.scalars(select(Confirmation.nonce)))
    assert nonces == {first, second}
    assert next(draws, None) is None, "the taken token was drawn again, then a new one"


def test_a_staff_member_who_is_a_customer_can_use_list_unsubscribe(engine: Engine, deps: Deps) -> None:
    # A CSR's own campaign mail: the mailto of List-Unsubscribe, sent by a mail client (no DKIM). At an
    # unsubscribe address the token names the customer, so this is the customer path, not a refused
    # staff command with a warning.
    with db.sessions(engine)() as s, s.begin():
        admin.add_customer(s, OPERATOR, CSR, "C-50")
        ops.subscribe(s, OPERATOR, CSR, "Special Offers", "C-50")
    rcpt = token_address(engine, deps, CSR, "C-50", "Special Offers", "unsubscribe")
    out = process(make_message("unsubscribe", "", sender=CSR, to=rcpt), Envelope(CSR, rcpt), deps)
    assert out.status == "customer-unsubscribed", out
    assert state(engine, CSR)["customers"][0]["conversations"]["Special Offers"] == "unsubscribed"  # type: ignore[index]
    [row] = outbox(engine)
    assert str(parse(row.data)["Subject"]) == "You have been unsubscribed"


def test_staff_commands_at_a_reply_address_are_still_staff_commands(engine: Engine, deps: Deps) -> None:
    rcpt = token_address(engine, deps, "lisa@example.com", "C-1", "Statements", "reply")
    raw = make_message("Unsubscribe lisa@example.com", "", sender=CSR, to=rcpt)  # unsigned
    assert process(raw, Envelope(CSR, rcpt), deps).status == "not-authenticated"
    assert state(engine, "lisa@example.com")["customers"][0]["conversations"]["Statements"] == "subscribed"  # type: ignore[index]
