"""Webhook subscriptions: what a valid one is (§6). Pure: stdlib only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .errors import ValidationError
from .events import EVENT_TYPES
from .webhooks import PROTECTED_HEADERS

MAX_RETRIES = 20
MAX_TIMEOUT_S = 60


@dataclass(frozen=True, slots=True)
class SubscriptionInput:
    url: str
    events: tuple[str, ...]
    retry_count: int = 3
    timeout: int = 10
    custom_headers: dict[str, str] = field(default_factory=dict)
    rate_limit: int | None = None


def parse_url(url: str) -> str:
    text = (url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(f"{text!r} is not an http:// or https:// URL with a host",
                              field="url")
    if any(ch.isspace() for ch in text):
        raise ValidationError("the URL must not contain spaces", field="url")
    return text


def parse_events(events: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(e.strip() for e in events if e.strip()))
    if not chosen:
        raise ValidationError("choose at least one event type", field="events")
    unknown = [e for e in chosen if e not in EVENT_TYPES]
    if unknown:
        raise ValidationError(f"unknown event type {unknown[0]!r}; known types are "
                              f"{', '.join(EVENT_TYPES)}", field="events")
    return chosen


def parse_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    result: dict[str, str] = {}
    for name, value in (headers or {}).items():
        if not name or any(ch in name for ch in " :\r\n") or any(ch in str(value) for ch in
                                                                 "\r\n"):
            raise ValidationError(f"header {name!r} is not a valid HTTP header",
                                  field="custom_headers")
        if name.lower() in PROTECTED_HEADERS:
            raise ValidationError(f"header {name!r} is set by MESDesk and cannot be replaced",
                                  field="custom_headers")
        result[name] = str(value)
    return result


def subscription_input(url: str, events: Iterable[str], *, retry_count: int = 3,
                       timeout: int = 10, custom_headers: Mapping[str, str] | None = None,
                       rate_limit: int | None = None) -> SubscriptionInput:
    if not 0 <= retry_count <= MAX_RETRIES:
        raise ValidationError(f"must be between 0 and {MAX_RETRIES}", field="retry_count")
    if not 1 <= timeout <= MAX_TIMEOUT_S:
        raise ValidationError(f"must be between 1 and {MAX_TIMEOUT_S} seconds", field="timeout")
    if rate_limit is not None and rate_limit < 1:
        raise ValidationError("must be at least 1 request per second", field="rate_limit")
    return SubscriptionInput(parse_url(url), parse_events(events), retry_count, timeout,
                             parse_headers(custom_headers), rate_limit)


UPDATABLE = ("url", "events", "retry_count", "timeout", "custom_headers", "rate_limit")


def subscription_update(current: SubscriptionInput, changes: Mapping[str, object]
                        ) -> tuple[SubscriptionInput, dict[str, object]]:
    """The subscription after ``changes`` (field -> new value), validated exactly like a new
    one, and the fields whose value really changes (so an update that changes nothing writes
    nothing and audits nothing). ``rate_limit`` None means unlimited."""
    unknown = [name for name in changes if name not in UPDATABLE]
    if unknown:
        raise ValidationError(f"{unknown[0]!r} cannot be changed; changeable fields are "
                              f"{', '.join(UPDATABLE)}", field=unknown[0])
    for name in ("retry_count", "timeout", "rate_limit"):
        value = changes.get(name)
        if name in changes and value is not None and (isinstance(value, bool)
                                                      or not isinstance(value, int)):
            raise ValidationError(f"expected a whole number, got {value!r}", field=name)
    if "retry_count" in changes and changes["retry_count"] is None:
        raise ValidationError("a number of retries is required", field="retry_count")
    if "timeout" in changes and changes["timeout"] is None:
        raise ValidationError("a timeout in seconds is required", field="timeout")
    if "events" in changes and isinstance(changes["events"], str):
        raise ValidationError("expected a list of event types", field="events")
    merged = {"url": current.url, "events": current.events, "retry_count": current.retry_count,
              "timeout": current.timeout, "custom_headers": current.custom_headers,
              "rate_limit": current.rate_limit, **changes}
    updated = subscription_input(
        str(merged["url"] or ""), merged["events"] or (),  # type: ignore[arg-type]
        retry_count=merged["retry_count"], timeout=merged["timeout"],  # type: ignore[arg-type]
        custom_headers=merged["custom_headers"],  # type: ignore[arg-type]
        rate_limit=merged["rate_limit"])  # type: ignore[arg-type]
    changed = {name: getattr(updated, name) for name in UPDATABLE
               if getattr(updated, name) != getattr(current, name)}
    return updated, changed
