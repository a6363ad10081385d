"""Operator-facing reads and writes behind the CLI: staff, conversations, customers, status and audit.
Like ops.py, functions take a Session and leave the commit to the caller; every change is audited."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from mailgate import tokens
from mailgate.config import Config
from mailgate.errors import Conflict, NotFound
from mailgate.store.models import (
    EMAIL,
    UNSUBSCRIBED,
    Audit,
    Conversation,
    Customer,
    RevokedToken,
    Staff,
    Subscription,
    Suppression,
)
from mailgate.store.ops import (
    Actor,
    audit,
    conversation_key,
    customers_for,
    find_conversation,
    suggest_conversations,
    suppressions,
)

ROLES = ("csr", "admin")
T = TypeVar("T")


def staff_role(s: Session, address: str) -> str | None:
    return s.scalar(select(Staff.role).where(Staff.address == address))


class TableCache(Generic[T]):
    """A small table read from the database at most every `ttl` seconds. Lookups run for every message
    (or recipient) while the rows change rarely, and a change made with the CLI is seen within `ttl`."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        load: Callable[[Session], T],
        ttl: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sessions = sessions
        self.load = load
        self.ttl = ttl
        self.clock = clock
        self._value: T | None = None
        self._loaded = -math.inf
        self._lock = threading.Lock()

    def stale(self) -> bool:
        return self.clock() - self._loaded >= self.ttl

    def get(self) -> T:
        """The rows, read again first when older than `ttl` (blocking: call it off the event loop)."""
        if self.stale() or self._value is None:
            with self._lock:
                if self.stale() or self._value is None:
                    with self.sessions() as s:
                        self._value = self.load(s)
                    self._loaded = self.clock()
        return self._value

    def last(self) -> T | None:
        """The rows as last read, without touching the database (None before the first read)."""
        return self._value


