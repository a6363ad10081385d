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

Reading free text (reply addresses, plain addresses) comes with the classifier; until then such mail
takes the not-staff path (kept, not answered). `plan` reads; `apply` writes inside the caller's
transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mailgate import reports, tokens
from mailgate.message import Inbound
from mailgate.store import ops
from mailgate.store.models import (
    BOUNCED,
    COMPLAINT,
    BounceCount,
    Conversation,
    Customer,
    Outbox,
    RevokedToken,
)

KEEP = "keep"


@dataclass(frozen=True)
class Plan:
    """What a message to a token address will do, decided before the transaction."""

    action: str  # "unsubscribe", "bounce-hard", "bounce-soft", "complaint" or "keep"
    address: str
    customer_id: str
    conversation: str
    evidence: str
    detail: str = ""


def token_of(rcpt: str, keys: tuple[tokens.TokenKey, ...], now: datetime) -> tokens.Token | None:
    """The verified token of a recipient, or None (no keys, no token; RCPT already refused forgeries)."""
    _, text = tokens.split(rcpt.rpartition("@")[0])
    if text is None or not keys:
        return None
    try:
        return tokens.decode(text, keys, now)
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
    base = Plan(KEEP, customer.address, customer.id, conversation.name, f"token {token.purpose} verified")
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
    return None  # reply tokens: reading what the customer wrote comes with the classifier


def _bounce_plan(base: Plan, raw: bytes) -> Plan:
    bounces = reports.parse_dsn(raw)
    hard = [b for b in bounces if b.hard]
    if hard:
        return _replace(base, "bounce-hard", f"DSN {hard[0].status}: {hard[0].diagnostic or ''}".strip())
    if any(b.soft for b in bounces):
        return _replace(base, "bounce-soft", "DSN with a temporary failure")
    return _replace(base, KEEP, "DSN without a failure")


def _replace(base: Plan, action: str, detail: str) -> Plan:
    return Plan(action, base.address, base.customer_id, base.conversation, base.evidence, detail)


def apply(p: Plan, s: Session, actor: ops.Actor) -> tuple[str, int]:
    """Carry the plan out in the open transaction: (outcome status, changes)."""
    if p.action == "unsubscribe":
        result = ops.unsubscribe(s, actor, p.address, p.conversation, p.customer_id)
        return "customer-unsubscribed", int(result.outcome == ops.DONE)
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
