"""The customer path for mail to token addresses (issue 4, first part). A token names one customer
record, one conversation and a purpose, and cannot be forged, so what arrives there may act on that
customer, and only on that customer:

- at an unsubscribe address (RFC 2369 List-Unsubscribe mailto), a human message unsubscribes that
  customer record from that conversation, whatever its body says, and the customer gets one
  confirmation (never to automated mail, at most `[customers] replies_per_day` a day);
- at a bounce address (VERP), a DSN with a hard (5.x.x) failure marks the address `bounced` and
  suppresses it; soft bounces are counted;
- at a bounce or unsubscribe address, an ARF complaint suppresses the address (`complaint`);
- automated mail (auto-replies, list traffic, null sender, reports elsewhere) never acts: it is kept.

- at a reply address, what the customer wrote is read (classify.py): an opt-out acts at once (the
  token proves whose it is); anything else goes to the conversation's owner, or [human] forward_to,
  with the original attached and the classification in a header, so no customer's message is lost.

Mail to plain addresses (no token) still takes the not-staff path (kept, not answered) until the
confirmation step for unauthenticated opt-outs exists. `plan` reads; `apply` writes inside the caller's
transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mailgate import reports, tokens
from mailgate.classify import Classification, classify
from mailgate.message import Inbound
from mailgate.store import ops
from mailgate.store.models import (
    BOUNCED,
    COMPLAINT,
    DO_NOT_EMAIL,
    UNSUBSCRIBED,
    BounceCount,
    Conversation,
    Customer,
    Outbox,
    RevokedToken,
)

KEEP = "keep"
OPT_OUTS = ("unsubscribe", "unsubscribe-all", "do-not-email")


@dataclass(frozen=True)
class Plan:
    """What a message to a token address will do, decided before the transaction."""

    action: (
        str  # unsubscribe, unsubscribe-all, do-not-email, forward, bounce-hard, bounce-soft, complaint, keep
    )
    address: str
    customer_id: str
    conversation: str
    evidence: str
    detail: str = ""
    owner: str | None = None
    classification: Classification | None = None


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
) -> Plan | None:
    """The plan for a message to a token address; None when the token's customer or conversation is
    gone or the token was revoked (the message is then kept like any stranger's)."""
    with sessions() as s:
        customer = s.get(Customer, token.customer_pk)
        conversation = s.get(Conversation, token.conversation_pk)
        revoked = s.get(RevokedToken, token_text) is not None
    if customer is None or conversation is None or revoked:
        return None
    evidence = f"token {token.purpose} verified"
    base = Plan(KEEP, customer.address, customer.id, conversation.name, evidence, owner=conversation.owner)
    kind = reports.report_type(raw)
    if kind == reports.FEEDBACK_REPORT and token.purpose in ("bounce", "unsubscribe"):
        return _replace(base, COMPLAINT, "ARF complaint at a token address")
    if token.purpose == "bounce":
        return (
            _bounce_plan(base, raw) if kind == reports.DELIVERY_STATUS else _replace(base, KEEP, "not a DSN")
        )
    if inbound.automated is not None or kind is not None or not mail_from:
        return _replace(
            base,
            KEEP,
            f"automated mail never acts as a customer ({inbound.automated or kind or 'null sender'})",
        )
    if token.purpose == "unsubscribe":
        return _replace(base, "unsubscribe", "message to the List-Unsubscribe address")
    if token.purpose == "reply":
        return _reply_plan(base, classify(inbound))
    return None


def _reply_plan(base: Plan, found: Classification) -> Plan:
    """A reply at a token address: an opt-out acts at once (the token proves whose it is); anything
    else, and opt-in until its confirmation step exists, goes to a human with the original."""
    if found.intent == "unsubscribe":
        action = "unsubscribe-all" if found.scope == "all" else "unsubscribe"
    elif found.intent == "do_not_email":
        action = "do-not-email"
    else:
        action = "forward"
    plan = _replace(base, action, found.evidence)
    return Plan(
        plan.action,
        plan.address,
        plan.customer_id,
        plan.conversation,
        plan.evidence,
        plan.detail,
        plan.owner,
        found,
    )


def _bounce_plan(base: Plan, raw: bytes) -> Plan:
    bounces = reports.parse_dsn(raw)
    hard = [b for b in bounces if b.hard]
    if hard:
        return _replace(base, "bounce-hard", f"DSN {hard[0].status}: {hard[0].diagnostic or ''}".strip())
    if any(b.soft for b in bounces):
        return _replace(base, "bounce-soft", "DSN with a temporary failure")
    return _replace(base, KEEP, "DSN without a failure")


def _replace(base: Plan, action: str, detail: str) -> Plan:
    return Plan(action, base.address, base.customer_id, base.conversation, base.evidence, detail, base.owner)


def apply(p: Plan, s: Session, actor: ops.Actor) -> tuple[str, int]:
    """Carry the plan out in the open transaction: (outcome status, changes)."""
    if p.action == "unsubscribe":
        result = ops.unsubscribe(s, actor, p.address, p.conversation, p.customer_id)
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
    return "kept", 0


def _count_bounce(s: Session, address: str, now: datetime, hard: bool, status: str) -> None:
    row = s.get(BounceCount, address)
    if row is None:
        row = BounceCount(address=address, soft=0, hard=0, last_at=now)
        s.add(row)
    row.hard += int(hard)
    row.soft += int(not hard)
    row.last_status, row.last_at = status[:16], now


def may_write_to(s: Session, address: str, now: datetime, per_day: int) -> bool:
    """Confirmations to customers (who did not authenticate) are capped per address per day, so
    mailgate cannot be used to bomb a third party."""
    sent = s.scalar(
        select(func.count())
        .select_from(Outbox)
        .where(
            Outbox.rcpt_to == address, Outbox.created_at > now - timedelta(days=1), Outbox.kind == "customer"
        )
    )
    return int(sent or 0) < per_day
