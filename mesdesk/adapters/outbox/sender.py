"""One HTTP attempt of one claimed delivery: signed headers, POST, a bounded excerpt back.

Runs on the dispatcher's worker threads, outside any transaction; ``httpx.Client`` is
thread-safe. Nothing here logs: the URL may carry credentials and the secret never leaves
the signing call.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from mesdesk.domain import webhooks

from .targets import ForbiddenTarget, check_host

EXCERPT_BYTES = 2048


@dataclass(frozen=True, slots=True)
class Claimed:
    """A leased delivery and what sending it needs.

    ``not_before`` (monotonic) spreads a rate-limited subscription's window over its second;
    ``lease_ends`` (monotonic) is when another dispatcher may take it over.
    """

    id: int
    event_id: str
    event_type: str
    body: bytes
    attempts: int
    subscription_id: int
    url: str = field(repr=False)                     # may carry credentials
    secret: str = field(repr=False)                  # never in a log line or a traceback
    timeout: int
    retry_count: int
    custom_headers: dict[str, Any] = field(repr=False)   # e.g. Authorization
    not_before: float
    lease_ends: float


@dataclass(frozen=True, slots=True)
class Result:
    attempted_at: datetime
    duration_ms: int
    status_code: int | None
    error_class: str | None
    error: str | None
    excerpt: str | None
    retry_after: float | None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def last_error(self) -> str:
        return self.error or f"HTTP {self.status_code}"


def send(client: httpx.Client, delivery: Claimed, attempted_at: datetime) -> Result:
    """POST the stored body once; a timeout, connection error or non-2xx is a failed attempt."""
    request_headers = webhooks.headers(
        secret=delivery.secret, event_id=delivery.event_id,
        event_type=delivery.event_type, timestamp=int(attempted_at.timestamp()),
        body=delivery.body, custom=delivery.custom_headers)
    started = time.monotonic()
    try:
        check_host(urlsplit(delivery.url).hostname)
        request = client.build_request(
            "POST", delivery.url, content=delivery.body, headers=request_headers,
            timeout=httpx.Timeout(delivery.timeout))
        response = client.send(request, stream=True, follow_redirects=False)
        try:
            excerpt = _read_excerpt(response)
        finally:
            response.close()
    except ForbiddenTarget as exc:   # never connected
        return Result(attempted_at, _ms_since(started), None, "ForbiddenTarget",
                      f"ForbiddenTarget: {exc}"[:1000], None, None)
    except httpx.HTTPError as exc:
        return Result(attempted_at, _ms_since(started), None, type(exc).__name__,
                      f"{type(exc).__name__}: {exc}"[:1000], None, None)
    status = response.status_code
    ok = 200 <= status < 300
    return Result(attempted_at, _ms_since(started), status,
                  None if ok else "HTTPStatus", None if ok else f"HTTP {status}",
                  excerpt, webhooks.parse_retry_after(response.headers.get("Retry-After")))


def failed_to_send(attempted_at: datetime, exc: BaseException) -> Result:
    """An attempt that broke before or outside HTTP (a bug, a bad URL): recorded, not lost."""
    return Result(attempted_at, 0, None, type(exc).__name__,
                  f"{type(exc).__name__}: {exc}"[:1000], None, None)


def _read_excerpt(response: httpx.Response) -> str:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= EXCERPT_BYTES:
            break
    # PostgreSQL text cannot hold NUL; a binary answer keeps its shape with U+FFFD instead.
    return (b"".join(chunks)[:EXCERPT_BYTES].decode("utf-8", errors="replace")
            .replace("\x00", "\ufffd"))


def _ms_since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
