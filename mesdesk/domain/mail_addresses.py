"""E-mail addresses as people type them in a settings field or on a command line (§10). Pure.

``parse_addresses("a@x.ru, b@y.com")`` gives ``("a@x.ru", "b@y.com")``; commas, semicolons
(what Outlook users type) and line breaks separate addresses; the same address twice is kept
once. An address that is not one is refused by name (``mail.address_invalid``), so a typo
such as a space instead of a comma is said before anything is queued.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import problems as P
from .problems import Problem

#: What the ``mail_outbox.recipients`` column holds per address (RFC 5321's limit too).
MAX_LENGTH = 320

_SEPARATORS = re.compile(r"[,;\n\r]+")
# A practical check, not RFC 5322: printable ASCII local part without spaces, a dotted
# domain of letters, digits and hyphens (an IDN is typed in its xn-- form).
_ADDRESS = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}")


def address_problem(address: str) -> Problem | None:
    """Why ``address`` (one, stripped) is not an e-mail address, or None."""
    shown = address if address.isprintable() else ascii(address)[1:-1]
    if (len(address) > MAX_LENGTH or not _ADDRESS.fullmatch(address)
            or address.startswith(".") or ".." in address or ".@" in address):
        return P.MAIL_ADDRESS_INVALID.problem(address=shown[:80])
    return None


def parse_addresses(text: str | Iterable[str]) -> tuple[str, ...] | Problem:
    """The addresses in ``text`` (or in each string of an iterable), in order, once each; or
    the ``mail.address_invalid`` problem naming the first bad one. Empty text: ``()``."""
    pieces = [text] if isinstance(text, str) else list(text)
    found: dict[str, str] = {}
    for piece in pieces:
        for part in _SEPARATORS.split(piece or ""):
            address = part.strip()
            if not address:
                continue
            problem = address_problem(address)
            if problem is not None:
                return problem
            found.setdefault(address.lower(), address)
    return tuple(found.values())


def addresses_or_raise(text: str | Iterable[str], *, field: str | None = None
                       ) -> tuple[str, ...]:
    """``parse_addresses``, the problem raised (with ``field`` as its location)."""
    parsed = parse_addresses(text)
    if isinstance(parsed, Problem):
        raise parsed.type(**parsed.params, field=field)
    return parsed
