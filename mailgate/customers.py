"""The customer path: every message that is not from staff. What arrives may act only on the customer
it is about, and only the way a careful human reader of it would:

- at a token address (`<local>+<token>@<domain>`, tokens.py) the token names the customer record and
  the conversation, and cannot be forged:
  - at an unsubscribe address (RFC 2369 List-Unsubscribe mailto), a human message unsubscribes that
    record from that conversation, whatever its body says;
  - at a bounce address (VERP), a DSN with a hard (5.x.x) failure marks the address `bounced` and
    suppresses it; soft bounces are counted;
  - at a bounce or unsubscribe address, an ARF complaint suppresses the address (`complaint`);
  - at a reply address, what the customer wrote is read (classify.py): an opt-out acts at once; a
    START/SUBSCRIBE gets a confirmation request; anything else goes to a human;
  - at a confirmation address (sent in a confirmation request; single-use, expiring), a human reply
    applies what was asked for.
- at a plain address (no token), the customer is whoever the From address is, and the conversation is
  the one the local part names (`statements@...`), else every conversation. An opt-out applies at once
  when the From domain authenticates (aligned DKIM, aligned SPF pass, or a trusted upstream verdict);
  otherwise `[customers] unauthenticated_opt_out` decides (confirm, apply, ignore).
- automated mail (auto-replies, list traffic, null sender, reports elsewhere) never acts and is never
  answered; an ARF complaint counts at a plain address only from a configured, authenticated
  feedback-loop sender.

Whatever is not an opt-out or an opt-in (a question, `unclear`) goes to the conversation's owner, or
`[human] forward_to`, with the original attached. `plan` and `plain_plan` read; `apply` writes inside
the caller's transaction."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from mailgate import reports, tokens
from mailgate.classify import Classification, automated_reason, classify
from mailgate.message import Inbound
from mailgate.store import fast, ops
from mailgate.store.models import (
    BOUNCED,
    COMPLAINT,
    DO_NOT_EMAIL,
    EMAIL,
    SUBSCRIBED,
    UNSUBSCRIBED,
    BounceCount,
    Confirmation,
    Conversation,
    Customer,
    Outbox,
    RevokedToken,
    Subscription,
    Suppression,
    insert_unless_taken,
    table,
)

KEEP = "keep"
FORWARD = "forward"
REQUEST = "request"
CONFIRMED = "confirmed"
OPT_OUTS = ("unsubscribe", "unsubscribe-all", "do-not-email")
SUBSCRIBE = "subscribe"
# Suppressions a customer's own (confirmed) opt-in may lift; staff, complaints and hard bounces need an
# admin (seed 003).
_CUSTOMER_SOURCE = "customer:"


@dataclass(frozen=True)
class Plan:
    """What a customer's message will do, decided before the transaction."""

    action: str  # OPT_OUTS, forward, request, confirmed, bounce-hard, bounce-soft, complaint, keep
    address: str
    customer_id: str | None  # None: every customer record with the address
    conversation: str | None  # None: every conversation
    evidence: str
    detail: str = ""
    owner: str | None = None
    classification: Classification | None = None
    pending: str | None = None  # request, confirmed: the action the confirmation is for
    nonce: str | None = None  # confirmed: the confirmation row
    source: str = ""  # who the change is recorded as coming from; default customer:<address>

    @property
    def actor(self) -> str:
        return self.source or f"customer:{self.address}"


def token_of(rcpt: str, keys: tuple[tokens.TokenKey, ...], now: datetime) -> tuple[tokens.Token, str] | None:
    """The verified token of a recipient and its text, or None (no keys, no token; RCPT already
    refused forgeries)."""
    _, text = tokens.split(rcpt.rpartition("@")[0])
    if text is None or not keys:
        return None
    try:
        return tokens.decode(text, keys, now), text
    except tokens.TokenError:
        return None


def plan(
    raw: bytes,
    inbound: Inbound,
    mail_from: str,
    token: tokens.Token,
    sessions: sessionmaker[Session],
    token_text: str,
    now: datetime,
) -> Plan | None:
    """The plan for a message to a token address; None when the token's customer or conversation is
    gone or the token was revoked (the message is then kept like any stranger's)."""
    if token.purpose == "confirm":
        return _confirm_plan(inbound, mail_from, sessions, token_text, now)
    with sessions() as s:
        customer = s.get(Customer, token.customer_pk)
        conversation = s.get(Conversation, token.conversation_pk)
        revoked = s.get(RevokedToken, token_text.lower()) is not None
    if customer is None or conversation is None or revoked:
        return None
    evidence = f"token {token.purpose} verified"
    base = Plan(KEEP, customer.address, customer.id, conversation.name, evidence, owner=conversation.owner)
    kind = inbound.report_type
    if kind == reports.FEEDBACK_REPORT and token.purpose in ("bounce", "unsubscribe"):
        return replace(base, action=COMPLAINT, detail="ARF complaint at a token address")
    if token.purpose == "bounce":
        if kind == reports.DELIVERY_STATUS:
            return _bounce_plan(base, raw)
        return replace(base, detail="not a DSN")
    automated = _automated(inbound, mail_from, kind)
    if automated:
        return replace(base, detail=automated)
    if token.purpose == "unsubscribe":
        return replace(base, action="unsubscribe", detail="message to the List-Unsubscribe address")
    return _read(base, classify(inbound), authenticated=True)


