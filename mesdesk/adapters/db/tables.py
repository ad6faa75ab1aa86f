"""The schema of SPEC §2 as SQLAlchemy Core tables.

Migrations are written by hand in ``migrations/versions``; these tables are what the
repositories query and what a test compares the migrated database against. Constraint names
follow ``NAMING_CONVENTION`` so migrations can address them by name.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger, Boolean, CheckConstraint, Column, Computed, Date, DateTime, ForeignKey, Identity,
    Index,
    Integer,
    MetaData, String, Table, Text, UniqueConstraint, text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR, UUID

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

NOW = text("now()")


def _timestamps() -> list[Column]:
    return [
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=NOW),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=NOW),
    ]


work_centers = Table(
    "work_centers", metadata,
    Column("id", BigInteger, primary_key=True),
    Column("identifier", String(100), nullable=False, unique=True),
    Column("name", String(255), nullable=False, server_default=""),
    *_timestamps(),
)

batches = Table(
    "batches", metadata,
    Column("id", BigInteger, primary_key=True),
    Column("is_closed", Boolean, nullable=False, server_default=text("false")),
    Column("closed_at", DateTime(timezone=True)),
    Column("task_description", Text, nullable=False, server_default=""),
    Column("work_center_id", BigInteger, ForeignKey("work_centers.id", ondelete="RESTRICT"),
           nullable=False),
    Column("shift", String(100), nullable=False, server_default=""),
    Column("team", String(255), nullable=False, server_default=""),
    Column("batch_number", Integer, nullable=False),
    Column("batch_date", Date, nullable=False),
    Column("nomenclature", String(500), nullable=False, server_default=""),
    Column("ekn_code", String(100), nullable=False, server_default=""),
    Column("shift_start", DateTime(timezone=True), nullable=False),
    Column("shift_end", DateTime(timezone=True), nullable=False),
    Column("products_total", Integer, nullable=False, server_default=text("0")),
    Column("products_aggregated", Integer, nullable=False, server_default=text("0")),
    *_timestamps(),
    # Word-prefix search (mesdesk.domain.search); see migration 0003 for why not trigrams.
    Column("search_vector", TSVECTOR, Computed(
        "to_tsvector('simple', translate(nomenclature || ' ' || ekn_code || ' ' || "
        "task_description, '-', ' '))", persisted=True)),
    UniqueConstraint("batch_number", "batch_date", name="uq_batch_number_date"),
    CheckConstraint("shift_end > shift_start", name="shift_ends_after_start"),
    CheckConstraint("(is_closed AND closed_at IS NOT NULL) OR (NOT is_closed AND closed_at IS NULL)",
                    name="closed_at_matches_state"),
    CheckConstraint("products_aggregated >= 0 AND products_aggregated <= products_total",
                    name="counters_in_range"),
    Index("idx_batch_closed", "is_closed"),
    Index("idx_batch_shift_times", "shift_start", "shift_end"),
    # Keyset pagination: every sortable column is paired with id as the tie-breaker.
    Index("idx_batch_date_id", "batch_date", "id"),
    Index("idx_batch_work_center_id", "work_center_id", "id"),
    Index("idx_batch_number_id", "batch_number", "id"),
    Index("idx_batch_products_total_id", "products_total", "id"),
    Index("idx_batch_search", "search_vector", postgresql_using="gin"),
)

products = Table(
    "products", metadata,
    Column("id", BigInteger, primary_key=True),
    Column("unique_code", Text, nullable=False),
    Column("identity", Text, nullable=False),
    Column("batch_id", BigInteger, ForeignKey("batches.id", ondelete="CASCADE"), nullable=False),
    Column("is_aggregated", Boolean, nullable=False, server_default=text("false")),
    Column("aggregated_at", DateTime(timezone=True)),
    Column("aggregated_by", String(255)),
    Column("scan_id", UUID(as_uuid=False)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=NOW),
    UniqueConstraint("identity", name="uq_products_identity"),
    # No index names a column aggregation changes, and pages are half free (fillfactor 50,
    # migration 0012): aggregating rewrites a row on its page without new index entries.
    Index("idx_product_batch_id", "batch_id", "id"),
)

webhook_subscriptions = Table(
    "webhook_subscriptions", metadata,
    Column("id", BigInteger, primary_key=True),
    Column("url", Text, nullable=False),
    Column("events", ARRAY(String(64)), nullable=False),
    Column("secret", Text, nullable=False),
    Column("is_active", Boolean, nullable=False, server_default=text("true")),
    Column("retry_count", Integer, nullable=False, server_default=text("3")),
    Column("timeout", Integer, nullable=False, server_default=text("10")),
    Column("custom_headers", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("rate_limit", Integer),
    Column("disabled_reason", Text),
    Column("disabled_problem", JSONB),    # why MESDesk disabled it, as a catalogued problem
    # Health (migration 0004): the dispatcher keeps these with every attempt.
    Column("last_success_at", DateTime(timezone=True)),
    Column("failing_since", DateTime(timezone=True)),
    Column("consecutive_failures", Integer, nullable=False, server_default=text("0")),
    Column("next_send_at", DateTime(timezone=True)),     # rate limit: next request not before
    *_timestamps(),
)

outbox_events = Table(
    "outbox_events", metadata,
    Column("id", UUID(as_uuid=False), primary_key=True,
           server_default=text("gen_random_uuid()")),
    # Insertion order: events of one batch are written under that batch's row lock, so
    # ordering by seq sends them in the order they happened.
    Column("seq", BigInteger, Identity(), nullable=False, unique=True),
    Column("type", String(64), nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False, server_default=NOW),
    Column("dispatched_at", DateTime(timezone=True)),
    Index("idx_outbox_undispatched", "seq", postgresql_where=text("dispatched_at IS NULL")),
)

webhook_deliveries = Table(
    "webhook_deliveries", metadata,
    Column("id", BigInteger, primary_key=True),
    Column("subscription_id", BigInteger,
           ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", UUID(as_uuid=False), nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime(timezone=True), server_default=NOW),
    Column("locked_until", DateTime(timezone=True)),
    Column("response_status", Integer),
    Column("response_body", Text),
    Column("error_message", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=NOW),
    Column("delivered_at", DateTime(timezone=True)),
    # Migration 0009: the lane (``b<batch id>`` or ``e<event id>``) and the outbox order in it.
    Column("lane", Text, nullable=False),
    Column("seq", BigInteger, nullable=False),
    UniqueConstraint("event_id", "subscription_id", name="uq_delivery_event_subscription"),
    CheckConstraint("status IN ('pending', 'success', 'failed')", name="status_known"),
    Index("idx_delivery_lane", "subscription_id", "lane", "seq",
          postgresql_where=text("status = 'pending'")),
    Index("idx_delivery_created", "created_at", "id"),
)

# One row per (subscription, lane) with pending deliveries: what the dispatcher claims and
# leases (migration 0009, kept by triggers on webhook_deliveries).
webhook_lanes = Table(
    "webhook_lanes", metadata,
    Column("subscription_id", BigInteger,
           ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"), primary_key=True),
    Column("lane", Text, primary_key=True),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("head_seq", BigInteger, nullable=False),
    Column("locked_until", DateTime(timezone=True)),
    Index("idx_lane_due", "subscription_id", "due_at", "head_seq"),
)

webhook_attempts = Table(
    "webhook_attempts", metadata,
    Column("id", BigInteger, primary_key=True),
    Column("delivery_id", BigInteger, ForeignKey("webhook_deliveries.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("attempted_at", DateTime(timezone=True), nullable=False, server_default=NOW),
    Column("duration_ms", Integer),
    Column("status_code", Integer),
    Column("error_class", String(100)),
    Column("response_excerpt", Text),
)

jobs = Table(
    "jobs", metadata,
    Column("id", BigInteger, primary_key=True),
    Column("kind", String(64), nullable=False),
    Column("parameters", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("status", String(16), nullable=False, server_default="queued"),
    Column("progress_done", BigInteger, nullable=False, server_default=text("0")),
    Column("progress_total", BigInteger),
    Column("message", Text),
    Column("result", JSONB),
    Column("error", Text),
    Column("error_problem", JSONB),       # the error as a catalogued problem (code + params)
    Column("message_problem", JSONB),     # the progress message as a problem
    Column("heartbeat_at", DateTime(timezone=True)),   # a running job's last sign of life
    Column("station", String(255), nullable=False, server_default=""),
    Column("cancel_requested", Boolean, nullable=False, server_default=text("false")),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=NOW),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=NOW),
    CheckConstraint("status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')",
                    name="status_known"),
    Index("idx_jobs_status_created", "status", "created_at"),
    Index("idx_jobs_running_heartbeat", "heartbeat_at",
          postgresql_where=text("status = 'running'")),
)

# Issue 15 (migration 0010): who may sign in, with which role.
users = Table(
    "users", metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("login", String(64), nullable=False),
    Column("name", String(200), nullable=False, server_default=""),
    Column("role", String(16), nullable=False),
    Column("pin_hash", Text),
    Column("badge_digest", String(64)),
    Column("is_active", Boolean, nullable=False, server_default=text("true")),
    *_timestamps(),
    CheckConstraint("role IN ('operator', 'supervisor', 'administrator')", name="role_known"),
    CheckConstraint("login = lower(login)", name="login_lower_case"),
    UniqueConstraint("login", name="uq_users_login"),
    UniqueConstraint("badge_digest", name="uq_users_badge"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", BigInteger, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False, server_default=NOW),
    Column("actor", String(255), nullable=False, server_default=""),
    Column("station", String(255), nullable=False, server_default=""),
    Column("action", String(64), nullable=False),
    Column("entity", String(64), nullable=False),
    Column("entity_id", String(64)),
    Column("changes", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    # Migration 0010: each filter's column, then the log's order (newest first, keyset).
    Index("idx_audit_at", "at", "id"),
    Index("idx_audit_actor_at", "actor", "at", "id"),
    Index("idx_audit_action_at", "action", "at", "id"),
    Index("idx_audit_entity_at", "entity", "entity_id", "at", "id"),
    Index("idx_audit_entity_only_at", "entity", "at", "id"),
)

scheduled_tasks = Table(
    # The §9 tasks any scheduler has known, since when: a due time that came after a task was
    # first seen and has no run was missed, and is caught up once at the next start; one before
    # it was not (a fresh install or a new task starts at its next due time).
    "scheduled_tasks", metadata,
    Column("task", String(64), primary_key=True),
    Column("first_seen_at", DateTime(timezone=True), nullable=False, server_default=NOW),
)

scheduled_runs = Table(
    # One row per due time of a §9 scheduled task: the unique (task, due_at) is the claim, so a
    # due time runs once however many schedulers (stations, workers) reach it. A manual run's
    # due time is the moment it was asked for.
    "scheduled_runs", metadata,
    Column("id", BigInteger, primary_key=True),
    Column("task", String(64), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("trigger", String(16), nullable=False, server_default="schedule"),
    Column("station", String(255), nullable=False, server_default=""),
    Column("job_id", BigInteger, ForeignKey("jobs.id", ondelete="SET NULL")),
    Column("status", String(16), nullable=False, server_default="running"),
    Column("counts", JSONB),
    Column("error_problem", JSONB),
    Column("started_at", DateTime(timezone=True), nullable=False, server_default=NOW),
    Column("finished_at", DateTime(timezone=True)),
    UniqueConstraint("task", "due_at", name="uq_scheduled_run_due"),
    CheckConstraint("status IN ('running', 'succeeded', 'failed')", name="status_known"),
    CheckConstraint("trigger IN ('schedule', 'manual', 'catch_up')", name="trigger_known"),
    Index("idx_scheduled_runs_task_started", "task", "started_at"),
    # The runs still open: a process that died mid-run leaves one, ended from its job's row.
    Index("idx_scheduled_runs_running", "id", postgresql_where=text("status = 'running'")),
)

# -- Analytics rollups (migration 0007) -------------------------------------------------------
# Triggers on batches and products append what each statement changed to the *_changes tables
# (append-only: no row a scan must wait for); ``analytics.fold_changes`` (the scheduled
# ``refresh_statistics``) moves them into the totals. Readers add both, in one statement.

batch_totals = Table(
    # Per batch date ('d') and per month of batch dates ('m'), work center and shift.
    "batch_totals", metadata,
    Column("span", String(1), primary_key=True),
    Column("period", Date, primary_key=True),
    Column("work_center_id", BigInteger, primary_key=True),
    Column("shift", String(100), primary_key=True),
    Column("batches", BigInteger, nullable=False),
    Column("closed", BigInteger, nullable=False),
    Column("products_total", BigInteger, nullable=False),
    Column("products_aggregated", BigInteger, nullable=False),
    CheckConstraint("span IN ('d', 'm')", name="span_known"),
)

batch_total_changes = Table(
    "batch_total_changes", metadata,
    Column("batch_date", Date, nullable=False),
    Column("work_center_id", BigInteger, nullable=False),
    Column("shift", String(100), nullable=False),
    Column("batches", BigInteger, nullable=False),
    Column("closed", BigInteger, nullable=False),
    Column("products_total", BigInteger, nullable=False),
    Column("products_aggregated", BigInteger, nullable=False),
)

activity_hours = Table(
    # What happened in each UTC hour per work center (of the batch the product belongs to).
    "activity_hours", metadata,
    Column("hour", DateTime(timezone=True), primary_key=True),
    Column("work_center_id", BigInteger, primary_key=True),
    Column("batches_created", BigInteger, nullable=False),
    Column("batches_closed", BigInteger, nullable=False),
    Column("products_added", BigInteger, nullable=False),
    Column("products_aggregated", BigInteger, nullable=False),
)

activity_changes = Table(
    "activity_changes", metadata,
    Column("hour", DateTime(timezone=True), nullable=False),
    Column("work_center_id", BigInteger, nullable=False),
    Column("batches_created", BigInteger, nullable=False),
    Column("batches_closed", BigInteger, nullable=False),
    Column("products_added", BigInteger, nullable=False),
    Column("products_aggregated", BigInteger, nullable=False),
)

# -- Files and mail (migration 0008) ----------------------------------------------------------

stored_files = Table(
    # Every file of the three buckets (§8) and where it stands with the object store; the
    # upload queue of the files made while it was unreachable (see migration 0008).
    "stored_files", metadata,
    Column("id", BigInteger, primary_key=True),
    Column("bucket", String(16), nullable=False),
    Column("object", String(1024), nullable=False),
    Column("size", BigInteger, nullable=False, server_default="0"),
    Column("checksum", String(64), nullable=False, server_default=""),
    Column("origin", String(16), nullable=False, server_default="made"),
    Column("created_by", String(255), nullable=False, server_default=""),
    Column("station", String(255), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=NOW),
    Column("sync_state", String(16), nullable=False, server_default="local"),
    Column("sync_error", JSONB),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("lease_until", DateTime(timezone=True)),
    Column("synced_at", DateTime(timezone=True)),
    Column("announce", JSONB),
    Column("import_state", String(16)),
    Column("import_result", JSONB),
    UniqueConstraint("bucket", "object", name="uq_stored_file_object"),
    CheckConstraint("bucket IN ('reports', 'exports', 'imports')", name="bucket_known"),
    CheckConstraint("sync_state IN ('local', 'pending', 'uploading', 'synced', 'failed')",
                    name="sync_state_known"),
    CheckConstraint("origin IN ('made', 'uploaded', 'dropped')", name="origin_known"),
    Index("idx_stored_files_bucket_created", "bucket", "created_at", "id"),
    CheckConstraint("import_state IN ('waiting', 'importing', 'imported', 'failed')",
                    name="import_state_known"),
    Index("idx_stored_files_queue", "station", "next_attempt_at",
          postgresql_where=text("sync_state IN ('pending', 'uploading', 'failed')")),
    Index("idx_stored_files_imports_waiting", "id",
          postgresql_where=text("import_state IN ('waiting', 'importing')")),
)

mail_outbox = Table(
    # E-mails to send (§10): a kind and its facts, rendered when sent (see migration 0008).
    "mail_outbox", metadata,
    Column("id", BigInteger, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("facts", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("recipients", ARRAY(String(320))),
    Column("state", String(16), nullable=False, server_default="queued"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, server_default=NOW),
    Column("lease_until", DateTime(timezone=True)),
    Column("last_error", JSONB),
    Column("station", String(255), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=NOW),
    Column("sent_at", DateTime(timezone=True)),
    CheckConstraint("state IN ('queued', 'sending', 'sent', 'failed', 'skipped')",
                    name="state_known"),
    Index("idx_mail_outbox_due", "next_attempt_at", "id",
          postgresql_where=text("state IN ('queued', 'sending')")),
)
