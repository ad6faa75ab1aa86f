"""The "test connection" probe: one real connection attempt to a database URL, with a time limit.

The answer is plain data (``ProbeResult``): the server version and the state of the MESDesk
schema, or a failure code with the detail the user needs (which host, which database). The
UI turns it into a sentence in the user's language. Blocking: call it off the GUI thread.
"""

from __future__ import annotations

import logging
import re
import threading

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from mesdesk.domain.database_urls import where
from mesdesk.services.probe_result import (AUTH, BAD_URL, DEFAULT_TIMEOUT, EMPTY, FOREIGN,
                                           NEEDS_UPGRADE, NEWER, NO_DATABASE, NO_SERVER, OTHER,
                                           TIMEOUT, UNKNOWN_HOST, UP_TO_DATE, ProbeResult)

from .engine import normalise_url
from .migrate import alembic_config

log = logging.getLogger(__name__)

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
