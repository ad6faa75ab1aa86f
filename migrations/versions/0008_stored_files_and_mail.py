"""Files in the buckets and their upload queue (§8), and the e-mail queue (§10).

``stored_files`` is the catalogue of every file MESDesk made or took, whichever store holds
it: what it is (bucket, object, size, checksum), who made it on which station, and where it
stands with the object store (``sync_state``). A file made while MinIO is unreachable is kept
in the station's local store and queued here (``pending``); the station that holds it uploads
it later (``next_attempt_at`` for the back-off, ``lease_until`` while an upload runs) and only
then emits the event that carries its link (``announce``). The unique (bucket, object) is also
the claim of a file another system dropped into ``imports``: one worker records it and wins;
``import_state`` (waiting, importing, imported, failed) and ``import_result`` follow a file
of ``imports`` that is to be imported by the worker (dropped there, or uploaded by a user).

``mail_outbox`` holds the e-mails to send: a kind with its facts (rendered when sent, in the
language of the sender's settings), explicit recipients or none (then the recipients the
sending station's settings name for the kind), and the same queue columns as uploads.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stored_files",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("bucket", sa.String(16), nullable=False),
        sa.Column("object", sa.String(1024), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("checksum", sa.String(64), nullable=False, server_default=""),
        sa.Column("origin", sa.String(16), nullable=False, server_default="made"),
        sa.Column("created_by", sa.String(255), nullable=False, server_default=""),
        sa.Column("station", sa.String(255), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.text("now()")),
        sa.Column("sync_state", sa.String(16), nullable=False, server_default="local"),
        sa.Column("sync_error", JSONB()),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True)),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("synced_at", sa.DateTime(timezone=True)),
        sa.Column("announce", JSONB()),
        sa.Column("import_state", sa.String(16)),
        sa.Column("import_result", JSONB()),
        sa.UniqueConstraint("bucket", "object", name="uq_stored_file_object"),
        sa.CheckConstraint("bucket IN ('reports', 'exports', 'imports')", name="bucket_known"),
        sa.CheckConstraint(
            "sync_state IN ('local', 'pending', 'uploading', 'synced', 'failed')",
            name="sync_state_known"),
        sa.CheckConstraint("origin IN ('made', 'uploaded', 'dropped')", name="origin_known"),
        sa.CheckConstraint("import_state IN ('waiting', 'importing', 'imported', 'failed')",
                           name="import_state_known"),
    )
    op.create_index("idx_stored_files_bucket_created", "stored_files",
                    ["bucket", "created_at", "id"])
    op.create_index("idx_stored_files_queue", "stored_files", ["station", "next_attempt_at"],
                    postgresql_where=sa.text("sync_state IN ('pending', 'uploading', 'failed')"))
    op.create_index("idx_stored_files_imports_waiting", "stored_files", ["id"],
                    postgresql_where=sa.text("import_state IN ('waiting', 'importing')"))
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("facts", JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("recipients", ARRAY(sa.String(320))),
        sa.Column("state", sa.String(16), nullable=False, server_default="queued"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.text("now()")),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("last_error", JSONB()),
        sa.Column("station", sa.String(255), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.text("now()")),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint("state IN ('queued', 'sending', 'sent', 'failed', 'skipped')",
                           name="state_known"),
    )
    op.create_index("idx_mail_outbox_due", "mail_outbox", ["next_attempt_at", "id"],
                    postgresql_where=sa.text("state IN ('queued', 'sending')"))


def downgrade() -> None:
    op.drop_index("idx_mail_outbox_due", table_name="mail_outbox")
    op.drop_table("mail_outbox")
    op.drop_index("idx_stored_files_imports_waiting", table_name="stored_files")
    op.drop_index("idx_stored_files_queue", table_name="stored_files")
    op.drop_index("idx_stored_files_bucket_created", table_name="stored_files")
    op.drop_table("stored_files")
