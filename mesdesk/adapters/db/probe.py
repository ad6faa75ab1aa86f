"""The "test connection" probe: one real connection attempt to a database URL, with a time limit.

The answer is plain data (``ProbeResult``): the server version and the state of the MESDesk
schema, or a failure code with the detail the user needs (which host, which database). The
UI turns it into a sentence in the user's language. Blocking: call it off the GUI thread.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from mesdesk.domain import problems as P
from mesdesk.domain.problems import Problem

from .engine import normalise_url
from .migrate import alembic_config

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 5.0

# Schema states
UP_TO_DATE = "up_to_date"
NEEDS_UPGRADE = "needs_upgrade"
EMPTY = "empty"
NEWER = "newer"          # a revision this MESDesk does not know: made by a newer version
FOREIGN = "foreign"      # tables, but no MESDesk schema version

# Failure codes
BAD_URL = "bad_url"
TIMEOUT = "timeout"
NO_SERVER = "no_server"
UNKNOWN_HOST = "unknown_host"
AUTH = "auth"
NO_DATABASE = "no_database"
OTHER = "other"


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    server_version: str = ""   # "16.2"
    schema: str = ""           # one of the schema states when ok
    failure: str = ""          # one of the failure codes when not ok
    detail: str = ""           # host, database name or the driver's reason, for the sentence
    seconds: float = 0.0       # the time limit, for the timeout sentence

    @property
    def problem(self) -> Problem | None:
        """Why the test failed, as a catalogued problem; None when it connected."""
        if self.ok:
            return None
        by_failure = {TIMEOUT: P.PROBE_TIMEOUT, NO_SERVER: P.PROBE_NO_SERVER,
                      UNKNOWN_HOST: P.PROBE_UNKNOWN_HOST, AUTH: P.PROBE_AUTH,
                      NO_DATABASE: P.PROBE_NO_DATABASE}
        if self.failure == BAD_URL:
            return P.DATABASE_URL_INVALID.problem()
        if self.failure in by_failure:
            return by_failure[self.failure].problem(where=self.detail, seconds=self.seconds)
        return P.PROBE_FAILED.problem(reason=self.detail)


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


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r'database "(?P<name>[^"]*)" does not exist'), NO_DATABASE),
    (re.compile(r"password authentication failed|no password supplied|"
                r"authentication failed|role \"[^\"]*\" does not exist|"
                r"pg_hba\.conf rejects"), AUTH),
    (re.compile(r"could not translate host name|Name or service not known|"
                r"nodename nor servname|Temporary failure in name resolution|"
                r"failed to resolve host"), UNKNOWN_HOST),
    (re.compile(r"timeout expired|timed out", re.IGNORECASE), TIMEOUT),
    (re.compile(r"Connection refused|No such file or directory|could not connect to server|"
                r"Is the server running|No route to host|Network is unreachable"), NO_SERVER),
]


def classify_failure(url: str, error: BaseException, timeout: float) -> ProbeResult:
    message = str(getattr(error, "orig", None) or error)
    for pattern, code in _PATTERNS:
        match = pattern.search(message)
        if not match:
            continue
        if code == NO_DATABASE:
            return ProbeResult(False, failure=code, detail=match.group("name"))
        return ProbeResult(False, failure=code, detail=where(url), seconds=timeout)
    first = next((line.strip() for line in message.splitlines() if line.strip()),
                 type(error).__name__)
    return ProbeResult(False, failure=OTHER, detail=first[:300])


def _inspect(url: str, timeout: float) -> ProbeResult:
    seconds = max(1, int(round(timeout)))
    engine = create_engine(
        normalise_url(url), poolclass=NullPool,
        connect_args={"connect_timeout": seconds, "application_name": "mesdesk-probe",
                      "options": f"-c statement_timeout={seconds * 1000}"})
    try:
        with engine.connect() as connection:
            version = str(connection.execute(text("SHOW server_version")).scalar() or "")
            version = version.split()[0] if version else ""
            current = MigrationContext.configure(connection).get_current_revision()
            scripts = ScriptDirectory.from_config(alembic_config(connection))
            if current is None:
                tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
                schema = FOREIGN if tables else EMPTY
            elif current == scripts.get_current_head():
                schema = UP_TO_DATE
            else:
                try:
                    known = scripts.get_revision(current) is not None
                except CommandError:
                    known = False
                schema = NEEDS_UPGRADE if known else NEWER
        return ProbeResult(True, server_version=version, schema=schema)
    finally:
        engine.dispose()


def probe_database(url: str, timeout: float = DEFAULT_TIMEOUT) -> ProbeResult:
    """Connect to ``url`` once and say what is there, in at most about ``timeout`` seconds.

    Never raises for a connection problem: the failure is in the result.
    """
    try:
        normalise_url(url)
    except (ArgumentError, ValueError) as exc:
        return ProbeResult(False, failure=BAD_URL, detail=str(exc))
    outcome: list[ProbeResult] = []

    def attempt() -> None:
        try:
            outcome.append(_inspect(url, timeout))
        except (DBAPIError, SQLAlchemyError, OSError) as exc:
            outcome.append(classify_failure(url, exc, timeout))
        except Exception as exc:  # noqa: BLE001 - a probe reports, it does not crash
            log.warning("connection test failed unexpectedly", exc_info=exc)
            outcome.append(classify_failure(url, exc, timeout))

    # The driver's connect_timeout does not bound name resolution: a thread of its own does.
    worker = threading.Thread(target=attempt, name="mesdesk-db-probe", daemon=True)
    worker.start()
    worker.join(timeout + 1.0)
    if not outcome:
        return ProbeResult(False, failure=TIMEOUT, seconds=timeout, detail=where(url))
    return outcome[0]
