"""Subscription changes, with the role rules of seed 003, each leaving an audit row. Functions take an
open Session and never commit: the caller (one message, or one CLI command) owns the transaction.

Rules: anyone authorised may unsubscribe; a `csr` may subscribe a customer into a conversation they have
never left; putting back a customer who is unsubscribed, or lifting an address suppression, needs an
`admin` (or the operator at the CLI) and a reason."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from mailgate.store import fast
from mailgate.store.models import (
    EMAIL,
    SUBSCRIBED,
    SUPPRESSION_KINDS,
    UNSUBSCRIBED,
    Audit,
    Conversation,
    Customer,
    Subscription,
    Suppression,
    table,
)

DONE = "done"
ALREADY = "already"
UNKNOWN_CUSTOMER = "unknown customer"
UNKNOWN_CONVERSATION = "unknown conversation"
NOT_PERMITTED = "not permitted"
AMBIGUOUS = "ambiguous customer"
PRIVILEGED = ("admin", "operator")


@dataclass(frozen=True)
class Actor:
    """Who asks for a change, with what proof, in which message, and why."""

    who: str
    role: str
    now: datetime
    evidence: str | None = None
    message_id: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Result:
    outcome: str
    detail: str
    suggestions: tuple[str, ...] = ()


def conversation_key(name: str) -> str:
    """Case- and whitespace-insensitive key of a conversation name (Unicode NFC, casefolded)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


# Statements on the per-message path are built once: building one costs more than running it
# (SQLAlchemy's coercion and cache key, bench/RESULTS.md "Session 3"). Rows go in through the Core
# connection of the session's transaction, without the ORM unit of work.
_CONVERSATION = select(Conversation).where(Conversation.key == bindparam("key"))
_RECORDS = select(Customer).where(Customer.address == bindparam("address")).order_by(Customer.pk)
_RECORD = _RECORDS.where(Customer.id == bindparam("id"))
_SUPPRESSIONS = select(Suppression).where(
    Suppression.address == bindparam("address"), Suppression.channel == bindparam("channel")
)
_AUDIT = fast.Statement(insert(table(Audit)).inline())  # no RETURNING pk (store/queue.py)
# The unsubscribe path in Core: the rows it reads and writes, without loading ORM objects.
_SUBSCRIPTIONS = table(Subscription)
_CONVERSATION_ROW = select(Conversation.pk, Conversation.name).where(Conversation.key == bindparam("key"))
_CUSTOMER_PKS = select(Customer.pk).where(Customer.address == bindparam("address")).order_by(Customer.pk)
_CUSTOMER_PK = _CUSTOMER_PKS.where(Customer.id == bindparam("id"))
_KINDS = select(Suppression.kind).where(
    Suppression.address == bindparam("address"), Suppression.channel == EMAIL
)
_NEW_SUPPRESSION = insert(table(Suppression))
_HAVE_ROW = select(Subscription.customer_pk).where(
    Subscription.customer_pk.in_(bindparam("customers", expanding=True)),
    Subscription.conversation_pk == bindparam("conversation"),
    Subscription.channel == EMAIL,
)
_SET_STATE = (
    update(_SUBSCRIPTIONS)
    .where(
        _SUBSCRIPTIONS.c.customer_pk.in_(bindparam("customers", expanding=True)),
        _SUBSCRIPTIONS.c.channel == EMAIL,
        _SUBSCRIPTIONS.c.state != bindparam("new_state"),
    )
    .values(state=bindparam("new_state"), reason=bindparam("reason"), source=bindparam("source"),
            updated_at=bindparam("now"))
)  # fmt: skip
_SET_STATE_IN = _SET_STATE.where(_SUBSCRIPTIONS.c.conversation_pk == bindparam("conversation"))
_NEW_SUBSCRIPTION = insert(_SUBSCRIPTIONS)


def find_conversation(s: Session, name: str) -> Conversation | None:
    return s.scalar(_CONVERSATION, {"key": conversation_key(name)})


def suggest_conversations(s: Session, name: str, n: int = 3) -> tuple[str, ...]:
    names = {c.key: c.name for c in s.scalars(select(Conversation))}
    close = difflib.get_close_matches(conversation_key(name), list(names), n=n, cutoff=0.4)
    return tuple(names[k] for k in close)


def customers_for(s: Session, address: str, customer_id: str | None = None) -> list[Customer]:
    if customer_id is None:
        return list(s.scalars(_RECORDS, {"address": address}))
    return list(s.scalars(_RECORD, {"address": address, "id": customer_id}))


def suppressions(s: Session, address: str, channel: str = EMAIL) -> list[Suppression]:
    """The address-level suppressions of `address`, strongest kind first (SUPPRESSION_KINDS)."""
    rows = s.scalars(_SUPPRESSIONS, {"address": address, "channel": channel})
    return sorted(rows, key=lambda row: SUPPRESSION_KINDS.index(row.kind))


