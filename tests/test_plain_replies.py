"""Customer mail to plain addresses, confirmation requests, opt-in and owner alerts (issue 4), pipeline
tier on a real database with DKIM keys and SPF records served by the test DNS server. The customer is
the From address; the conversation is the one the local part names, else every conversation."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from mailgate.app import build_deps
from mailgate.config import Config
from mailgate.pipeline import CLASSIFICATION_HEADER, Deps, Envelope, process
from mailgate.store import admin, db, ops, queue
from mailgate.store.models import Audit, Confirmation, Conversation, Outbox
from tests.dnsserver import DNSServer
from tests.seed import OPERATOR, seed
from tests.support import ADMIN, FIXTURES, REPLY_DOMAIN, Signing, make_message, parse
from tests.test_customers import KEY, outbox, state, token_address

PLAIN = f"replies@{REPLY_DOMAIN}"
STATEMENTS = f"statements@{REPLY_DOMAIN}"
SPF_DOMAIN = "spf-customer.example"
CUSTOMER_IP = "192.0.2.55"


@pytest.fixture
def configure(
    engine: Engine, make_config: Callable[..., Config], dns_server: DNSServer
) -> Callable[..., Deps]:
    seed(engine)
    dns_server.add_txt(SPF_DOMAIN, f"v=spf1 ip4:{CUSTOMER_IP} -all")
    dns_server.add_txt(f"mail.{SPF_DOMAIN}", f"v=spf1 include:{SPF_DOMAIN} -all")
    with db.sessions(engine)() as s, s.begin():
        admin.add_customer(s, OPERATOR, f"sam@{SPF_DOMAIN}", "C-9")
        ops.subscribe(s, OPERATOR, f"sam@{SPF_DOMAIN}", "Statements", "C-9")

    def make(**customers: Any) -> Deps:
        config = make_config(tokens={"keys": [KEY]}, customers=customers)
        return build_deps(config, engine)

    return make


@pytest.fixture
def deps(configure: Callable[..., Deps]) -> Deps:
    return configure()


def statuses(engine: Engine, address: str) -> list[str]:
    return state(engine, address).get("statuses", [])  # type: ignore[return-value]


def conversations(engine: Engine, address: str, record: int = 0) -> dict[str, str]:
    return state(engine, address)["customers"][record]["conversations"]  # type: ignore[index,no-any-return]


def confirm_address(row: Outbox) -> str:
    reply_to = str(parse(row.data)["Reply-To"])
    assert re.fullmatch(rf"confirm\+[a-z2-7]{{40}}@{re.escape(REPLY_DOMAIN)}", reply_to), reply_to
    return reply_to


def write(
    deps: Deps, subject: str, body: str = "", rcpt: str = PLAIN, sender: str = "lisa@example.com"
) -> Any:
    """A customer's message to `rcpt`, From and MAIL FROM `sender`, through the pipeline."""
    return process(make_message(subject, body, sender=sender, to=rcpt), Envelope(sender, rcpt), deps)


def reply_to_request(deps: Deps, rcpt: str, body: str = "yes") -> Any:
    return write(deps, "Re: Please confirm", body, rcpt)


def lisa_left_special_offers(engine: Engine) -> None:
    """lisa (C-1) unsubscribed from Special Offers herself: an opt-in may bring her back."""
    with db.sessions(engine)() as s, s.begin():
        ops.unsubscribe(
            s,
            ops.Actor("customer:lisa@example.com", "customer", datetime.now(UTC)),
            "lisa@example.com",
            "Special Offers",
            "C-1",
        )


# -- authenticated opt-outs apply at once -------------------------------------------------------


