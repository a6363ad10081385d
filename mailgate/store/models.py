"""The database schema as SQLAlchemy 2 declarative models. Schema changes are made by Alembic migrations
in store/migrations/versions (the first table on), never by create_all on a live database.

Addresses are stored normalised (lower-case, IDNA domain) so they compare case-insensitively. The channel
is a column from the start (`email` now; `sms`, `whatsapp` later)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.dml import ReturningInsert
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend: SQLite keeps naive text, so values are stored as naive UTC
    there and given back aware; PostgreSQL keeps timestamptz."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use datetime.now(UTC)")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


EMAIL = "email"
SUBSCRIBED = "subscribed"
UNSUBSCRIBED = "unsubscribed"
DO_NOT_EMAIL = "do_not_email"
BOUNCED = "bounced"
COMPLAINT = "complaint"
# Address-level suppression kinds, strongest first: the effective state a conversation shows.
SUPPRESSION_KINDS = (BOUNCED, COMPLAINT, DO_NOT_EMAIL, UNSUBSCRIBED)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def table(model: type[Base]) -> Table:
    """The Core table of a model, for statements built once and run without the ORM."""
    found = model.__table__
    assert isinstance(found, Table)
    return found


def insert_unless_taken(model: type[Base], key: str) -> dict[str, ReturningInsert[tuple[Any]]]:
    """Per dialect name, an INSERT of one row that does nothing when `key` is taken and returns `key`
    when it wrote (RETURNING, not rowcount: psycopg reports a rowcount of 1 for a conflicting INSERT)."""
    t = table(model)
    return {
        name: dialect.insert(t).on_conflict_do_nothing(index_elements=[key]).returning(t.c[key])
        for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
    }


class Customer(Base):
    __tablename__ = "customers"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(64), unique=True)
    address: Mapped[str] = mapped_column(String(320), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The database cascades (ON DELETE CASCADE); the ORM must not try to null the foreign key first.
    subscriptions: Mapped[list[Subscription]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", passive_deletes=True
    )


class Conversation(Base):
    __tablename__ = "conversations"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    owner: Mapped[str | None] = mapped_column(String(320))
    alert_owner: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Subscription(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("customer_pk", "conversation_pk", "channel"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_pk: Mapped[int] = mapped_column(ForeignKey("customers.pk", ondelete="CASCADE"))
    conversation_pk: Mapped[int] = mapped_column(ForeignKey("conversations.pk", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16), default=EMAIL)
    state: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(400))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    customer: Mapped[Customer] = relationship(back_populates="subscriptions")
    conversation: Mapped[Conversation] = relationship()


class Suppression(Base):
    """An address-level opt-out: it holds for every customer record with the address, including records
    added later (the opt-out belongs to the address), until an admin lifts it."""

    __tablename__ = "suppressions"
    __table_args__ = (UniqueConstraint("address", "channel", "kind", name="uq_suppressions_address_kind"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    address: Mapped[str] = mapped_column(String(320), index=True)
    channel: Mapped[str] = mapped_column(String(16), default=EMAIL)
    kind: Mapped[str] = mapped_column(String(32), default=UNSUBSCRIBED)
    reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Confirmation(Base):
    """A pending opt-in (or unauthenticated opt-out) waiting for the customer's reply; single use."""

    __tablename__ = "confirmations"
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    action: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(320), index=True)
    customer_pk: Mapped[int | None] = mapped_column(Integer)
    conversation_pk: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class BounceCount(Base):
    """Bounces seen per address: hard ones also suppress the address (kind `bounced`)."""

    __tablename__ = "bounce_counts"
    address: Mapped[str] = mapped_column(String(320), primary_key=True)
    soft: Mapped[int] = mapped_column(Integer, default=0)
    hard: Mapped[int] = mapped_column(Integer, default=0)
    last_status: Mapped[str | None] = mapped_column(String(16))
    last_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RevokedToken(Base):
    """Tokens withdrawn before their time (a leaked reply address)."""

    __tablename__ = "revoked_tokens"
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Staff(Base):
    __tablename__ = "staff"
    address: Mapped[str] = mapped_column(String(320), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Claim(Base):
    """One row per processed (message, recipient): inserted in the same transaction as the effects, so a
    redelivered message finds its claim and changes nothing."""

    __tablename__ = "claims"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    message_id: Mapped[str | None] = mapped_column(String(998))
    recipient: Mapped[str] = mapped_column(String(320))
    outcome: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Audit(Base):
    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_target", "target"),)
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(400))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(320))
    conversation: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str | None] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(998))
    reason: Mapped[str | None] = mapped_column(Text)


class RawMessage(Base):
    """The raw bytes of every command message (and of mail kept for a human), for a set number of days."""

    __tablename__ = "raw_messages"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_key: Mapped[str] = mapped_column(String(64), index=True)
    message_id: Mapped[str | None] = mapped_column(String(998))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)


class Outbox(Base):
    """Mail mailgate sends, written in the same transaction as the change it reports; the delivery worker
    sends it. Retries survive restarts because the next attempt time lives in the row."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "status", "next_attempt_at"),
        Index("ix_outbox_rcpt_created", "rcpt_to", "created_at"),  # customers.replies_left
        Index("ix_outbox_sent", "status", "sent_at"),  # queue.sent_last_hour
    )
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(998), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    mail_from: Mapped[str] = mapped_column(String(320))
    rcpt_to: Mapped[str] = mapped_column(String(320))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
