"""What a "test connection" found, as plain data: the server version and the state of the
MESDesk schema, or a failure code with the detail the user needs (which host, which database).
The probe (``adapters/db/probe.py``) makes it; the UI turns it into a sentence."""

from __future__ import annotations

from dataclasses import dataclass

from mesdesk.domain import problems as P
from mesdesk.domain.problems import Problem

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