def plain_plan(
    inbound: Inbound,
    mail_from: str,
    local: str,
    conversation: Callable[[str], tuple[str, str | None] | None],
    unsubscribe_local: str,
) -> Plan:
    """The plan for a message to a plain address, before authentication (the caller settles an
    opt-out's REQUEST with `unauthenticated` or applies it). The customer is the From address; the
    conversation is the one the local part names (`conversation` gives its name and owner), else
    every conversation."""
    sender = inbound.from_address or ""
    automated = _automated(inbound, mail_from, inbound.report_type)
    if automated or not sender:
        return Plan(KEEP, sender, None, None, "plain address", automated or "no From address")
    name, owner = conversation(local) or (None, None)
    base = Plan(KEEP, sender, None, name, "plain address", owner=owner)
    if local == unsubscribe_local.lower():
        found = Classification("unsubscribe", "all", None, None, "message to the plain unsubscribe address")
        return _read(base, found, authenticated=False)
    return _read(base, classify(inbound), authenticated=False)


def feedback_loop_plan(raw: bytes, sender: str) -> Plan:
    """An ARF report at a plain address from an authenticated feedback-loop sender."""
    complaint = reports.parse_arf(raw)
    address = complaint.complained_address if complaint is not None else None
    if not address:
        return Plan(KEEP, sender, None, None, "feedback loop", "ARF report names no complaining address")
    evidence = f"ARF report from feedback loop {sender}"
    return Plan(
        COMPLAINT, address.lower(), None, None, evidence, "ARF complaint", source=f"feedback-loop:{sender}"
    )


def _automated(inbound: Inbound, mail_from: str, kind: str | None) -> str:
    what = kind or (None if mail_from else "null sender") or automated_reason(inbound)
    return f"automated mail never acts as a customer ({what})" if what else ""


def _read(base: Plan, found: Classification, authenticated: bool) -> Plan:
    """What the customer wrote decides: an opt-out (at once when `authenticated`, else awaiting the
    policy in `unauthenticated`), an opt-in (a confirmation request), or a human reads it."""
    base = replace(base, classification=found, detail=found.evidence)
    if found.intent == "unsubscribe":
        everything = found.scope == "all" or base.conversation is None
        action = "unsubscribe-all" if everything else "unsubscribe"
    elif found.intent == "do_not_email":
        action = "do-not-email"
    elif found.intent == "subscribe" and base.conversation is not None:
        return replace(base, action=REQUEST, pending=SUBSCRIBE)
    else:
        return replace(base, action=FORWARD)
    if action == "unsubscribe-all":
        base = replace(base, customer_id=None, conversation=None)
    return replace(base, action=action) if authenticated else replace(base, action=REQUEST, pending=action)


def unauthenticated(p: Plan, mode: str, can_confirm: bool) -> Plan:
    """An opt-out that did not authenticate, under `[customers] unauthenticated_opt_out`."""
    if p.action != REQUEST or p.pending not in OPT_OUTS:
        return p
    if mode == "apply":
        return replace(p, action=p.pending, pending=None, evidence=f"{p.evidence}; unauthenticated, applied")
    if mode == "confirm" and can_confirm:
        return p
    why = "ignored by configuration" if mode == "ignore" else "cannot confirm without [tokens] keys"
    return replace(p, action=FORWARD, detail=f"unauthenticated opt-out {why}; {p.detail}")


def _confirm_plan(
    inbound: Inbound, mail_from: str, sessions: sessionmaker[Session], nonce: str, now: datetime
) -> Plan | None:
    with sessions() as s:
        row = s.get(Confirmation, nonce)
        if row is None:
            return None
        customer = s.get(Customer, row.customer_pk) if row.customer_pk else None
        conv = s.get(Conversation, row.conversation_pk) if row.conversation_pk else None
    base = Plan(
        KEEP,
        row.address,
        customer.id if customer else None,
        conv.name if conv else None,
        "confirmation token verified",
        owner=conv.owner if conv else None,
        pending=row.action,
        nonce=nonce,
    )
    automated = _automated(inbound, mail_from, inbound.report_type)
    if automated:
        return replace(base, detail=automated)
    if row.used_at is not None or row.expires_at <= now:
        # A human wrote to a spent confirmation address: a person reads it.
        return replace(base, action=FORWARD, detail="reply to a used or expired confirmation request")
    return replace(base, action=CONFIRMED, detail=f"confirmation of {row.action}")


