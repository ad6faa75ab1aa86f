"""Scheduled task runs (§9): one row per due time of a task, and the tasks known since when.

The unique (task, due_at) is the claim: however many schedulers reach a due time (stations,
``mesdesk worker`` processes), one insert wins and runs it. The row records the run's start,
end, outcome and counts for the Schedule tab and ``mesdesk schedule list``.

``scheduled_tasks`` keeps when a scheduler first knew each task: a due time after that with no
run was missed (every scheduler was stopped) and is caught up once at the next start.

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
        "scheduled_tasks",
        sa.Column("task", sa.String(64), primary_key=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.text("now()")),
    )
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
        sa.CheckConstraint("trigger IN ('schedule', 'manual', 'catch_up')",
                           name="trigger_known"),
    )
    op.create_index("idx_scheduled_runs_task_started", "scheduled_runs", ["task", "started_at"])
    op.create_index("idx_scheduled_runs_running", "scheduled_runs", ["id"],
                    postgresql_where=sa.text("status = 'running'"))


def downgrade() -> None:
    op.drop_index("idx_scheduled_runs_running", table_name="scheduled_runs")
    op.drop_index("idx_scheduled_runs_task_started", table_name="scheduled_runs")
    op.drop_table("scheduled_runs")
    op.drop_table("scheduled_tasks")
