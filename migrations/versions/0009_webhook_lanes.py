"""Webhook lanes: the queue of queues the dispatcher claims chains from (issue 14).

Events of one batch must reach a subscription in order, so each (subscription, batch) is a
*lane*: its pending deliveries in outbox order. The dispatcher claims a lane (not a delivery),
leases it, and sends the next deliveries of that lane one after the other from one sender,
stopping at the first failure. A lane row says when its head (first pending delivery) is due
and whether a dispatcher holds it, so a claim reads a few lane rows by index, however long the
queue: no sort over every pending delivery.

- ``webhook_deliveries.lane``: ``b<batch id>`` for events about a batch, else ``e<event id>``
  (each such event its own lane, unordered); ``seq``: the outbox order of its event.
- ``webhook_lanes``: one row per lane that has (or just had) pending deliveries. ``due_at`` is
  never later than its head's ``next_attempt_at`` (a claim corrects it when earlier);
  ``locked_until`` is the lease of the dispatcher sending it, also the token it releases with.
- Triggers on ``webhook_deliveries`` make a lane for every delivery that becomes pending, from
  whichever path: fan-out, the test ping, resend, the retry task. The lane row lock orders them
  against a dispatcher releasing (or dropping) the same lane.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# The lanes of the pending rows an INSERT added (one statement per fan-out pass).
_MAKE_LANES = """
CREATE FUNCTION webhook_lanes_of_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO webhook_lanes (subscription_id, lane, due_at, head_seq)
    SELECT subscription_id, lane, min(COALESCE(next_attempt_at, now())), min(seq)
      FROM added WHERE status = 'pending'
     GROUP BY subscription_id, lane
     ORDER BY subscription_id, lane
    ON CONFLICT (subscription_id, lane) DO UPDATE
       SET due_at = LEAST(webhook_lanes.due_at, EXCLUDED.due_at),
           head_seq = LEAST(webhook_lanes.head_seq, EXCLUDED.head_seq);
    RETURN NULL;
END $$
"""

# The lane of a row that became pending (again) or was rescheduled.
_MAKE_LANE = """
CREATE FUNCTION webhook_lane_of_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO webhook_lanes (subscription_id, lane, due_at, head_seq)
    VALUES (NEW.subscription_id, NEW.lane, COALESCE(NEW.next_attempt_at, now()), NEW.seq)
    ON CONFLICT (subscription_id, lane) DO UPDATE
       SET due_at = LEAST(webhook_lanes.due_at, EXCLUDED.due_at),
           head_seq = LEAST(webhook_lanes.head_seq, EXCLUDED.head_seq);
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    op.add_column("webhook_deliveries", sa.Column("lane", sa.Text()))
    op.add_column("webhook_deliveries", sa.Column("seq", sa.BigInteger()))
    op.execute("""
        UPDATE webhook_deliveries d
           SET seq = COALESCE(e.seq, 0),
               lane = COALESCE('b' || COALESCE(e.payload ->> 'batch_id',
                                               CASE WHEN e.type LIKE 'batch\\_%'
                                                    THEN e.payload ->> 'id' END),
                               'e' || d.event_id::text)
          FROM (SELECT d2.id AS delivery_id, o.seq, o.type, o.payload
                  FROM webhook_deliveries d2 LEFT JOIN outbox_events o ON o.id = d2.event_id) e
         WHERE e.delivery_id = d.id
    """)
    op.alter_column("webhook_deliveries", "lane", nullable=False)
    op.alter_column("webhook_deliveries", "seq", nullable=False)
    op.drop_index("idx_delivery_due", table_name="webhook_deliveries",
                  postgresql_where=sa.text("status = 'pending'"))
    op.create_index("idx_delivery_lane", "webhook_deliveries", ["subscription_id", "lane", "seq"],
                    postgresql_where=sa.text("status = 'pending'"))
    op.create_table(
        "webhook_lanes",
        sa.Column("subscription_id", sa.BigInteger(), nullable=False),
        sa.Column("lane", sa.Text(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("head_seq", sa.BigInteger(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
        sa.ForeignKeyConstraint(["subscription_id"], ["webhook_subscriptions.id"],
                                name=op.f("fk_webhook_lanes_subscription_id_webhook_subscriptions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("subscription_id", "lane", name=op.f("pk_webhook_lanes")),
    )
    op.create_index("idx_lane_due", "webhook_lanes", ["subscription_id", "due_at", "head_seq"])
    op.execute("""
        INSERT INTO webhook_lanes (subscription_id, lane, due_at, head_seq)
        SELECT subscription_id, lane, min(COALESCE(next_attempt_at, now())), min(seq)
          FROM webhook_deliveries WHERE status = 'pending'
         GROUP BY subscription_id, lane
    """)
    op.execute(_MAKE_LANES)
    op.execute(_MAKE_LANE)
    op.execute("""
        CREATE TRIGGER webhook_deliveries_added_make_lanes AFTER INSERT ON webhook_deliveries
        REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION webhook_lanes_of_added()
    """)
    # Per row, and only for a row that is pending after the change (a resend, a retry): the
    # many updates that are not (outcomes, leases) call nothing.
    op.execute("""
        CREATE TRIGGER webhook_deliveries_pending_again_make_lane
        AFTER UPDATE OF status, next_attempt_at ON webhook_deliveries
        FOR EACH ROW WHEN (NEW.status = 'pending')
        EXECUTE FUNCTION webhook_lane_of_changed()
    """)


def downgrade() -> None:
    op.execute("DROP TRIGGER webhook_deliveries_pending_again_make_lane ON webhook_deliveries")
    op.execute("DROP TRIGGER webhook_deliveries_added_make_lanes ON webhook_deliveries")
    op.execute("DROP FUNCTION webhook_lane_of_changed()")
    op.execute("DROP FUNCTION webhook_lanes_of_added()")
    op.drop_index("idx_lane_due", table_name="webhook_lanes")
    op.drop_table("webhook_lanes")
    op.drop_index("idx_delivery_lane", table_name="webhook_deliveries",
                  postgresql_where=sa.text("status = 'pending'"))
    op.create_index("idx_delivery_due", "webhook_deliveries", ["next_attempt_at"],
                    postgresql_where=sa.text("status = 'pending'"))
    op.drop_column("webhook_deliveries", "seq")
    op.drop_column("webhook_deliveries", "lane")