def _bounce_plan(base: Plan, raw: bytes) -> Plan:
    bounces = reports.parse_dsn(raw)
    hard = [b for b in bounces if b.hard]
    if hard:
        detail = f"DSN {hard[0].status}: {hard[0].diagnostic or ''}".strip()
        return replace(base, action="bounce-hard", detail=detail)
    if any(b.soft for b in bounces):
        return replace(base, action="bounce-soft", detail="DSN with a temporary failure")
    return replace(base, detail="DSN without a failure")


def apply(p: Plan, s: Session, actor: ops.Actor) -> tuple[str, int]:
    """Carry out a change the plan names, in the open transaction: (outcome status, changes)."""
    if p.action == "unsubscribe":
        assert p.conversation is not None
        result = ops.unsubscribe(s, actor, p.address, p.conversation, p.customer_id)
        if result.outcome == ops.UNKNOWN_CUSTOMER:
            # No record has the address yet: the opt-out still holds for records added later.
            result = ops.suppress(s, actor, p.address, UNSUBSCRIBED)
        return "customer-unsubscribed", int(result.outcome == ops.DONE)
    if p.action == "unsubscribe-all":
        result = ops.suppress(s, actor, p.address, UNSUBSCRIBED)
        return "customer-unsubscribed", int(result.outcome == ops.DONE)
    if p.action == "do-not-email":
        result = ops.suppress(s, actor, p.address, DO_NOT_EMAIL)
        return "do-not-email", int(result.outcome == ops.DONE)
    if p.action == "bounce-hard":
        _count_bounce(s, p.address, actor.now, hard=True, status=p.detail)
        result = ops.suppress(s, actor, p.address, BOUNCED)
        return "bounced", int(result.outcome == ops.DONE)
    if p.action == "bounce-soft":
        _count_bounce(s, p.address, actor.now, hard=False, status=p.detail)
        return "soft-bounce", 0
    if p.action == COMPLAINT:
        result = ops.suppress(s, actor, p.address, COMPLAINT)
        return "complaint", int(result.outcome == ops.DONE)
    if p.action == SUBSCRIBE:
        result = opt_in(s, actor, p.address, p.conversation, p.customer_id)
        if result.outcome == ops.NOT_PERMITTED:
            return "opt-in-refused", 0
        return "subscribed", int(result.outcome == ops.DONE)
    return "kept", 0


def opt_in_blocker(s: Session, address: str, conversation: str | None, customer_id: str | None) -> str | None:
    """Why a customer's own opt-in may not go ahead (None: it may): a suppression or unsubscribe set
    by staff, a complaint or a hard bounce is lifted only by an admin (seed 003)."""
    target = _opt_in_target(s, address, conversation, customer_id)
    return target if isinstance(target, str) else None


def _opt_in_target(
    s: Session, address: str, conversation: str | None, customer_id: str | None
) -> tuple[Customer, Conversation, Suppression | None] | str:
    """The record and conversation an opt-in would subscribe, with the suppression it would lift;
    or why it may not."""
    if conversation is None:
        return "no conversation named"
    conv = ops.find_conversation(s, conversation)
    records = ops.customers_for(s, address, customer_id)
    if conv is None or len(records) != 1:
        return "no single customer record with this address" if conv else "unknown conversation"
    rows = ops.suppressions(s, address)
    for row in rows:
        if row.kind in (BOUNCED, COMPLAINT) or not row.source.startswith(_CUSTOMER_SOURCE):
            return f"{row.kind.replace('_', ' ')} set by {row.source}; only an admin may lift it"
    sub = ops.subscription(records[0], conv)
    if sub is not None and sub.state != SUBSCRIBED and not sub.source.startswith(_CUSTOMER_SOURCE):
        return f"unsubscribed by {sub.source}; only an admin may put it back"
    return records[0], conv, rows[0] if rows else None