class StaffCache(TableCache[dict[str, str]]):
    """Staff roles by address, for the From lookup every message makes."""

    def __init__(
        self, sessions: sessionmaker[Session], ttl: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(sessions, _staff_roles, ttl, clock)

    def role(self, address: str) -> str | None:
        return self.get().get(address)


def _staff_roles(s: Session) -> dict[str, str]:
    return {address: role for address, role in s.execute(select(Staff.address, Staff.role))}


class ConversationCache:
    """Conversations by the name a plain address's local part gives (`statements@` → "Statements"),
    looked up for every customer reply to a plain address: each answer, a miss included, is kept for
    `ttl` seconds, for at most `size` names (then the cache starts again empty)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        ttl: float,
        size: int = 4096,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sessions = sessions
        self.ttl = ttl
        self.size = size
        self.clock = clock
        self._found: dict[str, tuple[float, tuple[str, str | None] | None]] = {}

    def get(self, name: str) -> tuple[str, str | None] | None:
        """(name, owner) of the conversation `name` names, or None (blocking: call it off the loop)."""
        key, now = conversation_key(name), self.clock()
        hit = self._found.get(key)
        if hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        with self.sessions() as s:
            conv = find_conversation(s, name)
            value = None if conv is None else (conv.name, conv.owner)
        if len(self._found) >= self.size:
            self._found = {}
        self._found[key] = (now, value)
        return value


def revoked_tokens(s: Session) -> frozenset[str]:
    """Revoked token texts, for a TableCache that RCPT reads without a query per recipient."""
    return frozenset(s.scalars(select(RevokedToken.token)))


def add_staff(s: Session, actor: Actor, address: str, role: str) -> None:
    if role not in ROLES:
        raise Conflict(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    existing = s.get(Staff, address)
    if existing is None:
        s.add(Staff(address=address, role=role, created_at=actor.now))
    else:
        existing.role = role
    audit(s, actor, "staff-add", address, f"done: role {role}")


def remove_staff(s: Session, actor: Actor, address: str) -> None:
    existing = s.get(Staff, address)
    if existing is None:
        raise NotFound("staff member", address)
    s.delete(existing)
    audit(s, actor, "staff-remove", address, "done")


def list_staff(s: Session) -> list[Staff]:
    return list(s.scalars(select(Staff).order_by(Staff.address)))


def add_conversation(
    s: Session, actor: Actor, name: str, owner: str | None, alert_owner: bool = False
) -> Conversation:
    name = " ".join(name.split())
    if not name:
        raise Conflict("a conversation needs a name")
    conv = Conversation(
        name=name, key=conversation_key(name), owner=owner, alert_owner=alert_owner, created_at=actor.now
    )
    try:
        with s.begin_nested():
            s.add(conv)
    except IntegrityError as exc:
        raise Conflict(f"a conversation named {name!r} exists already") from exc
    audit(s, actor, "conversation-add", owner or "-", "done", name)
    return conv


def set_alerts(s: Session, actor: Actor, name: str, on: bool) -> Conversation:
    """Turn the owner's alert of every opt-out and do-not-email request on or off (seeds 001, 002)."""
    conv = get_conversation(s, name)
    conv.alert_owner = on
    audit(
        s,
        actor,
        "conversation-alerts",
        conv.owner or "-",
        f"done: owner alerts {'on' if on else 'off'}",
        conv.name,
    )
    return conv


def revoke_token(s: Session, actor: Actor, address: str, keys: tuple[tokens.TokenKey, ...]) -> str:
    """Withdraw a token (a leaked reply address): mail to it then has no effect. Only a token that
    verifies can be revoked, so a typo is reported rather than recorded."""
    text = tokens.split(address.rpartition("@")[0])[1] if "@" in address else address
    if text is None:
        raise Conflict(f"{address!r} carries no token")
    text = text.lower()
    try:
        tokens.decode(text, keys, actor.now)
    except tokens.TokenError as exc:
        raise Conflict(f"{address!r}: {exc}") from exc
    if s.get(RevokedToken, text) is None:
        s.add(RevokedToken(token=text, revoked_at=actor.now))
    audit(s, actor, "revoke-token", address, "done: token revoked")
    return text


def list_conversations(s: Session) -> list[Conversation]:
    return list(s.scalars(select(Conversation).order_by(Conversation.name)))


def get_conversation(s: Session, name: str) -> Conversation:
    conv = s.scalar(select(Conversation).where(Conversation.key == conversation_key(name)))
    if conv is None:
        raise NotFound("conversation", name, suggest_conversations(s, name))
    return conv


def add_customer(s: Session, actor: Actor, address: str, customer_id: str | None) -> Customer:
    if customer_id is not None and s.scalar(select(Customer).where(Customer.id == customer_id)):
        raise Conflict(f"a customer with id {customer_id!r} exists already")
    customer = Customer(id=customer_id or _next_id(s), address=address, created_at=actor.now)
    s.add(customer)
    s.flush()
    audit(s, actor, "customer-add", address, f"done: id {customer.id}")
    return customer


def _next_id(s: Session) -> str:
    n = int(s.scalar(select(func.count()).select_from(Customer)) or 0) + 1
    while s.scalar(select(Customer.pk).where(Customer.id == f"C-{n}")) is not None:
        n += 1
    return f"C-{n}"


def status(s: Session, address: str) -> dict[str, Any]:
    """The effective email-channel state of an address: while it is suppressed nothing shows subscribed;
    each conversation shows the strongest suppression (bounced, complaint, do_not_email, unsubscribed)."""
    rows = suppressions(s, address)
    blocked = rows[0] if rows else None
    customers = []
    for customer in customers_for(s, address):
        convs = {}
        for sub in sorted(customer.subscriptions, key=lambda x: x.conversation.name):
            if sub.channel == EMAIL:
                convs[sub.conversation.name] = blocked.kind if blocked is not None else sub.state
        customers.append({"id": customer.id, "conversations": convs})
    out: dict[str, Any] = {"address": address, "suppressed": blocked is not None, "customers": customers}
    if blocked is not None:
        out["statuses"] = [row.kind for row in rows]
        out["suppression"] = {
            "kind": blocked.kind,
            "reason": blocked.reason,
            "source": blocked.source,
            "since": blocked.created_at.isoformat(),
        }
    return out


def listing(s: Session, kind: str) -> list[dict[str, Any]]:
    """Addresses with an address-wide suppression of `kind`; for `unsubscribed`, also the customer
    records unsubscribed from single conversations (seed 001's status filter)."""
    out: list[dict[str, Any]] = [
        {
            "address": row.address,
            "status": row.kind,
            "conversation": None,
            "customer": None,
            "since": row.created_at.isoformat(),
            "source": row.source,
            "reason": row.reason,
        }
        for row in s.scalars(
            select(Suppression).where(Suppression.kind == kind).order_by(Suppression.address)
        )
    ]
    if kind == UNSUBSCRIBED:
        query = (
            select(Subscription)
            .where(Subscription.state == UNSUBSCRIBED, Subscription.channel == EMAIL)
            .join(Subscription.customer)
            .order_by(Customer.address, Customer.id)
        )
        out += [
            {
                "address": sub.customer.address,
                "status": sub.state,
                "conversation": sub.conversation.name,
                "customer": sub.customer.id,
                "since": sub.updated_at.isoformat(),
                "source": sub.source,
                "reason": sub.reason,
            }
            for sub in s.scalars(query)
        ]
    return out


def token_address(
    s: Session,
    config: Config,
    address: str,
    conversation: str,
    customer_id: str | None,
    purpose: str,
    now: datetime,
) -> str:
    """`<local>+<token>@<first reply domain>` naming one customer record and conversation, for a
    campaign system's Reply-To (reply), List-Unsubscribe mailto (unsubscribe, RFC 2369) or envelope
    sender (bounce, VERP)."""
    conv = get_conversation(s, conversation)
    customers = customers_for(s, address, customer_id)
    if not customers:
        raise NotFound("customer", f"{address} id:{customer_id}" if customer_id else address)
    if len(customers) > 1:
        ids = ", ".join(c.id for c in customers)
        raise Conflict(f"several customers have {address} ({ids}); pass --id")
    expires = (now + timedelta(hours=config.tokens.confirm_hours)).date() if purpose == "confirm" else None
    token = tokens.encode(tokens.Token(purpose, customers[0].pk, conv.pk, EMAIL, expires), config.token_keys)
    local = {
        "reply": config.tokens.reply_local,
        "unsubscribe": config.tokens.unsubscribe_local,
        "bounce": config.tokens.bounce_local,
    }.get(purpose, config.tokens.reply_local)
    return tokens.address(local, token, config.smtp.domains[0])


def audit_for(s: Session, address: str, limit: int = 200) -> list[Audit]:
    query = select(Audit).where(or_(Audit.target == address, Audit.actor == address))
    return list(s.scalars(query.order_by(Audit.pk.desc()).limit(limit)))
