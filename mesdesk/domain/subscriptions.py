"""Webhook subscriptions: what a valid one is (§6). Pure: stdlib only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from . import problems as P
from .events import EVENT_TYPES
from .values import character_name
from .webhook_targets import forbidden_host
from .webhooks import PROTECTED_HEADERS

MAX_RETRIES = 20
MAX_TIMEOUT_S = 60
#: Requests per second; far above what a receiver takes, well inside the column's integer.
MAX_RATE_LIMIT = 10_000

#: RFC 9110 ``tchar``: what a header name (a token) is made of.
TOKEN_CHARACTERS = frozenset("!#$%&'*+-.^_`|~0123456789"
                             "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


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
    try:
        parts = urlsplit(text)
        scheme, host = parts.scheme, parts.hostname
        parts.port  # noqa: B018 - a port that is not a number (or over 65535) raises here
    except ValueError:
        scheme, host = "", None
    if scheme not in ("http", "https") or not host:
        raise P.WEBHOOK_URL_INVALID(url=shown_text(masked_url(text)), field="url")
    if any(ch.isspace() for ch in text):
        raise P.WEBHOOK_URL_SPACES(field="url")
    for position, ch in enumerate(text, 1):
        if not ch.isprintable():     # control characters, lone surrogates: never sendable
            raise P.WEBHOOK_URL_CHARACTER(character=character_name(ch), position=position,
                                          field="url")
    if forbidden_host(host):
        raise P.WEBHOOK_TARGET_FORBIDDEN(host=host, field="url")
    return text


def masked_url(url: str) -> str:
    """The URL with the password of its ``user:password@`` part replaced by ``***`` (and a
    user name alone, which is often a token, too), for every listing and message."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    credentials, _, host = parts.netloc.rpartition("@")
    user, has_password, _ = credentials.partition(":")
    shown = f"{user}:***" if has_password else "***"
    return parts._replace(netloc=f"{shown}@{host}").geturl()


def parse_events(events: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(e.strip() for e in events if e.strip()))
    if not chosen:
        raise P.SUBSCRIPTION_NO_EVENTS(field="events")
    unknown = [e for e in chosen if e not in EVENT_TYPES]
    if unknown:
        raise P.WEBHOOK_EVENT_UNKNOWN(event=shown_text(unknown[0]),
                                      known=", ".join(EVENT_TYPES), field="events")
    return chosen


def parse_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """Custom headers that can be sent as they are: names are RFC 9110 tokens, values are
    visible ASCII with spaces and tabs inside (no control characters, nothing non-ASCII, no
    whitespace at either end). Positions in problems count from 1."""
    result: dict[str, str] = {}
    for name, value in (headers or {}).items():
        name, value = str(name), str(value)
        check_header_name(name)
        if name.lower() in PROTECTED_HEADERS:
            raise P.HEADER_RESERVED(name=shown_text(name), field="custom_headers")
        check_header_value(name, value)
        result[name] = value
    return result


def check_header_name(name: str) -> None:
    if not name:
        raise P.HEADER_NAME_EMPTY(field="custom_headers")
    for position, ch in enumerate(name, 1):
        if ch not in TOKEN_CHARACTERS:
            raise P.HEADER_NAME_INVALID(name=shown_text(name), character=character_name(ch),
                                        position=position, field="custom_headers")


def check_header_value(name: str, value: str) -> None:
    for position, ch in enumerate(value, 1):
        code = ord(ch)
        if code > 0x7F:
            raise P.HEADER_VALUE_NON_ASCII(name=shown_text(name), character=character_name(ch),
                                           position=position, field="custom_headers")
        if (code < 0x20 and ch != "\t") or code == 0x7F:
            raise P.HEADER_VALUE_CONTROL(name=shown_text(name), character=character_name(ch),
                                         position=position, field="custom_headers")
    if value != value.strip(" \t"):
        raise P.HEADER_VALUE_WHITESPACE(name=shown_text(name), field="custom_headers")


def check_secret(secret: str) -> str:
    """A secret given by hand: printable text (it is stored and used as an HMAC key)."""
    for position, ch in enumerate(secret, 1):
        if not ch.isprintable():
            raise P.WEBHOOK_SECRET_CHARACTER(character=character_name(ch), position=position,
                                             field="secret")
    return secret


def shown_text(text: str) -> str:
    """Text as a message can carry it: a lone surrogate (undecodable input) as ``\\udcff``."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _whole_number(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise P.SUBSCRIPTION_WHOLE_NUMBER(value=repr(value), field=name)


def subscription_input(url: str, events: Iterable[str], *, retry_count: int = 3,
                       timeout: int = 10, custom_headers: Mapping[str, str] | None = None,
                       rate_limit: int | None = None) -> SubscriptionInput:
    _whole_number(retry_count, "retry_count")
    _whole_number(timeout, "timeout")
    if rate_limit is not None:
        _whole_number(rate_limit, "rate_limit")
    if not 0 <= retry_count <= MAX_RETRIES:
        raise P.SUBSCRIPTION_RETRY_RANGE(minimum=0, maximum=MAX_RETRIES, value=retry_count,
                                         field="retry_count")
    if not 1 <= timeout <= MAX_TIMEOUT_S:
        raise P.SUBSCRIPTION_TIMEOUT_RANGE(minimum=1, maximum=MAX_TIMEOUT_S, value=timeout,
                                           field="timeout")
    if rate_limit is not None and not 1 <= rate_limit <= MAX_RATE_LIMIT:
        raise P.SUBSCRIPTION_RATE_LIMIT_RANGE(minimum=1, maximum=MAX_RATE_LIMIT,
                                              value=rate_limit, field="rate_limit")
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
        raise P.SUBSCRIPTION_NOT_CHANGEABLE(name=unknown[0], changeable=", ".join(UPDATABLE),
                                            field=unknown[0])
    for name in ("retry_count", "timeout", "rate_limit"):
        value = changes.get(name)
        if name in changes and value is not None:
            _whole_number(value, name)
    for name in ("retry_count", "timeout"):
        if name in changes and changes[name] is None:
            raise P.SUBSCRIPTION_VALUE_REQUIRED(field=name)
    if "events" in changes and isinstance(changes["events"], str):
        raise P.SUBSCRIPTION_EVENTS_NOT_LIST(field="events")
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
