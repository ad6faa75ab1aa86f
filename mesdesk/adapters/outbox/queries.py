"""The dispatcher's SQL, one statement per step, set-based so a pass costs a few round trips.

Lists travel as one JSON parameter read with ``jsonb_to_recordset`` (or as typed arrays), so
recording fifty outcomes is one statement, not fifty.
"""

from __future__ import annotations

from sqlalchemy import text

# A subscription's requests per second; NULL (or 0, the UI's "unlimited") means no limit.
_RATE = "NULLIF(GREATEST({s}.rate_limit, 0), 0)"

NOW = text("SELECT now()")

# The dispatcher's commits do not wait for the WAL flush. Losing the last few of them in a
# server crash costs nothing but a repeat: an unrecorded lease or outcome means the delivery is
# sent again when its lease ends (at least once, as promised), an unrecorded fan-out is redone.
# It saves a disk flush per pass, which is most of a pass's time.
ASYNC_COMMIT = text("SET LOCAL synchronous_commit = off")

# One fan-out at a time, whichever station (see fanout.py); released when its transaction ends.
FANOUT_LOCK = text("SELECT pg_try_advisory_xact_lock(hashtext('mesdesk.outbox.fanout'))")

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
                                    status, attempts, next_attempt_at, lane, seq)
    SELECT s.id, CAST(v.event_id AS uuid), v.type, v.body, 'pending', 0, :now, v.lane, v.seq
    FROM jsonb_to_recordset(CAST(:events AS jsonb))
         AS v(event_id text, seq bigint, type text, body text, lane text)
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

# Due lanes, earliest first, of active subscriptions (rate-limited ones only while their window
# is open): per subscription by index, so a claim reads a few lane rows however long the queue.
# Per subscription at most ``per_subscription`` lanes minus those this dispatcher already has in
# flight (``busy``: {"<id>": count}), and at most its rate limit (each lane sends at least one).
# A lane another dispatcher is claiming right now is skipped, not waited for.
CLAIM_LANES = text(f"""
    SELECT l.subscription_id, l.lane
    FROM webhook_subscriptions s
    CROSS JOIN LATERAL (
        SELECT l.subscription_id, l.lane, l.due_at, l.head_seq FROM webhook_lanes l
        WHERE l.subscription_id = s.id AND l.due_at <= :now
          AND (l.locked_until IS NULL OR l.locked_until < :now)
        ORDER BY l.due_at, l.head_seq
        LIMIT GREATEST(LEAST(COALESCE({_RATE.format(s='s')}, :per_subscription), :per_subscription)
                       - COALESCE(CAST(CAST(:busy AS jsonb) ->> CAST(s.id AS text) AS int), 0), 0)
        FOR UPDATE OF l SKIP LOCKED
    ) l
    WHERE s.is_active
      AND ({_RATE.format(s='s')} IS NULL OR s.id = ANY(CAST(:windows AS bigint[])))
    ORDER BY l.due_at, l.head_seq
    LIMIT :limit
""")

# The next ``chain`` pending deliveries of each claimed lane, in outbox order (a new statement
# after the lanes are locked, so it sees every delivery committed before the lock). Which of
# them are due and free is decided by the claimer: a chain stops at the first one that is not.
CHAINS = text(f"""
    SELECT l.position, c.id, c.event_id, c.event_type, c.payload, c.attempts, c.seq,
           c.next_attempt_at, c.locked_until,
           s.id AS subscription_id, s.url, s.secret, s.timeout, s.retry_count,
           s.custom_headers, {_RATE.format(s='s')} AS rate_limit
    FROM unnest(CAST(:subscriptions AS bigint[]), CAST(:lanes AS text[]))
         WITH ORDINALITY AS l(subscription_id, lane, position)
    JOIN webhook_subscriptions s ON s.id = l.subscription_id
    CROSS JOIN LATERAL (
        SELECT d.id, d.event_id::text AS event_id, d.event_type, d.payload, d.attempts, d.seq,
               d.next_attempt_at, d.locked_until
        FROM webhook_deliveries d
        WHERE d.subscription_id = l.subscription_id AND d.lane = l.lane AND d.status = 'pending'
        ORDER BY d.seq
        LIMIT :chain
    ) c
    ORDER BY l.position, c.seq
""")