def test_dkim_authenticated_do_not_email_at_a_plain_address_applies_at_once(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    raw = make_message("Re: your statement", "Please remove me from your list.\n", sender="lisa@example.com")
    out = process(signing.sign(raw, "example.com"), Envelope("lisa@example.com", PLAIN), deps)
    assert out.status == "do-not-email" and out.changes == 1
    assert out.auth is not None and "dkim" in out.auth
    assert statuses(engine, "lisa@example.com") == ["do_not_email"]
    [row] = outbox(engine)
    assert (row.kind, row.rcpt_to) == ("customer", "lisa@example.com")
    assert b"remove me" not in row.data and "In-Reply-To" not in parse(row.data)


def test_spf_pass_for_an_aligned_envelope_sender_authenticates_a_stop(engine: Engine, deps: Deps) -> None:
    sender = f"sam@{SPF_DOMAIN}"
    raw = make_message("STOP", "", sender=sender)
    out = process(raw, Envelope(f"bounces@mail.{SPF_DOMAIN}", PLAIN, CUSTOMER_IP), deps)
    assert out.status == "customer-unsubscribed" and out.changes == 1
    assert out.auth is not None and out.auth.startswith(f"spf=pass smtp.mailfrom=mail.{SPF_DOMAIN}")
    assert statuses(engine, sender) == ["unsubscribed"], "no conversation known: every conversation"


def test_spf_fail_is_not_authentication_and_asks_for_confirmation(engine: Engine, deps: Deps) -> None:
    sender = f"sam@{SPF_DOMAIN}"
    out = process(make_message("STOP", "", sender=sender), Envelope(sender, PLAIN, "198.51.100.9"), deps)
    assert out.status == "confirmation-requested" and out.changes == 0
    assert out.auth is not None and "spf=fail" in out.auth
    assert statuses(engine, sender) == []


def test_the_local_part_names_the_conversation(engine: Engine, deps: Deps, signing: Signing) -> None:
    raw = make_message("Re: your statement", "stop\n", sender="lisa@example.com", to=STATEMENTS)
    out = process(signing.sign(raw, "example.com"), Envelope("lisa@example.com", STATEMENTS), deps)
    assert out.status == "customer-unsubscribed"
    assert conversations(engine, "lisa@example.com") == {
        "Statements": "unsubscribed",
        "Special Offers": "subscribed",
    }
    assert statuses(engine, "lisa@example.com") == []


# -- unauthenticated opt-outs: confirm, apply, ignore -------------------------------------------


def test_unauthenticated_opt_out_is_confirmed_by_a_reply_to_the_single_use_address(
    engine: Engine, deps: Deps
) -> None:
    out = write(deps, "Re: Special offers", "Please stop emailing me, thanks\n")
    assert out.status == "confirmation-requested"
    assert statuses(engine, "lisa@example.com") == []
    [request] = outbox(engine)
    assert (request.kind, request.rcpt_to, request.mail_from) == ("customer", "lisa@example.com", "")
    assert b"emailing me" not in request.data, "the request echoes none of the incoming text"
    assert parse(request.data)["Auto-Submitted"] == "auto-replied"
    rcpt = confirm_address(request)

    auto = make_message(
        "Out of office",
        "I am away",
        sender="lisa@example.com",
        to=rcpt,
        headers=[("Auto-Submitted", "auto-replied")],
    )
    auto_out = process(auto, Envelope("lisa@example.com", rcpt), deps)
    assert auto_out.status == "kept" and statuses(engine, "lisa@example.com") == []

    assert reply_to_request(deps, rcpt).status == "do-not-email"
    assert statuses(engine, "lisa@example.com") == ["do_not_email"]
    assert [r.kind for r in outbox(engine)] == ["customer", "customer"], "request, then one confirmation"
    again = reply_to_request(deps, rcpt, "did it work?")
    assert again.status == "forwarded" and again.changes == 0, "single use: a second reply goes to a human"
    with db.sessions(engine)() as s:
        actions = [a.action for a in s.scalars(select(Audit).where(Audit.target == "lisa@example.com"))]
    assert "confirmation-requested" in actions and "do_not_email" in actions


def test_an_expired_confirmation_changes_nothing(engine: Engine, deps: Deps) -> None:
    write(deps, "stop")
    rcpt = confirm_address(outbox(engine)[0])
    with db.sessions(engine)() as s, s.begin():
        row = s.scalars(select(Confirmation)).one()
        row.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    assert reply_to_request(deps, rcpt).status == "forwarded"
    assert statuses(engine, "lisa@example.com") == []


def test_a_forged_from_cannot_opt_someone_out(engine: Engine, deps: Deps) -> None:
    # The attacker writes as lisa from their own server: the request goes to lisa, not to the
    # attacker's envelope address, and nothing changes until lisa answers it.
    raw = make_message("unsubscribe", "", sender="lisa@example.com")
    out = process(raw, Envelope("attacker@evil.example", PLAIN, "203.0.113.66"), deps)
    assert out.status == "confirmation-requested"
    assert [r.rcpt_to for r in outbox(engine)] == ["lisa@example.com"]
    assert statuses(engine, "lisa@example.com") == []
    assert conversations(engine, "lisa@example.com") == {
        "Statements": "subscribed",
        "Special Offers": "subscribed",
    }


def test_a_customer_cannot_change_another_customers_address(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    raw = make_message("Unsubscribe", "Please unsubscribe bob@example.com\n", sender="lisa@example.com")
    process(signing.sign(raw, "example.com"), Envelope("lisa@example.com", PLAIN), deps)
    assert statuses(engine, "bob@example.com") == []
    assert conversations(engine, "bob@example.com") == {
        "Statements": "subscribed",
        "Special Offers": "subscribed",
    }


@pytest.mark.parametrize(
    ("mode", "status", "suppressed"),
    [("apply", "customer-unsubscribed", ["unsubscribed"]), ("ignore", "forwarded", [])],
)
def test_unauthenticated_opt_out_modes(
    engine: Engine, configure: Callable[..., Deps], mode: str, status: str, suppressed: list[str]
) -> None:
    deps = configure(unauthenticated_opt_out=mode)
    out = write(deps, "STOP")
    assert out.status == status
    assert statuses(engine, "lisa@example.com") == suppressed
    if mode == "ignore":
        [row] = outbox(engine)
        assert row.kind == "forward" and parse(row.data)[CLASSIFICATION_HEADER].startswith(
            "intent=unsubscribe"
        )
        assert "ignored by configuration" in out.detail, "the log line says why nothing changed"


def test_requests_are_rate_limited_per_address_and_the_last_one_says_so(
    engine: Engine, configure: Callable[..., Deps]
) -> None:
    deps = configure(replies_per_day=2)
    results = [write(deps, "STOP").status for _ in range(3)]
    assert results == ["confirmation-requested", "confirmation-requested", "rate-limited"]
    first, second = outbox(engine)
    assert b"last message" not in first.data and b"last message we will send" in second.data


# -- what is not an opt-out reaches a human ------------------------------------------------------


def test_a_question_reaches_the_conversation_owner_with_its_classification(
    engine: Engine, deps: Deps
) -> None:
    body = "Why was I charged a late fee? Please remove the late fee.\n"
    out = write(deps, "Question", body, STATEMENTS)
    assert out.status == "forwarded"
    [row] = outbox(engine)
    assert (row.kind, row.rcpt_to) == ("forward", "owner@bank.example")
    forwarded = parse(row.data)
    assert forwarded[CLASSIFICATION_HEADER].startswith("intent=none")
    assert b"late fee" in row.data, "the original is attached"
    assert statuses(engine, "lisa@example.com") == []


def test_auto_replies_at_a_plain_address_are_never_answered(engine: Engine, deps: Deps) -> None:
    raw = make_message(
        "Out of office: STOP",
        "I am away",
        sender="lisa@example.com",
        headers=[("Auto-Submitted", "auto-replied")],
    )
    out = process(raw, Envelope("lisa@example.com", PLAIN), deps)
    assert out.status == "kept" and outbox(engine) == []


# -- opt-in needs proof; admin-only lifting -----------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("START", ""),
        ("Re: Special Offers", "I unsubscribed by mistake. Could you put me back on the list?\n"),
        ("Re: Ofertas", "Me di de baja sin querer, ¿me podéis volver a suscribir?\n"),
    ],
)
def test_start_at_a_reply_token_subscribes_only_after_confirmation(
    engine: Engine, deps: Deps, subject: str, body: str
) -> None:
    lisa_left_special_offers(engine)
    rcpt = token_address(engine, deps, "lisa@example.com", "C-1", "Special Offers", "reply")
    out = write(deps, subject, body, rcpt)
    assert out.status == "confirmation-requested"
    assert conversations(engine, "lisa@example.com")["Special Offers"] == "unsubscribed"
    [request] = outbox(engine)
    assert "subscription" in str(parse(request.data)["Subject"])
    assert reply_to_request(deps, confirm_address(request)).status == "subscribed"
    assert conversations(engine, "lisa@example.com")["Special Offers"] == "subscribed"


