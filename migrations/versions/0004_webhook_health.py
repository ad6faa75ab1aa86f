"""Webhook subscription health and rate-limit state.

- ``last_success_at``: the last 2xx answer (shown as the subscription's health);
- ``failing_since``: the first failed attempt after the last success, NULL while healthy; a
  subscription failing for 24 h is disabled (§6);
- ``consecutive_failures``: failed attempts in a row;
- ``next_send_at``: for a rate-limited subscription, when its next request may go; dispatchers on
  any machine claim against it, so the limit holds however many run.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("webhook_subscriptions",
                  sa.Column("last_success_at", sa.DateTime(timezone=True)))
    op.add_column("webhook_subscriptions",
                  sa.Column("failing_since", sa.DateTime(timezone=True)))
    op.add_column("webhook_subscriptions",
                  sa.Column("consecutive_failures", sa.Integer(), nullable=False,
                            server_default=sa.text("0")))
    op.add_column("webhook_subscriptions",
                  sa.Column("next_send_at", sa.DateTime(timezone=True)))
    # The deliveries log is filtered by status and time, newest first.
    op.create_index("idx_delivery_created", "webhook_deliveries", ["created_at", "id"])


def downgrade() -> None:
    op.drop_index("idx_delivery_created", table_name="webhook_deliveries")
    for column in ("next_send_at", "consecutive_failures", "failing_since", "last_success_at"):
        op.drop_column("webhook_subscriptions", column)
