"""The dispatcher's SQL, one statement per step, set-based so a pass costs a few round trips.

Lists travel as one JSON parameter read with ``jsonb_to_recordset`` (or as typed arrays), so
recording fifty outcomes is one statement, not fifty.
"""

from __future__ import annotations

from sqlalchemy import text

# A subscription's requests per second; NULL (or 0, the UI's "unlimited") means no limit.
_RATE = "NULLIF(GREATEST({s}.rate_limit, 0), 0)"

# Batch key of an outbox event, for per-batch ordering.
_BATCH_KEY = ("COALESCE({e}.payload ->> 'batch_id', "
              "CASE WHEN {e}.type LIKE 'batch\\_%' THEN {e}.payload ->> 'id' END)")

NOW = text("SELECT now()")

# The dispatcher's commits do not wait for the WAL flush. Losing the last few of them in a
# server crash costs nothing but a repeat: an unrecorded lease or outcome means the delivery is
# sent again when its lease ends (at least once, as promised), an unrecorded fan-out is redone.
# It saves a disk flush per pass, which is most of a pass's time.
ASYNC_COMMIT = text("SET LOCAL synchronous_commit = off")

FANOUT_CLAIM = text("""
    SELECT id::text AS id, seq, type, payload, occurred_at FROM outbox_events
    WHERE dispatched_at IS NULL
    ORDER BY seq
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
""")

# One row per (event, active subscription wanting its type); bodies were built in Python once
# per event and are stored as the exact text sent.
FANOUT_INSERT = text("""
    INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, payload,
                                    status, attempts, next_attempt_at)
    SELECT s.id, CAST(v.event_id AS uuid), v.type, v.body, 'pending', 0, :now
    FROM jsonb_to_recordset(CAST(:events AS jsonb))
         AS v(event_id text, seq bigint, type text, body text)
    JOIN webhook_subscriptions s
      ON s.is_active AND CAST(v.type AS varchar) = ANY(s.events)
    ORDER BY v.seq, s.id
    ON CONFLICT ON CONSTRAINT uq_delivery_event_subscription DO NOTHING
""")

MARK_DISPATCHED = text(
    "UPDATE outbox_events SET dispatched_at = :now WHERE id = ANY(CAST(:ids AS uuid[]))")

# Rate-limited subscriptions whose next window has opened. The row lock (NO KEY UPDATE: it does
# not block fan-out's foreign-key checks) is held until the claim commits, with next_send_at
# moved on, so a second dispatcher skips the subscription instead of claiming the same window.
OPEN_WINDOWS = text(f"""
    SELECT s.id FROM webhook_subscriptions s
    WHERE s.is_active AND {_RATE.format(s='s')} IS NOT NULL
      AND (s.next_send_at IS NULL OR s.next_send_at <= :now)
    ORDER BY s.id
    FOR NO KEY UPDATE SKIP LOCKED
""")

# Due deliveries, earliest event first. Per-batch order: only the first pending delivery of a
# (subscription, batch key) is a candidate (``in_batch = 1``; events without a key each form
# their own group), one sort over the pending rows rather than a comparison of every pair.
# ``position`` numbers a subscription's candidates so one claim takes at most its rate limit
# (one second's worth) and at most ``per_subscription`` minus what this dispatcher already has
# in flight for it (``busy``: {"<id>": count}), so a slow receiver cannot take every worker.
# The conditions on ``d`` are repeated in the outer query: only those are re-checked when
# FOR UPDATE meets a row another dispatcher has just leased.
CLAIM = text(f"""
    WITH pending AS (
        SELECT d.id, d.subscription_id, d.next_attempt_at, d.locked_until, e.seq,
               row_number() OVER (
                   PARTITION BY d.subscription_id,
                                COALESCE('b' || {_BATCH_KEY.format(e='e')}, 'd' || d.id::text)
                   ORDER BY e.seq) AS in_batch
        FROM webhook_deliveries d
        JOIN webhook_subscriptions s ON s.id = d.subscription_id
        JOIN outbox_events e ON e.id = d.event_id
        WHERE d.status = 'pending' AND s.is_active
          AND ({_RATE.format(s='s')} IS NULL OR s.id = ANY(CAST(:windows AS bigint[])))
    ), due AS (
        SELECT p.id, p.seq,
               row_number() OVER (PARTITION BY p.subscription_id ORDER BY p.seq) AS position
        FROM pending p
        WHERE p.in_batch = 1
          AND p.next_attempt_at <= :now
          AND (p.locked_until IS NULL OR p.locked_until < :now)
    )
    SELECT d.id, d.event_id::text AS event_id, d.event_type, d.payload, d.attempts,
           s.id AS subscription_id, s.url, s.secret, s.timeout, s.retry_count,
           s.custom_headers, {_RATE.format(s='s')} AS rate_limit
    FROM due
    JOIN webhook_deliveries d ON d.id = due.id
    JOIN webhook_subscriptions s ON s.id = d.subscription_id
    WHERE d.status = 'pending'
      AND d.next_attempt_at <= :now
      AND (d.locked_until IS NULL OR d.locked_until < :now)
      AND due.position + COALESCE(CAST(CAST(:busy AS jsonb) ->> CAST(s.id AS text) AS int), 0)
          <= LEAST(COALESCE({_RATE.format(s='s')}, :per_subscription), :per_subscription)
    ORDER BY due.seq
    LIMIT :limit
    FOR UPDATE OF d SKIP LOCKED
""")