# Lanes claimed: leased (``locked_until`` is also the token the release is made with).
LEASE_LANES = text("""
    UPDATE webhook_lanes l SET locked_until = v.until
    FROM unnest(CAST(:subscriptions AS bigint[]), CAST(:lanes AS text[]),
                CAST(:untils AS timestamptz[])) AS v(subscription_id, lane, until)
    WHERE l.subscription_id = v.subscription_id AND l.lane = v.lane
""")

# Lanes claimed whose head is not due yet (in back-off, or leased by itself): due when it is.
LANES_DUE_LATER = text("""
    UPDATE webhook_lanes l SET due_at = v.due_at, head_seq = v.head_seq
    FROM unnest(CAST(:subscriptions AS bigint[]), CAST(:lanes AS text[]),
                CAST(:dues AS timestamptz[]), CAST(:heads AS bigint[]))
         AS v(subscription_id, lane, due_at, head_seq)
    WHERE l.subscription_id = v.subscription_id AND l.lane = v.lane
""")

# Lanes claimed with nothing pending any more. Safe against a delivery being added right now:
# its trigger waits for this lane's lock and makes the lane again once this commits.
DROP_LANES = text("""
    DELETE FROM webhook_lanes l
    USING unnest(CAST(:subscriptions AS bigint[]), CAST(:lanes AS text[]))
          AS v(subscription_id, lane)
    WHERE l.subscription_id = v.subscription_id AND l.lane = v.lane
""")

# Releasing lanes a chain has finished with: first their row locks (in key order, the order
# every writer of lanes takes them), so the next statement sees every delivery committed for
# them; only lanes still leased with this dispatcher's token (a lease that ran out may belong
# to another dispatcher by now).
LOCK_OWN_LANES = text("""
    SELECT l.subscription_id FROM webhook_lanes l
    JOIN unnest(CAST(:subscriptions AS bigint[]), CAST(:lanes AS text[]),
                CAST(:tokens AS timestamptz[])) AS v(subscription_id, lane, token)
      ON l.subscription_id = v.subscription_id AND l.lane = v.lane AND l.locked_until = v.token
    ORDER BY l.subscription_id, l.lane
    FOR UPDATE OF l
""")

# ...then each lane is due when its (new) head is, or goes when it has none; the chain's
# deliveries never sent are free again.
RELEASE_LANES = text("""
    WITH mine AS (
        SELECT * FROM unnest(CAST(:subscriptions AS bigint[]), CAST(:lanes AS text[]),
                             CAST(:tokens AS timestamptz[])) AS v(subscription_id, lane, token)
    ), heads AS (
        SELECT m.subscription_id, m.lane, m.token, h.seq, h.next_attempt_at
        FROM mine m
        LEFT JOIN LATERAL (
            SELECT d.seq, d.next_attempt_at FROM webhook_deliveries d
            WHERE d.subscription_id = m.subscription_id AND d.lane = m.lane
              AND d.status = 'pending'
            ORDER BY d.seq LIMIT 1
        ) h ON true
    ), unsent AS (
        UPDATE webhook_deliveries d SET locked_until = NULL
        WHERE d.id = ANY(CAST(:unsent AS bigint[])) AND d.status = 'pending'
          AND d.locked_until = ANY(CAST(:tokens AS timestamptz[]))
    ), gone AS (
        DELETE FROM webhook_lanes l USING heads h
        WHERE l.subscription_id = h.subscription_id AND l.lane = h.lane
          AND l.locked_until = h.token AND h.seq IS NULL
    )
    UPDATE webhook_lanes l
    SET locked_until = NULL, due_at = COALESCE(h.next_attempt_at, :now), head_seq = h.seq
    FROM heads h
    WHERE l.subscription_id = h.subscription_id AND l.lane = h.lane
      AND l.locked_until = h.token AND h.seq IS NOT NULL
""")

LEASE = text("""
    UPDATE webhook_deliveries d SET locked_until = v.until
    FROM unnest(CAST(:ids AS bigint[]), CAST(:untils AS timestamptz[])) AS v(id, until)
    WHERE d.id = v.id
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