@pytest.mark.parametrize("blocker", ["staff", "complaint", "bounced"])
def test_opt_in_never_lifts_what_only_an_admin_may(engine: Engine, deps: Deps, blocker: str) -> None:
    with db.sessions(engine)() as s, s.begin():
        if blocker == "staff":
            ops.unsubscribe(
                s, ops.Actor(ADMIN, "admin", datetime.now(UTC)), "lisa@example.com", "Special Offers", "C-1"
            )
        else:
            ops.suppress(
                s,
                ops.Actor("customer:lisa@example.com", "customer", datetime.now(UTC)),
                "lisa@example.com",
                blocker,
            )
    rcpt = token_address(engine, deps, "lisa@example.com", "C-1", "Special Offers", "reply")
    out = write(deps, "START", "", rcpt)
    assert out.status == "forwarded"
    [row] = outbox(engine)
    assert row.kind == "forward" and b"only an admin" in row.data, "no confirmation request is sent"
    if blocker == "staff":
        assert conversations(engine, "lisa@example.com")["Special Offers"] == "unsubscribed"
    else:
        assert statuses(engine, "lisa@example.com") == [blocker]


# -- alerts, feedback loops, the hourly cap ------------------------------------------------------


def test_owners_who_asked_get_an_alert_of_every_opt_out(engine: Engine, deps: Deps, signing: Signing) -> None:
    with db.sessions(engine)() as s, s.begin():
        admin.set_alerts(s, OPERATOR, "Statements", True)
    raw = make_message("Re: statement", "Do not email me again.\n", sender="lisa@example.com")
    out = process(signing.sign(raw, "example.com"), Envelope("lisa@example.com", PLAIN), deps)
    assert out.status == "do-not-email"
    kinds = sorted((r.kind, r.rcpt_to) for r in outbox(engine))
    assert kinds == [("alert", "owner@bank.example"), ("customer", "lisa@example.com")]
    alert = next(r for r in outbox(engine) if r.kind == "alert")
    assert b"lisa@example.com" in alert.data and b"Statements" in alert.data
    assert b"Special Offers" not in alert.data, "only the conversation whose owner asked"


