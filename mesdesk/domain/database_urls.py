"""Database URLs as settings hold them: valid or why not, and their password taken out or put
back (the keyring keeps passwords by the URL without one). Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qs, parse_qsl, quote, unquote, urlencode, urlsplit

from mesdesk.domain import problems as P
from mesdesk.domain.problems import Problem

POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2")


def validate_database_url(url: str) -> Problem | None:
    """Why ``url`` is not a usable PostgreSQL URL, or None when it looks like one (no I/O:
    the settings page checks as the user types, the composition root before it connects)."""
    url = url.strip()
    if not url:
        return P.DATABASE_URL_EMPTY.problem()
    if "://" not in url or any(c.isspace() for c in url):
        return P.DATABASE_URL_INVALID.problem()
    try:
        parts = urlsplit(url)
    except ValueError:
        return P.DATABASE_URL_INVALID.problem()
    if not parts.scheme:
        return P.DATABASE_URL_INVALID.problem()
    if parts.scheme.lower() not in POSTGRES_SCHEMES:
        return P.DATABASE_URL_NOT_POSTGRESQL.problem(kind=parts.scheme.split("+")[0])
    try:
        parts.port
    except ValueError:
        return P.DATABASE_URL_BAD_PORT.problem()
    if not parts.path.strip("/"):
        return P.DATABASE_URL_NO_DATABASE.problem()
    return None


def has_password(url: str) -> bool:
    try:
        return split_password(url).password is not None
    except ValueError:
        return False


def database_changed(old: str | None, new: str | None) -> bool:
    """Whether ``new`` points at another database than ``old`` (passwords aside)."""
    def bare(url: str | None) -> str:
        if not url:
            return ""
        try:
            return split_password(url.strip()).url
        except ValueError:
            return url.strip()
    return bare(old) != bare(new)


def _unsplit(parts: SplitResult, netloc: str, query: str) -> str:
    # urlunsplit drops the "//" of an empty host ("postgresql:///db?host=/run/pg"): not here.
    url = f"{parts.scheme}://{netloc}{parts.path}"
    if query:
        url += f"?{query}"
    if parts.fragment:
        url += f"#{parts.fragment}"
    return url


@dataclass(frozen=True)
class SplitUrl:
    """A database URL without its password, and the password (``None``: there was none)."""

    url: str
    password: str | None


def split_password(url: str) -> SplitUrl:
    """Take the password out of ``scheme://user:password@host/db`` (or ``?password=``).

    The rest of the URL stays as typed, so the URL without its password is a stable account
    name for the keyring.
    """
    parts = urlsplit(url)
    password: str | None = None
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        if ":" in userinfo:
            user, _, raw = userinfo.partition(":")
            password = unquote(raw)
            netloc = f"{user}@{hostport}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if k != "password"]
        if len(kept) != len(pairs):
            if password is None:
                password = next(v for k, v in pairs if k == "password")
            query = urlencode(kept, safe="/:")
    return SplitUrl(_unsplit(parts, netloc, query), password)


def with_password(url: str, password: str) -> str:
    """``url`` (which has no password) with ``password`` put into its user part."""
    parts = urlsplit(url)
    encoded = quote(password, safe="")
    if "@" in parts.netloc:
        user, _, hostport = parts.netloc.rpartition("@")
        netloc = f"{user}:{encoded}@{hostport}"
    else:
        # No user named: libpq takes the password on its own as a query parameter.
        query = parts.query + ("&" if parts.query else "") + "password=" + encoded
        return _unsplit(parts, parts.netloc, query)
    return _unsplit(parts, netloc, parts.query)


def where(url: str) -> str:
    """Where a URL points, for a sentence: ``host:port`` or the socket folder."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return url
    if not host:
        host = parse_qs(parts.query).get("host", [""])[0] or "localhost"
        return unquote(host)
    return f"{host}:{port}" if port else host