def opt_in(
    s: Session, actor: ops.Actor, address: str, conversation: str | None, customer_id: str | None
) -> ops.Result:
    """A confirmed opt-in: subscribes the one customer record to the conversation, lifting only the
    customer's own earlier opt-outs (for this conversation only, like an admin's lift)."""
    target = _opt_in_target(s, address, conversation, customer_id)
    if isinstance(target, str):
        ops.audit(s, actor, "subscribe", address, f"{ops.NOT_PERMITTED}: {target}", conversation)
        return ops.Result(ops.NOT_PERMITTED, target)
    customer, conv, blocked = target
    lifted = ops.lift(s, actor, customer, conv, blocked) if blocked is not None else ""
    changed = ops.put_state(s, customer, conv, SUBSCRIBED, actor)
    outcome = ops.DONE if changed or lifted else ops.ALREADY
    result = ops.Result(outcome, f"{address} (id:{customer.id}) subscribed to {conv.name}{lifted}")
    ops.audit(s, actor, "subscribe", address, f"{result.outcome}: {result.detail}", conversation)
    return result


# Per-message statements, built once (see store/queue.py). A new confirmation is one INSERT that does
# nothing when its random token is taken (then another is drawn), as a claim is (store/queue.py).
_NEW_CONFIRMATION = fast.Statement(insert_unless_taken(Confirmation, "nonce"))
_SENT_TODAY = fast.Statement(
    select(func.count())
    .select_from(table(Outbox))
    .where(
        table(Outbox).c.rcpt_to == bindparam("rcpt"),
        table(Outbox).c.created_at > bindparam("since"),
        table(Outbox).c.kind == "customer",
    )
)


def new_confirmation(
    s: Session, p: Plan, keys: tuple[tokens.TokenKey, ...], now: datetime, hours: float
) -> str:
    """Record a pending confirmation of `p.pending` and return its single-use token text. The token
    names a random number rather than the customer, so each request gets its own address."""
    expires = now + timedelta(hours=hours)
    conv = ops.find_conversation(s, p.conversation) if p.conversation else None
    records = ops.customers_for(s, p.address, p.customer_id) if p.customer_id else []
    conn = s.connection()
    row = {
        "action": p.pending or "",
        "address": p.address,
        "customer_pk": records[0].pk if records else None,
        "conversation_pk": conv.pk if conv else None,
        "created_at": now,
        "expires_at": expires,
    }
    while True:
        token = tokens.Token("confirm", secrets.randbits(32), conv.pk if conv else 0, EMAIL, expires.date())
        text = tokens.encode(token, keys)
        if _NEW_CONFIRMATION.run(conn, {**row, "nonce": text}) is not None:
            break
    ops.audit(
        s,
        ops.Actor(p.actor, "customer", now, p.evidence),
        "confirmation-requested",
        p.address,
        f"pending: {p.pending} (expires {expires:%Y-%m-%d %H:%M}Z)",
        p.conversation,
    )
    return text


def use_confirmation(s: Session, nonce: str, now: datetime) -> bool:
    """Mark the confirmation used; False when another message used it first (single use)."""
    stmt = (
        update(Confirmation)
        .where(Confirmation.nonce == nonce, Confirmation.used_at.is_(None), Confirmation.expires_at > now)
        .values(used_at=now)
        .returning(Confirmation.nonce)
    )
    return s.execute(stmt).first() is not None


def alert_owners(s: Session, address: str, conversation: str | None) -> list[tuple[str, str]]:
    """(owner, conversation) pairs to alert about an opt-out: the owners who asked for alerts
    (conversations.alert_owner) of the conversation, or, for an address-wide opt-out, of every
    conversation the address was subscribed to."""
    query = select(Conversation).where(Conversation.alert_owner.is_(True), Conversation.owner.is_not(None))
    if conversation is not None:
        query = query.where(Conversation.key == ops.conversation_key(conversation))
    else:
        subscribed = (
            select(Subscription.conversation_pk)
            .join(Customer, Customer.pk == Subscription.customer_pk)
            .where(Customer.address == address)
        )
        query = query.where(Conversation.pk.in_(subscribed))
    return [(c.owner, c.name) for c in s.scalars(query.order_by(Conversation.pk)) if c.owner]


def _count_bounce(s: Session, address: str, now: datetime, hard: bool, status: str) -> None:
    row = s.get(BounceCount, address)
    if row is None:
        row = BounceCount(address=address, soft=0, hard=0, last_at=now)
        s.add(row)
    row.hard += int(hard)
    row.soft += int(not hard)
    row.last_status, row.last_at = status[:16], now


def replies_left(s: Session, address: str, now: datetime, per_day: int) -> int:
    """How many more messages mailgate may send `address` today. Mail to customers (who did not
    authenticate) is capped per address per day, so mailgate cannot be used to bomb a third party."""
    row = _SENT_TODAY.run(s.connection(), {"rcpt": address, "since": now - timedelta(days=1)})
    return max(0, per_day - int(row[0] if row else 0))