def _fbl_report(signing: Signing, complained: str, serial: int = 0) -> bytes:
    arf = (FIXTURES / "arf-yahoo-abuse-rfc822.eml").read_bytes()
    arf = arf.replace(b"<2026031108142.HPRyaHn3tQaQ@", f"<{serial}.fbl@".encode())
    arf = re.sub(rb"(?m)^From: .*\r?\n", b"From: Feedback <fbl@fbl.example>\r\n", arf, count=1)
    arf = re.sub(rb"(?m)^To: .*\r?\n", f"To: {PLAIN}\r\n".encode(), arf, count=1)
    return signing.sign(arf.replace(b"Pat.Moore@yahoo.com", complained.encode()), "fbl.example")


def test_an_authenticated_feedback_loop_report_at_a_plain_address_suppresses(
    engine: Engine, configure: Callable[..., Deps], signing: Signing
) -> None:
    deps = configure(feedback_loop_senders=["fbl.example"])
    out = process(_fbl_report(signing, "lisa@example.com"), Envelope("", PLAIN), deps)
    assert out.status == "complaint" and statuses(engine, "lisa@example.com") == ["complaint"]
    with db.sessions(engine)() as s:
        row = s.scalars(select(Audit).where(Audit.action == "complaint")).one()
    assert row.actor == "feedback-loop:fbl@fbl.example"