def suppression(s: Session, address: str, channel: str = EMAIL) -> Suppression | None:
    """The strongest suppression of `address`, or None: any one of them stops all its mail."""
    found = suppressions(s, address, channel)
    return found[0] if found else None


def suppress(s: Session, actor: Actor, address: str, kind: str) -> Result:
    """Suppress `address` everywhere with `kind` (unsubscribed, do_not_email, bounced, complaint); it
    holds for every customer record with the address, including ones added later."""
    if kind in _suppression_kinds(s, address):
        return Result(ALREADY, f"{address} is already {kind.replace('_', ' ')}")
    _add_suppression(s, actor, address, kind)
    audit(s, actor, kind, address, f"done: address suppressed ({kind})")
    return Result(DONE, f"{address} suppressed ({kind})")


def audit(
    s: Session, actor: Actor, action: str, target: str, outcome: str, conversation: str | None = None
) -> None:
    _AUDIT.run(
        s.connection(),
        {
            "at": actor.now,
            "actor": actor.who,
            "action": action,
            "target": target,
            "conversation": conversation,
            "channel": EMAIL,
            "outcome": outcome,
            "evidence": actor.evidence,
            "message_id": actor.message_id,
            "reason": actor.reason,
        },
    )


def unsubscribe(
    s: Session, actor: Actor, address: str, conversation: str | None, customer_id: str | None = None
) -> Result:
    if conversation is None and customer_id is None:
        result = _suppress(s, actor, address)
    else:
        result = _unsubscribe_records(s, actor, address, conversation, customer_id)
    audit(s, actor, "unsubscribe", address, f"{result.outcome}: {result.detail}", conversation)
    return result


def _suppression_kinds(s: Session, address: str) -> set[str]:
    return set(s.connection().scalars(_KINDS, {"address": address}))


def _add_suppression(s: Session, actor: Actor, address: str, kind: str) -> None:
    row = {"address": address, "channel": EMAIL, "kind": kind, "reason": actor.reason, "source": actor.who,
           "created_at": actor.now}  # fmt: skip
    _core(s).execute(_NEW_SUPPRESSION, row)
    _expire(s)


def _core(s: Session) -> Connection:
    """The transaction's connection for Core writes, the ORM's pending changes flushed first. A Core
    write is followed by `_expire`, so objects the ORM loaded earlier are read again, never stale."""
    s.flush()
    return s.connection()


def _expire(s: Session) -> None:
    if s.identity_map:
        s.expire_all()


def _suppress(s: Session, actor: Actor, address: str) -> Result:
    kinds = _suppression_kinds(s, address)
    if kinds:
        strongest = min(kinds, key=SUPPRESSION_KINDS.index)
        how = "" if strongest == UNSUBSCRIBED else f" ({strongest.replace('_', ' ')})"
        return Result(ALREADY, f"{address} is already unsubscribed from every conversation{how}")
    _add_suppression(s, actor, address, UNSUBSCRIBED)
    known = s.connection().scalar(_CUSTOMER_PKS, {"address": address}) is not None
    later = "" if known else " (no customer has this address yet; it applies to records added later)"
    return Result(DONE, f"{address} unsubscribed from every conversation{later}")


def _unsubscribe_records(
    s: Session, actor: Actor, address: str, conversation: str | None, customer_id: str | None
) -> Result:
    """In Core statements: this is the per-message path of a CSR's `Unsubscribe ADDRESS CONVERSATION`."""
    conv = None
    if conversation is not None:
        conv = s.connection().execute(_CONVERSATION_ROW, {"key": conversation_key(conversation)}).first()
        if conv is None:
            return _unknown_conversation(s, conversation)
    if customer_id is None:
        pks = list(s.connection().scalars(_CUSTOMER_PKS, {"address": address}))
    else:
        pks = list(s.connection().scalars(_CUSTOMER_PK, {"address": address, "id": customer_id}))
    if not pks:
        return _unknown_customer(address, customer_id)
    change = {"customers": pks, "new_state": UNSUBSCRIBED, "reason": actor.reason, "source": actor.who,
              "now": actor.now}  # fmt: skip
    connection = _core(s)
    if conv is None:
        changed = connection.execute(_SET_STATE, change).rowcount
        _expire(s)
        label = f"{address} id:{customer_id}"
        if not changed:
            return Result(ALREADY, f"{label} is not subscribed to any conversation")
        return Result(DONE, f"{label} unsubscribed from {changed} conversation(s)")
    changed = connection.execute(_SET_STATE_IN, {**change, "conversation": conv.pk}).rowcount
    missing: list[int] = []
    if changed < len(pks):  # some records already unsubscribed, or with no row for the conversation yet
        known = set(connection.scalars(_HAVE_ROW, {"customers": pks, "conversation": conv.pk}))
        missing = [pk for pk in pks if pk not in known]
    if missing:
        row = {"conversation_pk": conv.pk, "channel": EMAIL, "state": UNSUBSCRIBED, "reason": actor.reason,
               "source": actor.who, "updated_at": actor.now}  # fmt: skip
        connection.execute(_NEW_SUBSCRIPTION, [{**row, "customer_pk": pk} for pk in missing])
    _expire(s)
    if not changed + len(missing):
        return Result(ALREADY, f"{address} is already unsubscribed from {conv.name}")
    return Result(DONE, f"{address} unsubscribed from {conv.name}" + _records(len(pks)))


