"""The object storage's address as typed on the Settings page or in ``MESDESK_S3_ENDPOINT``:
``host``, ``host:port`` or an ``http(s)://host[:port]`` URL without a path (MinIO's client
takes ``host:port``; a URL's scheme says whether TLS is used)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import problems as P
from .problems import Problem

#: S3 bucket names: 3-63 lower-case letters, digits, dots and hyphens.
_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
#: The buckets' own names (the prefix goes before them).
BUCKET_NAMES = ("reports", "exports", "imports")

_HOST = re.compile(r"^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$")


@dataclass(frozen=True, slots=True)
class Endpoint:
    host: str
    port: int | None
    secure: bool | None          # None: not said (the TLS setting decides)

    @property
    def address(self) -> str:
        """``host:port`` (or ``host``), what the client connects to."""
        return self.host if self.port is None else f"{self.host}:{self.port}"


def parse_endpoint(text: str) -> Endpoint | Problem:
    """The endpoint, or ``storage.endpoint_invalid`` naming what was typed."""
    typed = text.strip()
    invalid = P.STORAGE_ENDPOINT_INVALID.problem(endpoint=typed[:200])
    if not typed or any(ch.isspace() or not ch.isprintable() for ch in typed):
        return invalid
    secure: bool | None = None
    if "://" in typed:
        try:
            parts = urlsplit(typed)
            port = parts.port
        except ValueError:
            return invalid
        if parts.scheme not in ("http", "https") or parts.path not in ("", "/") \
                or parts.query or parts.fragment or parts.username or not parts.hostname:
            return invalid
        secure = parts.scheme == "https"
        host = parts.hostname
        if ":" in host:
            host = f"[{host}]"
    else:
        host, port = typed, None
        head, colon, tail = typed.rpartition(":")
        if colon and not head.endswith("]") and ":" in head:
            return invalid          # a bare IPv6 address needs brackets
        if colon:
            if not tail.isdigit():
                return invalid
            host, port = head, int(tail)
    if not _HOST.match(host) or (port is not None and not 0 < port < 65536):
        return invalid
    return Endpoint(host, port, secure)


def prefix_problem(prefix: str) -> Problem | None:
    """Why ``prefix`` cannot begin the buckets' names (``<prefix>reports``…), or None."""
    for name in BUCKET_NAMES:
        real = prefix + name
        if not _BUCKET_NAME.match(real) or ".." in real:
            return P.STORAGE_PREFIX_INVALID.problem(prefix=prefix[:100])
    return None
