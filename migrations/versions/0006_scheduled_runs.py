"""Scheduled task runs (§9): one row per due time of a task.

The unique (task, due_at) is the claim: however many schedulers reach a due time (stations,
``mesdesk worker`` processes), one insert wins and runs it. The row records the run's start,
end, outcome and counts for the Schedule tab and ``mesdesk schedule list``.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scheduled_runs",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("task", sa.String(64), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trigger", sa.String(16), nullable=False, server_default="schedule"),
        sa.Column("station", sa.String(255), nullable=False, server_default=""),
        sa.Column("job_id", sa.BigInteger(), sa.ForeignKey("jobs.id", ondelete="SET NULL")),
        sa.Column("status", sa.String(16), nullable=False, server_default="running"),
        sa.Column("counts", JSONB()),
        sa.Column("error_problem", JSONB()),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.text("now()")),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("task", "due_at", name="uq_scheduled_run_due"),
        sa.CheckConstraint("status IN ('running', 'succeeded', 'failed')",
                           name="status_known"),
    )
    op.create_index("idx_scheduled_runs_task_started", "scheduled_runs", ["task", "started_at"])


def downgrade() -> None:
    op.drop_index("idx_scheduled_runs_task_started", table_name="scheduled_runs")
    op.drop_table("scheduled_runs")
