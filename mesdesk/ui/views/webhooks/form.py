"""The subscription form without Qt: what the dialog collected, the checks made before it is
sent, and which field a refusal belongs to.

The dialog reads its widgets into plain values and asks this module; the service checks
everything again when it saves (the domain's own rules are used here, not copies of them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError, ValidationError
from mesdesk.domain.subscriptions import parse_events, parse_headers, parse_url
from mesdesk.services.dto import SubscriptionDTO

#: The dialog's fields, by the name a problem's ``field`` fact gives.
FIELDS = ("url", "events", "retry_count", "timeout", "custom_headers", "rate_limit")

#: What a new subscription starts with.
DEFAULT_RETRIES = 3
DEFAULT_TIMEOUT_S = 10


@dataclass(frozen=True)
class SubscriptionForm:
    """What the dialog collected, in the services' terms."""

    subscription_id: int | None             # None: a new subscription
    url: str
    events: tuple[str, ...]
    retry_count: int
    timeout: int
    custom_headers: dict[str, str] = field(default_factory=dict)
    rate_limit: int | None = None           # None: unlimited
    is_active: bool = True

    def problems(self) -> list[ValidationError]:
        """Every field the domain's rules refuse, in the dialog's order (empty: send it)."""
        found: list[ValidationError] = []
        for check, value in ((parse_url, self.url), (parse_events, self.events),
                             (parse_headers, self.custom_headers)):
            try:
                check(value)
            except ValidationError as error:
                found.append(error)
        return found


def headers_from_rows(rows: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The header table's (name, value) rows as headers: blank rows skipped, text stripped;
    a value without a name reaches the core, which says what is wrong with it; a name given
    twice (in any case) is refused here, as the custom_headers field's problem."""
    result: dict[str, str] = {}
    seen: set[str] = set()
    for raw_name, raw_value in rows:
        name, value = raw_name.strip(), raw_value.strip()
        if not name and not value:
            continue
        if name.lower() in seen:
            raise P.HEADER_TWICE(name=name, field="custom_headers")
        seen.add(name.lower())
        result[name] = value
    return result


def entered_url(text: str, sub: SubscriptionDTO | None) -> str:
    """The URL typed; the stored one when the shown (password-masked) URL is untouched, so a
    password in it is kept without ever being shown."""
    text = text.strip()
    if sub is not None and text == sub.shown_url:
        return sub.url
    return text


def field_of(error: BaseException) -> str | None:
    """The dialog's field a refusal names; None when it names none of them."""
    name = error.field if isinstance(error, DomainError) else None
    return name if name in FIELDS else None
