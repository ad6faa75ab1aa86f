"""Webhook signing maths and the retry schedule of §6. Pure: stdlib only.

Two signatures travel with every request:

* ``X-Webhook-Signature``: hex HMAC-SHA256 of the raw body (our historical header);
* ``webhook-signature``: the Standard Webhooks form ``v1,<base64 HMAC-SHA256>`` of
  ``"{webhook-id}.{webhook-timestamp}.".encode() + body``.

The HMAC key is the base64-decoded part of a ``whsec_…`` secret, or the UTF-8 bytes of any
other (user-supplied) secret.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets as _secrets
from datetime import datetime, timedelta, timezone
from typing import Any, Mapping, Protocol

from . import problems as P
from .problems import Problem

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 24

#: Delay before retry n (1-based); later retries reuse the last step.
RETRY_SCHEDULE: tuple[timedelta, ...] = (
    timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
    timedelta(hours=5), timedelta(hours=10), timedelta(hours=10),
)
JITTER = 0.2
RETRY_AFTER_CAP = timedelta(hours=1)

CONTENT_TYPE = "Content-Type"
EVENT_HEADER = "X-Webhook-Event"
SIGNATURE_HEADER = "X-Webhook-Signature"
ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
STANDARD_SIGNATURE_HEADER = "webhook-signature"
#: Headers a subscription's custom headers may not set (compared case-insensitively).
PROTECTED_HEADERS = frozenset(h.lower() for h in (
    CONTENT_TYPE, EVENT_HEADER, SIGNATURE_HEADER, ID_HEADER, TIMESTAMP_HEADER,
    STANDARD_SIGNATURE_HEADER, "Content-Length", "Host", "Transfer-Encoding"))


class Random(Protocol):
    def uniform(self, a: float, b: float) -> float: ...


def generate_secret() -> str:
    """``whsec_`` + base64 of 24 random bytes; shown once to the user."""
    return SECRET_PREFIX + base64.b64encode(_secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def secret_key(secret: str) -> bytes:
    """The HMAC key: decoded bytes of a ``whsec_`` secret, else the secret's UTF-8 bytes."""
    if secret.startswith(SECRET_PREFIX):
        try:
            return base64.b64decode(secret[len(SECRET_PREFIX):], validate=True)
        except (binascii.Error, ValueError):
            pass
    return secret.encode("utf-8")


def format_timestamp(moment: datetime) -> str:
    """UTC ISO 8601 with milliseconds and ``Z`` (the same shape as event data)."""
    if moment.tzinfo is None:
        raise ValueError("occurred_at must be timezone-aware")
    utc = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return utc.isoformat(timespec="milliseconds") + "Z"


def event_body(event_id: str, event_type: str, occurred_at: datetime,
               data: Mapping[str, Any]) -> bytes:
    """The exact bytes sent: compact JSON ``{"id", "event", "timestamp", "data"}``."""
    body = {"id": str(event_id), "event": event_type,
            "timestamp": format_timestamp(occurred_at), "data": data}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign_hex(secret: str, body: bytes) -> str:
    return hmac.new(secret_key(secret), body, hashlib.sha256).hexdigest()


def sign_standard(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{msg_id}.{int(timestamp)}.".encode("utf-8") + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def headers(*, secret: str, event_id: str, event_type: str, timestamp: int, body: bytes,
            custom: Mapping[str, Any] | None = None) -> dict[str, str]:
    """All §6 headers for one attempt; custom headers never override the protected ones."""
    result: dict[str, str] = {}
    for name, value in (custom or {}).items():
        name = str(name).strip()
        if name and name.lower() not in PROTECTED_HEADERS:
            result[name] = str(value)
    result.update({
        CONTENT_TYPE: "application/json",
        EVENT_HEADER: event_type,
        SIGNATURE_HEADER: sign_hex(secret, body),
        ID_HEADER: str(event_id),
        TIMESTAMP_HEADER: str(int(timestamp)),
        STANDARD_SIGNATURE_HEADER: sign_standard(secret, str(event_id), timestamp, body),
    })
    return result


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header; the HTTP-date form is ignored (None)."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def retry_delay(attempt: int, rng: Random, retry_after: float | None = None) -> timedelta:
    """Delay before retry number ``attempt`` (1 = first retry).

    A receiver's ``Retry-After`` (seconds) wins over the schedule, capped at one hour and not
    jittered; otherwise the schedule step with ±20 % jitter.
    """
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    if retry_after is not None and retry_after >= 0:
        return min(timedelta(seconds=retry_after), RETRY_AFTER_CAP)
    base = RETRY_SCHEDULE[min(attempt, len(RETRY_SCHEDULE)) - 1]
    return base * rng.uniform(1 - JITTER, 1 + JITTER)


# -- why MESDesk disabled a subscription ---------------------------------------------------------
# Stored twice: as a catalogued problem (``disabled_problem``, rendered in the reader's
# language) and as the English sentence (``disabled_reason``, for the CLI, logs and older
# readers).

def gone_reason(at: datetime, delivery_id: int) -> str:
    return (f"Receiver answered 410 Gone at {format_timestamp(at)} (delivery {delivery_id}); "
            "subscription disabled")


def failing_reason(failing_since: datetime, last_error: str) -> str:
    return (f"No successful delivery since {format_timestamp(failing_since)} "
            f"(24 h of failures; last error: {last_error})")


def gone_problem(at: datetime, delivery_id: int) -> Problem:
    return P.SUBSCRIPTION_DISABLED_GONE.problem(at=at, delivery=delivery_id)


def failing_problem(failing_since: datetime, last_error: str) -> Problem:
    return P.SUBSCRIPTION_DISABLED_FAILING.problem(since=failing_since, error=last_error)
