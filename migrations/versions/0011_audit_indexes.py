"""Audit log indexes for the Audit area and `mesdesk audit list` (issue 15).

The log is read newest first, ``(at DESC, id DESC)``, keyset-paged on ``(at, id)``, optionally
narrowed to one user (``actor``), one action, one entity (and one entity id) and a time range.
Each filter gets an index that starts with its equality column and then goes in the read's
order, so a first page and a page a million rows deep both read ``limit`` index entries, not
the filtered rows sorted:

- ``idx_audit_at``: ``(at, id)``, the unfiltered log and a time range alone;
- ``idx_audit_actor_at``, ``idx_audit_action_at``: ``(actor|action, at, id)``;
- ``idx_audit_entity_at``: ``(entity, entity_id, at, id)`` (one entity's history), which
  serves lookups by ``(entity, entity_id)`` as the index of 0001 did and replaces it;
- ``idx_audit_entity_only_at``: ``(entity, at, id)``, an entity without an id.

The same indexes give the filter choices (distinct users, actions, entities) by a loose index
scan (a recursive CTE that jumps from one value to the next), milliseconds at a million rows.
Combined filters use the most selective index and filter the rest.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("idx_audit_at", "audit_log", ["at", "id"])
    op.create_index("idx_audit_actor_at", "audit_log", ["actor", "at", "id"])
    op.create_index("idx_audit_action_at", "audit_log", ["action", "at", "id"])
    op.create_index("idx_audit_entity_at", "audit_log", ["entity", "entity_id", "at", "id"])
    op.create_index("idx_audit_entity_only_at", "audit_log", ["entity", "at", "id"])
    op.drop_index("idx_audit_entity", table_name="audit_log")


def downgrade() -> None:
    op.create_index("idx_audit_entity", "audit_log", ["entity", "entity_id"])
    op.drop_index("idx_audit_entity_only_at", table_name="audit_log")
    op.drop_index("idx_audit_entity_at", table_name="audit_log")
    op.drop_index("idx_audit_action_at", table_name="audit_log")
    op.drop_index("idx_audit_actor_at", table_name="audit_log")
    op.drop_index("idx_audit_at", table_name="audit_log")
