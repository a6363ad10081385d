"""Pipeline tier: real database (SQLite and PostgreSQL), real DKIM signatures checked through the test
DNS server, no socket. Each test states what must happen to the database, the audit log and the outbox."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from mailgate.errors import StoreUnavailable, TemporaryDNSError
from mailgate.pipeline import Deps, Envelope, process
from mailgate.store import admin, db, ops, queue
from mailgate.store.models import Audit, Claim, Outbox, RawMessage, Subscription, Suppression
from tests.dnsserver import DNSServer
from tests.seed import OPERATOR, seed
from tests.support import ADMIN, CSR, REPLY_ADDR, Signing, make_message, parse

ENV = Envelope(mail_from=CSR, rcpt=REPLY_ADDR, peer="192.0.2.10")


@pytest.fixture(autouse=True)
def _seeded(engine: Engine) -> None:
    seed(engine)


def status(engine: Engine, address: str) -> dict[str, object]:
    with db.sessions(engine)() as s:
        return admin.status(s, address)


def rows(engine: Engine, model: type) -> list:  # type: ignore[type-arg]
    with db.sessions(engine)() as s:
        return list(s.scalars(select(model)))


def only_reply(engine: Engine) -> tuple[Outbox, object]:
    outbox = rows(engine, Outbox)
    assert len(outbox) == 1, [o.kind for o in outbox]
    return outbox[0], parse(outbox[0].data)


def results_json(message: object) -> dict[str, object]:
    for part in message.iter_attachments():  # type: ignore[attr-defined]
        if part.get_content_type() == "application/json":
            return json.loads(part.get_content())  # type: ignore[no-any-return]
    raise AssertionError("no JSON part")


def test_signed_unsubscribe_all_suppresses_address_and_confirms(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    raw = signing.sign(make_message("Unsubscribe lisa@example.com"))
    out = process(raw, ENV, deps)
    assert out.status == "applied" and out.changes == 1
    state = status(engine, "lisa@example.com")
    assert state["suppressed"] is True
    assert state["customers"] == [
        {"id": "C-1", "conversations": {"Special Offers": "unsubscribed", "Statements": "unsubscribed"}}
    ]
    row, reply = only_reply(engine)
    assert row.rcpt_to == CSR and row.mail_from == "" and row.status == "pending"
    assert b"\n" not in row.data.replace(b"\r\n", b""), "outgoing mail must use CRLF line endings"
    assert reply["Auto-Submitted"] == "auto-replied" and reply["X-Mailgate-Reply"]
    assert reply["In-Reply-To"] == parse(raw)["Message-ID"]
    assert "Unsubscribe" not in reply["Subject"]
    result = results_json(reply)["results"][0]  # type: ignore[index]
    assert result["outcome"] == "done" and result["address"] == "lisa@example.com"
    audit = [a for a in rows(engine, Audit) if a.action == "unsubscribe"]
    assert audit[0].actor == CSR and "d=bank.example" in (audit[0].evidence or "")
    assert len(rows(engine, RawMessage)) == 1


def test_named_conversation_matches_case_and_spaces_for_every_record(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    raw = signing.sign(make_message("Unsubscribe <bob@example.com>   special   OFFERS"))
    assert process(raw, ENV, deps).changes == 1
    state = status(engine, "bob@example.com")
    assert state["suppressed"] is False
    for customer in state["customers"]:  # type: ignore[attr-defined]
        assert customer["conversations"] == {"Special Offers": "unsubscribed", "Statements": "subscribed"}


def test_unknown_conversation_changes_nothing_and_suggests_names(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    raw = signing.sign(make_message("Unsubscribe lisa@example.com Statement"))
    process(raw, ENV, deps)
    assert status(engine, "lisa@example.com")["customers"][0]["conversations"]["Statements"] == "subscribed"  # type: ignore[index]
    _, reply = only_reply(engine)
    result = results_json(reply)["results"][0]  # type: ignore[index]
    assert result["outcome"] == "unknown conversation" and "Statements" in result["suggestions"]


def test_redelivered_message_changes_nothing_and_sends_no_second_reply(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    raw = signing.sign(make_message("Unsubscribe lisa@example.com Statements"))
    assert process(raw, ENV, deps).status == "applied"
    again = process(raw, ENV, deps)
    assert again.status == "duplicate"
    assert len(rows(engine, Outbox)) == 1 and len(rows(engine, Claim)) == 1
    assert len([a for a in rows(engine, Audit) if a.action == "unsubscribe"]) == 1


def test_two_recipients_are_claimed_separately(engine: Engine, deps: Deps, signing: Signing) -> None:
    raw = signing.sign(make_message("Unsubscribe lisa@example.com Statements"))
    process(raw, ENV, deps)
    second = process(raw, Envelope(CSR, "other@reply.bank.example", "192.0.2.10"), deps)
    assert second.status == "applied" and second.changes == 0
    assert len(rows(engine, Claim)) == 2


def test_spoofed_from_signed_by_other_domain_changes_nothing_and_warns_without_echo(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    raw = signing.sign(
        make_message("Unsubscribe lisa@example.com", "secret words"), domain="attacker.example"
    )
    out = process(raw, ENV, deps)
    assert out.status == "not-authenticated"
    assert status(engine, "lisa@example.com")["suppressed"] is False
    row, reply = only_reply(engine)
    assert row.kind == "auth-warning" and row.rcpt_to == CSR
    assert b"lisa@example.com" not in row.data and b"secret words" not in row.data
    assert reply["In-Reply-To"] is None
    assert any(a.action == "refused" for a in rows(engine, Audit))


def test_staff_without_signature_is_refused(engine: Engine, deps: Deps) -> None:
    out = process(make_message("Unsubscribe lisa@example.com"), ENV, deps)
    assert out.status == "not-authenticated"
    assert rows(engine, Suppression) == []


def test_tampered_body_fails_signature(engine: Engine, deps: Deps, signing: Signing) -> None:
    raw = signing.sign(make_message("Unsubscribe lisa@example.com", "Reason: asked by phone\n"))
    raw = raw.replace(b"asked by phone", b"asked by email")
    assert process(raw, ENV, deps).status == "not-authenticated"
    assert rows(engine, Suppression) == []


def test_prepended_second_subject_on_signed_message_is_refused(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    raw = signing.sign(make_message("Hello"))
    raw = b"Subject: Unsubscribe lisa@example.com\r\n" + raw
    out = process(raw, ENV, deps)
    assert out.status == "not-authenticated" and "Subject" in (out.auth or "")
    assert rows(engine, Suppression) == []


def test_old_date_is_refused_as_replay(engine: Engine, deps: Deps, signing: Signing) -> None:
    old = datetime.now(UTC) - timedelta(days=4)
    raw = signing.sign(make_message("Unsubscribe lisa@example.com", date=old))
    assert process(raw, ENV, deps).status == "not-authenticated"
    assert rows(engine, Suppression) == []


def test_stranger_naming_another_address_changes_nothing_and_reaches_a_human(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    # Not staff, so the customer path: it may act only on the From address, never on lisa@.
    raw = signing.sign(make_message("Unsubscribe lisa@example.com", sender="someone@bank.example"))
    out = process(raw, Envelope("someone@bank.example", REPLY_ADDR), deps)
    assert out.status == "forwarded"
    assert rows(engine, Suppression) == [] and len(rows(engine, RawMessage)) == 1
    assert [(o.kind, o.rcpt_to) for o in rows(engine, Outbox)] == [("forward", deps.config.human.forward_to)]


def test_upstream_verdict_from_untrusted_peer_is_ignored(engine: Engine, deps: Deps) -> None:
    ar = (
        "Authentication-Results",
        "mx.bank.example; dkim=pass header.d=bank.example; dmarc=pass header.from=bank.example",
    )
    out = process(make_message("Unsubscribe lisa@example.com", headers=[ar]), ENV, deps)
    assert out.status == "not-authenticated"


def test_upstream_verdict_from_trusted_relay_is_accepted(
    engine: Engine, make_config, signing: Signing
) -> None:  # type: ignore[no-untyped-def]
    from mailgate.app import build_deps

    cfg = make_config(auth={"trusted_authserv_ids": ["mx.bank.example"], "trusted_relays": ["192.0.2.0/24"]})
    ar = ("Authentication-Results", "mx.bank.example; dmarc=pass header.from=bank.example")
    out = process(make_message("Unsubscribe lisa@example.com", headers=[ar]), ENV, build_deps(cfg, engine))
    assert out.status == "applied"
    assert status(engine, "lisa@example.com")["suppressed"] is True


def test_dns_servfail_raises_temporary_and_keeps_nothing_then_retry_succeeds(
    engine: Engine, deps: Deps, signing: Signing, dns_server: DNSServer
) -> None:
    raw = signing.sign(make_message("Unsubscribe lisa@example.com"))
    name = "sel1._domainkey.bank.example"
    dns_server.servfail(name)
    try:
        with pytest.raises(TemporaryDNSError):
            process(raw, ENV, deps)
        assert rows(engine, Claim) == [] and rows(engine, Outbox) == []
    finally:
        dns_server.servfail_names.discard(name)
    assert process(raw, ENV, deps).status == "applied"


def test_csr_may_not_put_back_unsubscribed_customer_but_admin_with_reason_may(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    process(signing.sign(make_message("Unsubscribe lisa@example.com Statements")), ENV, deps)
    process(signing.sign(make_message("Subscribe lisa@example.com Statements")), ENV, deps)
    conversations = status(engine, "lisa@example.com")["customers"][0]["conversations"]  # type: ignore[index]
    assert conversations["Statements"] == "unsubscribed"
    no_reason = signing.sign(make_message("Subscribe lisa@example.com Statements", sender=ADMIN))
    process(no_reason, Envelope(ADMIN, REPLY_ADDR), deps)
    assert status(engine, "lisa@example.com")["customers"][0]["conversations"]["Statements"] == "unsubscribed"  # type: ignore[index]
    body = "Subscribe lisa@example.com Statements\nReason: customer called back, ticket 42\n"
    process(signing.sign(make_message("Restore", body, sender=ADMIN)), Envelope(ADMIN, REPLY_ADDR), deps)
    assert status(engine, "lisa@example.com")["customers"][0]["conversations"]["Statements"] == "subscribed"  # type: ignore[index]
    with db.sessions(engine)() as s:
        sub = s.scalars(select(Subscription).where(Subscription.source == ADMIN)).one()
        assert sub.reason == "customer called back, ticket 42"


def test_unsubscribe_and_subscribe_alternating_in_one_message_each_see_the_one_before(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    # Unsubscribe runs in Core statements and subscribe through the ORM, in one transaction: each must
    # see what the previous command wrote (pending ORM changes flushed, loaded objects expired).
    lines = ["Unsubscribe lisa@example.com Statements", "Subscribe lisa@example.com Statements"] * 2
    body = "\n".join(lines) + "\nReason: customer changed their mind twice on the phone\n"
    message = signing.sign(make_message("Changes", body, sender=ADMIN))
    assert process(message, Envelope(ADMIN, REPLY_ADDR), deps).changes == 4
    assert status(engine, "lisa@example.com")["customers"][0]["conversations"]["Statements"] == "subscribed"  # type: ignore[index]
    done = [(a.action, a.outcome.split(":")[0]) for a in rows(engine, Audit) if a.actor == ADMIN]
    assert done == [("unsubscribe", "done"), ("subscribe", "done")] * 2
    process(signing.sign(make_message("Changes", body.replace("Subscribe", "Unsubscribe", 1), sender=ADMIN)),
            Envelope(ADMIN, REPLY_ADDR), deps)  # fmt: skip
    assert status(engine, "lisa@example.com")["customers"][0]["conversations"]["Statements"] == "subscribed"  # type: ignore[index]


def test_unsubscribe_covers_records_with_and_without_a_row_and_a_repeat_is_already_so(engine: Engine) -> None:
    # C-3 has a "Relevés mensuels" subscription, C-2 has none: one record is updated, the other gets
    # an unsubscribed row; asking again changes nothing.
    actor = ops.Actor(CSR, "csr", datetime.now(UTC))
    with db.sessions(engine)() as s, s.begin():
        assert ops.subscribe(s, actor, "bob@example.com", "Relevés mensuels", "C-3").outcome == ops.DONE
    with db.sessions(engine)() as s, s.begin():
        first = ops.unsubscribe(s, actor, "bob@example.com", "relevés MENSUELS")
        again = ops.unsubscribe(s, actor, "bob@example.com", "Relevés mensuels")
    assert (first.outcome, first.detail) == (
        ops.DONE,
        "bob@example.com unsubscribed from Relevés mensuels (2 customer records)",
    )
    assert again.outcome == ops.ALREADY
    for customer in status(engine, "bob@example.com")["customers"]:  # type: ignore[attr-defined]
        assert customer["conversations"]["Relevés mensuels"] == "unsubscribed"
    with db.sessions(engine)() as s:
        rows = s.scalars(select(Subscription).where(Subscription.source == CSR)).all()
        assert len(rows) == 2


def test_admin_subscribe_lifts_suppression_for_that_conversation_only(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    process(signing.sign(make_message("Unsubscribe lisa@example.com")), ENV, deps)
    body = "Subscribe lisa@example.com Statements\nReason: written consent received\n"
    process(signing.sign(make_message("Restore", body, sender=ADMIN)), Envelope(ADMIN, REPLY_ADDR), deps)
    state = status(engine, "lisa@example.com")
    assert state["suppressed"] is False
    assert state["customers"][0]["conversations"] == {
        "Special Offers": "unsubscribed",  # type: ignore[index]
        "Statements": "subscribed",
    }


def test_subscribe_on_shared_address_needs_customer_id(engine: Engine, deps: Deps, signing: Signing) -> None:
    process(signing.sign(make_message("Subscribe bob@example.com Relevés mensuels")), ENV, deps)
    assert all(
        "Relevés mensuels" not in c["conversations"] for c in status(engine, "bob@example.com")["customers"]
    )  # type: ignore[attr-defined]
    process(signing.sign(make_message("Subscribe bob@example.com id:C-3 relevés MENSUELS")), ENV, deps)
    customers = {c["id"]: c["conversations"] for c in status(engine, "bob@example.com")["customers"]}  # type: ignore[attr-defined]
    assert customers["C-3"]["Relevés mensuels"] == "subscribed"
    assert "Relevés mensuels" not in customers["C-2"]


def test_suppression_holds_for_customer_records_added_later(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    process(signing.sign(make_message("Unsubscribe new@example.com")), ENV, deps)
    with db.sessions(engine)() as s, s.begin():
        customer = admin.add_customer(s, OPERATOR, "new@example.com", "C-9")
        refused = ops.subscribe(s, OPERATOR, "new@example.com", "Statements", "C-9")
        # An import that writes the row directly is still overridden by the address suppression.
        s.add(
            Subscription(
                customer=customer,
                conversation=admin.get_conversation(s, "Statements"),
                channel="email",
                state="subscribed",
                source="import",
                updated_at=OPERATOR.now,
            )
        )
    assert refused.outcome == ops.NOT_PERMITTED
    state = status(engine, "new@example.com")
    assert state["suppressed"] is True
    assert state["customers"][0]["conversations"] == {"Statements": "unsubscribed"}  # type: ignore[index]


def test_message_without_command_gets_the_grammar(engine: Engine, deps: Deps, signing: Signing) -> None:
    process(signing.sign(make_message("Question", "Can you help with lisa's account?\n")), ENV, deps)
    row, reply = only_reply(engine)
    assert row.kind == "grammar"
    assert "Unsubscribe" in reply.get_content()  # type: ignore[attr-defined]


def test_reply_to_mailgates_own_confirmation_never_runs_again(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    process(signing.sign(make_message("Unsubscribe lisa@example.com Statements")), ENV, deps)
    row, _ = only_reply(engine)
    bounced = signing.sign(row.data)
    out = process(bounced, Envelope(CSR, REPLY_ADDR), deps)
    assert out.status == "own-mail"
    assert len(rows(engine, Outbox)) == 1


def test_csr_reply_quoting_the_confirmation_runs_no_command(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    process(signing.sign(make_message("Unsubscribe lisa@example.com Statements")), ENV, deps)
    _, confirmation = only_reply(engine)
    quoted = "\n".join("> " + line for line in confirmation.get_body(("plain",)).get_content().splitlines())
    body = f"Thanks!\n\nOn Mon, 23 Nov 2026, mailgate <mailgate@reply.bank.example> wrote:\n{quoted}\n"
    out = process(signing.sign(make_message("Re: " + str(confirmation["Subject"]), body)), ENV, deps)
    assert out.status == "no-command"
    assert len([a for a in rows(engine, Audit) if a.action == "unsubscribe"]) == 1


def test_null_envelope_sender_gets_no_reply(engine: Engine, deps: Deps, signing: Signing) -> None:
    raw = signing.sign(make_message("Unsubscribe lisa@example.com"))
    assert process(raw, Envelope("", REPLY_ADDR), deps).status == "applied"
    assert rows(engine, Outbox) == []
    assert status(engine, "lisa@example.com")["suppressed"] is True


def test_postmaster_mail_is_forwarded_to_a_human(engine: Engine, deps: Deps) -> None:
    raw = make_message("Your server", "hello postmaster", sender="admin@isp.example")
    out = process(raw, Envelope("admin@isp.example", "postmaster@reply.bank.example"), deps)
    assert out.status == "forwarded"
    row, reply = only_reply(engine)
    assert row.rcpt_to == "postmaster-human@bank.example"
    assert any(p.get_content_type() == "message/rfc822" for p in reply.iter_attachments())  # type: ignore[attr-defined]


def test_database_locked_past_busy_timeout_is_temporary_and_keeps_nothing(
    engine: Engine, deps: Deps, signing: Signing, db_url: str
) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the lock scenario is SQLite's; PostgreSQL outage is covered end to end")
    raw = signing.sign(make_message("Unsubscribe lisa@example.com"))
    import sqlite3

    path = db_url.removeprefix("sqlite:///")
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreUnavailable):
            process(raw, ENV, deps)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert rows(engine, Claim) == []
    assert process(raw, ENV, deps).status == "applied"


def test_stranger_costs_no_dns_lookup(
    engine: Engine, deps: Deps, signing: Signing, dns_server: DNSServer
) -> None:
    # The From address is looked up among staff before any DKIM work: a DNS outage cannot make
    # strangers' mail fail, and strangers cannot make mailgate query DNS.
    raw = signing.sign(make_message("Unsubscribe lisa@example.com", sender="someone@bank.example"))
    before = len(dns_server.queries)
    dns_server.servfail("bank.example")
    try:
        out = process(raw, Envelope("someone@bank.example", REPLY_ADDR), deps)
    finally:
        dns_server.servfail_names.discard("bank.example")
    assert out.status == "forwarded"  # not an opt-out for its sender: nothing to authenticate
    assert len(dns_server.queries) == before


@pytest.mark.parametrize(
    "header",
    [
        ("Precedence", "bulk"),
        ("Auto-Submitted", "auto-generated"),
        ("List-Id", "<csr.bank.example>"),
        ("X-Autoreply", "yes"),
    ],
)
def test_automated_staff_mail_is_applied_but_never_answered(
    engine: Engine, deps: Deps, signing: Signing, header: tuple[str, str]
) -> None:
    raw = signing.sign(make_message("Unsubscribe lisa@example.com", headers=[header]))
    assert process(raw, ENV, deps).status == "applied"
    assert rows(engine, Outbox) == []


def test_raw_copies_older_than_retention_are_purged(engine: Engine, deps: Deps, signing: Signing) -> None:
    process(signing.sign(make_message("Unsubscribe lisa@example.com")), ENV, deps)
    with db.sessions(engine)() as s, s.begin():
        assert queue.purge_raw(s, datetime.now(UTC) - timedelta(days=1)) == 0
    with db.sessions(engine)() as s, s.begin():
        assert queue.purge_raw(s, datetime.now(UTC) + timedelta(seconds=1)) == 1
    assert rows(engine, RawMessage) == []
    assert len(rows(engine, Audit)) > 0, "the audit trail outlives the raw copy"


def test_outbox_row_fails_when_its_queue_lifetime_is_over(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    process(signing.sign(make_message("Unsubscribe lisa@example.com")), ENV, deps)
    row = rows(engine, Outbox)[0]
    lease = timedelta(minutes=5)
    with db.sessions(engine)() as s, s.begin():
        assert [r.pk for r in queue.lease_due(s, row.created_at, lease)] == [row.pk]
        assert queue.mark_retry(s, row.pk, row.created_at, timedelta(hours=1), "451 busy") == queue.PENDING
    late = row.expires_at - timedelta(minutes=1)
    with db.sessions(engine)() as s, s.begin():
        assert [r.pk for r in queue.lease_due(s, late, lease)] == [row.pk]
        assert queue.mark_retry(s, row.pk, late, timedelta(hours=1), "451 busy") == queue.FAILED
    failed = rows(engine, Outbox)[0]
    assert failed.attempts == 2 and "queue lifetime" in (failed.last_error or "")


def test_leased_row_past_its_lifetime_fails_instead_of_retrying_forever(
    engine: Engine, deps: Deps, signing: Signing
) -> None:
    # A row whose sending kills the worker is never marked by the worker; leasing counts the attempt
    # and the lifetime check happens at lease time.
    process(signing.sign(make_message("Unsubscribe lisa@example.com")), ENV, deps)
    row = rows(engine, Outbox)[0]
    with db.sessions(engine)() as s, s.begin():
        queue.lease_due(s, row.created_at, timedelta(seconds=1))
    after = row.expires_at + timedelta(seconds=1)
    with db.sessions(engine)() as s, s.begin():
        assert queue.lease_due(s, after, timedelta(seconds=1)) == []
    failed = rows(engine, Outbox)[0]
    assert failed.status == "failed" and failed.attempts == 1
    assert failed.last_error == "not sent (gave up: queue lifetime over)"


def test_staff_changes_reach_the_cache_within_its_ttl(engine: Engine) -> None:
    now = [0.0]
    cache = admin.StaffCache(db.sessions(engine), ttl=2.0, clock=lambda: now[0])
    assert cache.role(CSR) == "csr"
    with db.sessions(engine)() as s, s.begin():
        admin.remove_staff(s, OPERATOR, CSR)
    now[0] = 1.0
    assert cache.role(CSR) == "csr", "within the TTL the cached role stands"
    now[0] = 2.5
    assert cache.role(CSR) is None


def test_a_new_conversation_reaches_the_plain_address_cache_within_its_ttl(engine: Engine) -> None:
    now = [0.0]
    cache = admin.ConversationCache(db.sessions(engine), ttl=2.0, size=2, clock=lambda: now[0])
    assert cache.get("offers") is None
    with db.sessions(engine)() as s, s.begin():
        admin.add_conversation(s, OPERATOR, "Offers", owner="owner@bank.example")
    now[0] = 1.0
    assert cache.get("offers") is None, "within the TTL the cached miss stands"
    now[0] = 2.5
    assert cache.get("offers") == cache.get("OFFERS") == ("Offers", "owner@bank.example")


def test_the_plain_address_cache_holds_at_most_its_size(engine: Engine) -> None:
    cache = admin.ConversationCache(db.sessions(engine), ttl=60.0, size=2, clock=lambda: 0.0)
    assert cache.get("loans") is None and cache.get("offers") is None
    with db.sessions(engine)() as s, s.begin():
        admin.add_conversation(s, OPERATOR, "Loans", owner=None)
    assert cache.get("loans") is None, "cached"
    assert cache.get("cards") is None  # a third name: the cache of two starts again empty
    assert cache.get("loans") == ("Loans", None)
