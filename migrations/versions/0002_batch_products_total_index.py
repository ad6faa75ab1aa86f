"""Index for sorting batches by their product count.

The batches view sorts on the server with keyset pages; without an index, sorting a million
batches by products total is a parallel full scan and sort per page (~300-600 ms). The
counter changes when codes are added, not when they are scanned, so the index costs the
scanning hot path nothing. (Aggregated and % change with every scan and stay unindexed.)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("idx_batch_products_total_id", "batches", ["products_total", "id"])


def downgrade() -> None:
    op.drop_index("idx_batch_products_total_id", table_name="batches")
