"""outbox indexes for the per-message counts: replies to one address in a day, mail sent in an hour

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

`customers.replies_left` counts a customer's outbox rows of the last day for every opt-out and
confirmation request, and `queue.sent_last_hour` counts sent rows for `[outbound] max_per_hour`
whenever rows are due. Without these indexes both scanned every row the outbox ever held (bench:
the replies mix spent 59% of its thread time in SQLite statements).
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outbox_rcpt_created", "outbox", ["rcpt_to", "created_at"])
    op.create_index("ix_outbox_sent", "outbox", ["status", "sent_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_sent", table_name="outbox")
    op.drop_index("ix_outbox_rcpt_created", table_name="outbox")
