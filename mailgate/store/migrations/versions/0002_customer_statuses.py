"""customer statuses: suppression kinds, confirmations, bounce counts, revoked tokens, owner alerts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Suppressions gain a `kind` (unsubscribed, do_not_email, bounced, complaint): seed 001 keeps "do not
email" apart from "unsubscribed", and an address may carry several. Existing rows are `unsubscribed`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("suppressions") as batch:
        batch.add_column(sa.Column("kind", sa.String(32), nullable=False, server_default="unsubscribed"))
        batch.drop_constraint("uq_suppressions_address", type_="unique")
        batch.create_unique_constraint("uq_suppressions_address_kind", ["address", "channel", "kind"])
        batch.create_index("ix_suppressions_address", ["address"])
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("alert_owner", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "confirmations",
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("customer_pk", sa.Integer(), nullable=True),
        sa.Column("conversation_pk", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("nonce", name=op.f("pk_confirmations")),
    )
    op.create_index("ix_confirmations_address", "confirmations", ["address"])
    op.create_table(
        "bounce_counts",
        sa.Column("address", sa.String(320), nullable=False),
        sa.Column("soft", sa.Integer(), nullable=False),
        sa.Column("hard", sa.Integer(), nullable=False),
        sa.Column("last_status", sa.String(16), nullable=True),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("address", name=op.f("pk_bounce_counts")),
    )
    op.create_table(
        "revoked_tokens",
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_revoked_tokens")),
    )


def downgrade() -> None:
    op.drop_table("revoked_tokens")
    op.drop_table("bounce_counts")
    op.drop_index("ix_confirmations_address", table_name="confirmations")
    op.drop_table("confirmations")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("alert_owner")
    with op.batch_alter_table("suppressions") as batch:
        batch.drop_index("ix_suppressions_address")
        batch.drop_constraint("uq_suppressions_address_kind", type_="unique")
        batch.create_unique_constraint("uq_suppressions_address", ["address", "channel"])
        batch.drop_column("kind")