def test_a_forged_feedback_loop_report_suppresses_nobody(
    engine: Engine, configure: Callable[..., Deps], signing: Signing
) -> None:
    deps = configure(feedback_loop_senders=["fbl.example"])
    signed = _fbl_report(signing, "lisa@example.com")
    forged = signed.replace(b"lisa@example.com", b"bob@example.com")  # the body hash no longer matches
    assert process(forged, Envelope("", PLAIN), deps).status == "kept"
    assert statuses(engine, "bob@example.com") == []
    unlisted = configure()
    assert (
        process(_fbl_report(signing, "lisa@example.com", 1), Envelope("", PLAIN), unlisted).status == "kept"
    )
    assert statuses(engine, "lisa@example.com") == []


def test_the_hourly_cap_holds_mail_back_without_dropping_it(engine: Engine, deps: Deps) -> None:
    for _ in range(3):
        write(deps, "question", "how do I change my address?")
    now = datetime.now(UTC) + timedelta(seconds=1)
    with db.sessions(engine)() as s, s.begin():
        leased = queue.lease_due(s, now, timedelta(minutes=5), per_hour=2)
    assert len(leased) == 2
    with db.sessions(engine)() as s, s.begin():
        for row in leased:
            queue.mark_sent(s, row.pk, now)
        assert queue.lease_due(s, now, timedelta(minutes=5), per_hour=2) == []
    later = now + timedelta(hours=1, seconds=1)
    with db.sessions(engine)() as s, s.begin():
        assert len(queue.lease_due(s, later, timedelta(minutes=5), per_hour=2)) == 1


def test_revoked_token_has_no_effect(engine: Engine, deps: Deps) -> None:
    rcpt = token_address(engine, deps, "lisa@example.com", "C-1", "Statements", "unsubscribe")
    with db.sessions(engine)() as s, s.begin():
        admin.revoke_token(s, OPERATOR, rcpt, deps.token_keys)
    out = write(deps, "stop", "", rcpt)
    assert out.status == "not-staff" and out.changes == 0
    assert conversations(engine, "lisa@example.com")["Statements"] == "subscribed"


def test_conversation_alert_flag_defaults_off(engine: Engine, deps: Deps) -> None:
    with db.sessions(engine)() as s:
        assert not any(c.alert_owner for c in s.scalars(select(Conversation)))


# -- an out-of-office Subject without auto-reply headers never acts --------------------------------


@pytest.mark.parametrize(
    "subject",
    ["Respuesta automática: Su extracto", "Absent du bureau : relevé", "Afwezigheidsmelding: uw overzicht"],
)
def test_an_out_of_office_subject_at_an_unsubscribe_address_never_acts(
    engine: Engine, deps: Deps, subject: str
) -> None:
    # Clients that add no Auto-Submitted header: the Subject alone says the mail is automatic.
    rcpt = token_address(engine, deps, "lisa@example.com", "C-1", "Statements", "unsubscribe")
    out = write(deps, subject, "I am away until Monday. STOP\n", rcpt)
    assert out.status == "kept" and "out-of-office Subject" in out.detail
    assert conversations(engine, "lisa@example.com")["Statements"] == "subscribed"
    assert outbox(engine) == [], "an auto-reply is never answered"


def test_an_out_of_office_subject_never_completes_a_confirmation(engine: Engine, deps: Deps) -> None:
    lisa_left_special_offers(engine)
    rcpt = token_address(engine, deps, "lisa@example.com", "C-1", "Special Offers", "reply")
    assert write(deps, "START", "", rcpt).status == "confirmation-requested"
    [request] = outbox(engine)
    out = write(
        deps,
        "Abwesenheitsnotiz: Please confirm your subscription",
        "Ich bin im Urlaub.\n",
        confirm_address(request),
    )
    assert out.status == "kept"
    assert conversations(engine, "lisa@example.com")["Special Offers"] == "unsubscribed"
    assert len(outbox(engine)) == 1


def test_yes_to_mail_that_offers_no_subscription_reaches_a_person(engine: Engine, deps: Deps) -> None:
    rcpt = token_address(engine, deps, "lisa@example.com", "C-1", "Statements", "reply")
    out = write(deps, "Re: Is the meeting on Tuesday OK for you?", "YES\n", rcpt)
    assert out.status == "forwarded"
    [row] = outbox(engine)
    assert row.kind == "forward" and row.rcpt_to == "owner@bank.example", "no confirmation request"
    assert b"intent=unclear" in row.data
