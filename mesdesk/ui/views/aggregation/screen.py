"""What the scanning station decides, apart from its widgets (Qt-free, tested without Qt).

The page feeds it what happened (a batch chosen, the database's state, a scan decided, kept
scans replayed, a dialog opened or closed) and asks it where a scan goes, what the banner says
and what to do next; the widgets only show its answers in the operator's language.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from mesdesk.domain.verdicts import Verdict

OFFLINE_STATES = frozenset({"lost", "reconnecting"})


class Route(enum.Enum):
    """Where a scan goes."""

    DIALOG = "dialog"            # a dialog that collects codes took it
    REFUSE = "refuse"            # no batch chosen: refused out loud, nothing recorded
    KEEP = "keep"                # a modal dialog is open: journaled, decided when it closes
    SCAN = "scan"                # decided now


class BannerKind(enum.Enum):
    HIDDEN = "hidden"
    HELD = "held"                # kept until the dialog is closed
    OFFLINE = "offline"          # the database is away; scans are kept
    BACK = "back"                # kept scans got their verdicts, all accepted
    BACK_WITH_PROBLEMS = "back_with_problems"


@dataclass(frozen=True)
class Banner:
    kind: BannerKind
    pending: int = 0             # scans still kept
    decided: int = 0             # kept scans that got their verdicts (BACK…)
    problems: int = 0            # of which not accepted


@dataclass(frozen=True)
class AfterScan:
    """What a decided scan asks of the page."""

    listed: bool                 # shown on the verdict panel and in the list (not a repeat)
    retry_kept: bool             # it was kept: retry the journal until it is empty
    progress_changed: bool       # the batch's counters moved


class StationScreen:
    def __init__(self) -> None:
        self.batch_id: int | None = None
        self.pending = 0
        self.database_state = "connected"
        self.held_for_dialog = 0
        self._report: Banner | None = None     # a "back online" report being shown

    # -- the batch ----------------------------------------------------------------------------

    def choose(self, batch_id: int) -> None:
        self.batch_id = batch_id

    def batch_gone(self) -> None:
        """The chosen batch no longer exists: choose again."""
        self.batch_id = None

    def concerns_batch(self, ids: Sequence[int] | None) -> bool:
        """Whether a change of batches ``ids`` (None: any) moves the chosen batch's counters."""
        return self.batch_id is not None and (ids is None or self.batch_id in ids)

    # -- the database ---------------------------------------------------------------------------

    @property
    def offline(self) -> bool:
        return self.database_state in OFFLINE_STATES

    def database(self, state: str) -> bool:
        """The connection's new state; True when kept scans should be replayed now."""
        self.database_state = state
        return state == "connected"

    # -- scans ----------------------------------------------------------------------------------

    def route(self, *, dialog_took_it: bool, modal_open: bool) -> Route:
        if dialog_took_it:
            return Route.DIALOG
        if self.batch_id is None:
            return Route.REFUSE
        if modal_open:
            self.held_for_dialog += 1
            return Route.KEEP
        return Route.SCAN

    def decided(self, verdict: str, pending: int) -> AfterScan:
        self.pending = pending
        if verdict == Verdict.REPEAT:
            return AfterScan(listed=False, retry_kept=False, progress_changed=False)
        return AfterScan(listed=True, retry_kept=verdict == Verdict.PENDING,
                         progress_changed=verdict == Verdict.ACCEPTED)

    def replayed(self, verdicts: Sequence[str], pending: int) -> bool:
        """Kept scans got ``verdicts``; True while some are still kept (retry later)."""
        self.pending = pending
        if pending == 0:
            self.held_for_dialog = 0
        if verdicts:
            problems = sum(1 for verdict in verdicts if verdict != Verdict.ACCEPTED)
            self._report = Banner(BannerKind.BACK_WITH_PROBLEMS if problems else BannerKind.BACK,
                                  pending=pending, decided=len(verdicts), problems=problems)
        return pending > 0

    def replay_sound(self, verdicts: Sequence[str]) -> str:
        """One sound for a replay: all accepted, or something to look at."""
        return (Verdict.ACCEPTED if all(v == Verdict.ACCEPTED for v in verdicts)
                else Verdict.NOT_FOUND)

    # -- the banner -----------------------------------------------------------------------------

    def banner(self) -> Banner:
        """What the banner says now; a "back online" report stays until ``report_seen``."""
        if self._report is not None:
            return self._report
        if self.pending and self.held_for_dialog and not self.offline:
            return Banner(BannerKind.HELD, pending=self.pending)
        if self.offline or self.pending:
            return Banner(BannerKind.OFFLINE, pending=self.pending)
        return Banner(BannerKind.HIDDEN)

    @property
    def reporting(self) -> bool:
        return self._report is not None

    def report_seen(self) -> None:
        """The "back online" report has been shown long enough."""
        self._report = None
