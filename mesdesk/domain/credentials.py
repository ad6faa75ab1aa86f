"""Logins, PINs and badges (issue 15): their rules, and how they are kept.

A PIN is kept as an scrypt hash with a salt of its own (``scrypt$n$r$p$salt$hash``, hex), slow
enough that a stolen table does not give the PINs away at once. A badge code is a bearer token
scanned from a card: it is kept as its SHA-256 (looked up by equality, never shown again), so
the table does not hold codes that could be printed onto another card.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from mesdesk.domain import problems as P

LOGIN = re.compile(r"[A-Za-z0-9._-]{1,64}")
PIN = re.compile(r"[0-9]{4,12}")
# scrypt cost: about 50 ms here; n must be a power of two.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1


def checked_login(text: object) -> str:
    login = str(text).strip() if text is not None else ""
    if not LOGIN.fullmatch(login):
        raise P.USER_LOGIN_INVALID(login=login[:80], field="login")
    return login.lower()


def checked_name(text: object) -> str:
    name = str(text).strip() if text is not None else ""
    if len(name) > 200 or any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in name):
        raise P.USER_NAME_INVALID(field="name")
    return name


def checked_pin(text: object) -> str:
    pin = str(text) if text is not None else ""
    if not PIN.fullmatch(pin):
        raise P.USER_PIN_INVALID(field="pin")
    return pin


def checked_badge(text: object) -> str:
    """The badge as scanned, without a scanner's surrounding whitespace."""
    badge = str(text).strip() if text is not None else ""
    if not 4 <= len(badge) <= 200 or any(ord(ch) < 32 and ch != "\x1d" for ch in badge):
        raise P.USER_BADGE_INVALID(field="badge")
    return badge


def pin_hash(pin: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str | None) -> bool:
    """Whether ``pin`` is the one ``stored`` was made from (constant time)."""
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        made = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                              p=int(p), dklen=len(digest) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(made.hex(), digest)


def badge_digest(badge: str) -> str:
    return hashlib.sha256(badge.encode("utf-8")).hexdigest()


def new_pin(digits: int = 6) -> str:
    """A random PIN (the first administrator's, said once)."""
    return "".join(secrets.choice("0123456789") for _ in range(digits))