def subscribe(
    s: Session, actor: Actor, address: str, conversation: str, customer_id: str | None = None
) -> Result:
    result = _subscribe(s, actor, address, conversation, customer_id)
    audit(s, actor, "subscribe", address, f"{result.outcome}: {result.detail}", conversation)
    return result


def _subscribe(s: Session, actor: Actor, address: str, conversation: str, customer_id: str | None) -> Result:
    conv = find_conversation(s, conversation)
    if conv is None:
        return _unknown_conversation(s, conversation)
    customers = customers_for(s, address, customer_id)
    if not customers:
        return _unknown_customer(address, customer_id)
    if len(customers) > 1:
        ids = ", ".join(c.id for c in customers)
        return Result(
            AMBIGUOUS, f"several customers have {address} ({ids}); add id:<customer id> after the address"
        )
    customer = customers[0]
    current = subscription(customer, conv)
    blocked = suppression(s, address)
    if current is not None and current.state == SUBSCRIBED and blocked is None:
        return Result(ALREADY, f"{address} is already subscribed to {conv.name}")
    if (blocked is not None or current is not None) and not _may_restore(actor):
        return Result(NOT_PERMITTED, _restore_refusal(actor, address, blocked is not None))
    lifted = lift(s, actor, customer, conv, blocked) if blocked is not None else ""
    put_state(s, customer, conv, SUBSCRIBED, actor)
    return Result(DONE, f"{address} (id:{customer.id}) subscribed to {conv.name}{lifted}")


def _may_restore(actor: Actor) -> bool:
    return actor.role in PRIVILEGED and bool(actor.reason)


def _restore_refusal(actor: Actor, address: str, suppressed: bool) -> str:
    what = "its address-wide unsubscribe" if suppressed else "an unsubscribe"
    if actor.role not in PRIVILEGED:
        return f"{address} has {what}; only an admin may put it back (with a Reason: line)"
    return f"{address} has {what}; putting it back needs a Reason: line"


def lift(s: Session, actor: Actor, customer: Customer, keep: Conversation, blocked: Suppression) -> str:
    """Lift an address suppression for one conversation: every other subscription of the address is
    marked unsubscribed, so the customer gets back only what the admin restored."""
    for other in customers_for(s, customer.address):
        for sub in other.subscriptions:
            if sub.conversation_pk != keep.pk and sub.channel == EMAIL:
                _set_state(sub, UNSUBSCRIBED, actor)
    for row in suppressions(s, customer.address):
        s.delete(row)
        audit(s, actor, "lift-suppression", customer.address, f"done: {row.kind} set by {row.source} lifted")
    return "; the address-wide suppression was lifted for this conversation only"


def subscription(customer: Customer, conv: Conversation) -> Subscription | None:
    for sub in customer.subscriptions:
        if sub.conversation_pk == conv.pk and sub.channel == EMAIL:
            return sub
    return None


def put_state(s: Session, customer: Customer, conv: Conversation, state: str, actor: Actor) -> bool:
    sub = subscription(customer, conv)
    if sub is None:
        sub = Subscription(
            customer=customer,
            conversation=conv,
            channel=EMAIL,
            state=state,
            reason=actor.reason,
            source=actor.who,
            updated_at=actor.now,
        )
        s.add(sub)
        return True
    return _set_state(sub, state, actor)


def _set_state(sub: Subscription, state: str, actor: Actor) -> bool:
    if sub.state == state:
        return False
    sub.state, sub.reason, sub.source, sub.updated_at = state, actor.reason, actor.who, actor.now
    return True


def _unknown_customer(address: str, customer_id: str | None) -> Result:
    which = f" with id {customer_id}" if customer_id else ""
    return Result(UNKNOWN_CUSTOMER, f"no customer{which} has the address {address}")


def _unknown_conversation(s: Session, name: str) -> Result:
    close = suggest_conversations(s, name)
    hint = f"; closest: {', '.join(close)}" if close else ""
    return Result(UNKNOWN_CONVERSATION, f"no conversation is named {name!r}{hint}", close)


def _records(count: int) -> str:
    return f" ({count} customer records)" if count > 1 else ""


def count(s: Session, model: type) -> int:
    return int(s.scalar(select(func.count()).select_from(model)) or 0)