LEASE = text("""
    UPDATE webhook_deliveries d SET locked_until = v.until
    FROM unnest(CAST(:ids AS bigint[]), CAST(:untils AS timestamptz[])) AS v(id, until)
    WHERE d.id = v.id
""")

# Deliveries claimed but never sent (the dispatcher is stopping): another one may take them now.
RELEASE = text("""
    UPDATE webhook_deliveries SET locked_until = NULL
    WHERE id = ANY(CAST(:ids AS bigint[])) AND status = 'pending'
""")

NEXT_WINDOW = text("""
    UPDATE webhook_subscriptions s SET next_send_at = v.at
    FROM unnest(CAST(:ids AS bigint[]), CAST(:ats AS timestamptz[])) AS v(id, at)
    WHERE s.id = v.id
""")

# Every attempt row and every outcome of a pass in one statement.
RECORD = text("""
    WITH v AS (
        SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS v(
            id bigint, attempted_at timestamptz, duration_ms int, status_code int,
            error_class text, excerpt text, status text, next_attempt_at timestamptz,
            delivered_at timestamptz, error text)
    ), attempt_rows AS (
        INSERT INTO webhook_attempts (delivery_id, attempted_at, duration_ms, status_code,
                                      error_class, response_excerpt)
        SELECT id, attempted_at, duration_ms, status_code, error_class, excerpt
        FROM v ORDER BY attempted_at, id
    )
    UPDATE webhook_deliveries d
    SET status = v.status, attempts = d.attempts + 1, next_attempt_at = v.next_attempt_at,
        locked_until = NULL, response_status = v.status_code, response_body = v.excerpt,
        error_message = v.error, delivered_at = v.delivered_at
    FROM v WHERE d.id = v.id
""")

# Subscription rows in id order before changing them: two dispatchers recording outcomes of the
# same subscriptions at once then queue instead of deadlocking.
LOCK_SUBSCRIPTIONS = text("""
    SELECT id FROM webhook_subscriptions WHERE id = ANY(CAST(:ids AS bigint[]))
    ORDER BY id FOR NO KEY UPDATE
""")

# Health after this pass's attempts: ``succeeded`` = a 2xx among them; ``failures`` = failed
# attempts after the last success of the pass (all of them when none succeeded).
HEALTH = text("""
    UPDATE webhook_subscriptions s SET
        last_success_at = CASE WHEN v.succeeded THEN :now ELSE s.last_success_at END,
        failing_since = CASE WHEN v.succeeded THEN CASE WHEN v.failures > 0 THEN :now END
                             WHEN v.failures > 0 THEN COALESCE(s.failing_since, :now)
                             ELSE s.failing_since END,
        consecutive_failures = CASE WHEN v.succeeded THEN v.failures
                                    ELSE s.consecutive_failures + v.failures END
    FROM jsonb_to_recordset(CAST(:health AS jsonb)) AS v(id bigint, succeeded boolean,
                                                          failures int)
    WHERE s.id = v.id
    RETURNING s.id, s.is_active, s.failing_since
""")

DISABLE = text("""
    UPDATE webhook_subscriptions
    SET is_active = false, disabled_reason = :reason,
        disabled_problem = CAST(:problem AS jsonb)
    WHERE id = :id AND is_active
    RETURNING id, url, events
""")

# The deliveries of a subscription disabled by this pass that were just attempted end with
# their own error rather than a retry that will never come.
END_RECORDED = text("""
    UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL
    WHERE id = ANY(CAST(:ids AS bigint[])) AND subscription_id = :id AND status = 'pending'
""")

# A disabled subscription's waiting deliveries will never be sent: they end now, with the
# reason, instead of staying "pending" for ever. One another worker is sending at this moment
# (leased) keeps whatever outcome that send records. Runs after this pass's outcomes, so the
# delivery that caused the disabling already has its own.
FAIL_WAITING = text("""
    UPDATE webhook_deliveries
    SET status = 'failed', next_attempt_at = NULL, error_message = :reason
    WHERE subscription_id = :id AND status = 'pending'
      AND (locked_until IS NULL OR locked_until < :now)
""")
