"""Stored reasons as problems (code + facts), and job heartbeats.

- ``jobs.error_problem`` / ``jobs.message_problem``: a job's error and its progress message as
  ``{"code", "params"}`` of the problem catalogue, rendered in the reader's language when read
  (the text columns keep the English for older readers);
- ``jobs.heartbeat_at``: a running job's last sign of life; a job whose heartbeat is older than
  its lease is failed as abandoned by the next start or worker;
- ``webhook_subscriptions.disabled_problem``: why MESDesk disabled a subscription, as a problem.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("jobs", sa.Column("error_problem", JSONB()))
    op.add_column("jobs", sa.Column("message_problem", JSONB()))
    op.add_column("jobs", sa.Column("heartbeat_at", sa.DateTime(timezone=True)))
    op.create_index("idx_jobs_running_heartbeat", "jobs", ["heartbeat_at"],
                    postgresql_where=sa.text("status = 'running'"))
    op.add_column("webhook_subscriptions", sa.Column("disabled_problem", JSONB()))


def downgrade() -> None:
    op.drop_column("webhook_subscriptions", "disabled_problem")
    op.drop_index("idx_jobs_running_heartbeat", table_name="jobs")
    for column in ("heartbeat_at", "message_problem", "error_problem"):
        op.drop_column("jobs", column)
