"""Users with roles, badges and PINs (issue 15).

A user signs in with a badge (its SHA-256 is kept, unique among users) and/or a PIN (an
scrypt hash). ``role`` decides what the services allow; ``login`` (lower case) is what the
audit log and ``aggregated_by`` record.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), server_default="", nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("pin_hash", sa.Text()),
        sa.Column("badge_digest", sa.String(64)),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.CheckConstraint("role IN ('operator', 'supervisor', 'administrator')",
                           name=op.f("ck_users_role_known")),
        sa.CheckConstraint("login = lower(login)", name=op.f("ck_users_login_lower_case")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("login", name="uq_users_login"),
        sa.UniqueConstraint("badge_digest", name="uq_users_badge"),
    )


def downgrade() -> None:
    op.drop_table("users")
