"""Full-text index for the batch search (nomenclature, ЕКН, description).

A substring search (ILIKE) over a million batches is a full scan, ~0.8 s per page. pg_trgm
is not in the embedded server's build, so the search is by word prefix over a stored
tsvector with a GIN index (core PostgreSQL). Hyphens are read as spaces so that "10453"
finds "EKN-10453" (the parser would otherwise take "-10453" as a signed number).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SEARCH_VECTOR = ("to_tsvector('simple', translate(nomenclature || ' ' || ekn_code || ' ' || "
                 "task_description, '-', ' '))")


def upgrade() -> None:
    op.add_column("batches", sa.Column("search_vector", postgresql.TSVECTOR(),
                                       sa.Computed(SEARCH_VECTOR, persisted=True),
                                       nullable=True))
    op.create_index("idx_batch_search", "batches", ["search_vector"],
                    postgresql_using="gin")


def downgrade() -> None:
    op.drop_index("idx_batch_search", table_name="batches", postgresql_using="gin")
    op.drop_column("batches", "search_vector")
