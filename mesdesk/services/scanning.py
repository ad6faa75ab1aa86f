"""A scanning station (§4): every scan journaled first, decided online, or kept as pending.

The journal makes a scan survive a lost database and a crash: it is written before anything
else happens, and its ``scan_id`` travels with the aggregation, so replaying a scan whose
first attempt did commit returns the same verdict and changes nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace

from mesdesk.domain import problems as P
from mesdesk.domain.codes import ParsedCode
from mesdesk.domain.errors import DomainError, UnavailableError
from mesdesk.domain.problems import Problem
from mesdesk.domain.verdicts import RepeatGuard, Verdict, verdict_message, verdict_problem

from .aggregation import aggregate_parsed, classify_code
from .dto import ScanResult
from .ports import JournalEntry, ScanJournal, UnitOfWorkFactory


def stored(problem: Problem | None) -> dict | None:
    """A verdict's problem as the journal keeps it (``{"code", "params"}``)."""
    return None if problem is None else {"code": problem.code, "params": dict(problem.params)}


class ScanStation:
    def __init__(self, uow_factory: UnitOfWorkFactory, journal: ScanJournal, *,
                 by: str | Callable[[], str] = "", repeat_window: float = 0.75,
                 gs_tokens: Sequence[str] = (),
                 signed_in: Callable[[], bool] | None = None) -> None:
        self._uow_factory = uow_factory
        self._journal = journal
        # Who aggregates, read at each scan (the signed-in operator, issue 15).
        self._who = by if callable(by) else (lambda: by)
        # None: no sign-in here (tests, tools); else a scan needs someone signed in.
        self._signed_in = signed_in
        self._guard = RepeatGuard(repeat_window)
        self._gs_tokens = tuple(gs_tokens)
        # One scan at a time per station keeps the journal order and the verdict order equal.
        self._lock = threading.RLock()
        # Set when a scan found the database unreachable: later scans are kept in the journal
        # at once instead of each waiting for a connection attempt; ``replay`` clears it.
        self._offline = False

    @property
    def pending_count(self) -> int:
        return self._journal.pending_count()

    @property
    def offline(self) -> bool:
        """True since a scan found the database unreachable, until a replay gets through."""
        return self._offline

    def keep(self, batch_id: int, raw: str, source: str = "wedge") -> ScanResult:
        """Journal a scan as ``pending`` without deciding it now (a dialog is open, or the
        database is known to be down); ``replay`` decides it in scan order. A scan that is not
        a valid code gets its local verdict at once, as in ``scan``."""
        self._check_signed_in()
        with self._lock:
            taken = self._journal_first(batch_id, raw, source)
            if isinstance(taken, ScanResult):
                return taken
            parsed, entry = taken
            return self._pending(parsed.code, parsed.identity, entry.scan_id, batch_id)

    def scan(self, batch_id: int, raw: str, source: str = "wedge") -> ScanResult:
        """The verdict of one scan; ``pending`` when the database cannot be reached."""
        self._check_signed_in()
        with self._lock:
            taken = self._journal_first(batch_id, raw, source)
            if isinstance(taken, ScanResult):
                return taken
            parsed, entry = taken
            if self._offline:
                return self._pending(parsed.code, parsed.identity, entry.scan_id, batch_id)
            if self._journal.pending_count() > 1:
                # Older scans wait for the database: this one queues behind them.
                self.replay()
                done = self._journal.get(entry.scan_id)
                if done is None or done.verdict is None:
                    return self._pending(parsed.code, parsed.identity, entry.scan_id, batch_id)
                return ScanResult(code=parsed.code, verdict=Verdict.stored(done.verdict),
                                  message=done.message or "", identity=parsed.identity,
                                  aggregated_at=done.aggregated_at, scan_id=entry.scan_id,
                                  batch_id=batch_id,
                                  problem=Problem.from_json(getattr(done, "problem", None)))
            return self._decide(entry.scan_id, batch_id, parsed, entry.scanned_by)

    def _journal_first(self, batch_id: int, raw: str, source: str
                       ) -> ScanResult | tuple[ParsedCode, JournalEntry]:
        """What ``scan`` and ``keep`` share: a scan that is not a valid code is journaled with
        its local verdict, a repeat gets its silent verdict, anything else is journaled as
        pending and handed back to be decided."""
        parsed = classify_code(raw, self._gs_tokens)
        who = self._who()
        if isinstance(parsed, ScanResult):
            self._journal.append(batch_id, raw, source, verdict=parsed.verdict,
                                 message=parsed.message, problem=stored(parsed.problem),
                                 scanned_by=who)
            return replace(parsed, batch_id=batch_id)
        if self._guard.is_repeat(parsed.identity):
            return ScanResult(code=parsed.code, verdict=Verdict.REPEAT,
                              message=verdict_message(Verdict.REPEAT),
                              problem=verdict_problem(Verdict.REPEAT),
                              identity=parsed.identity, batch_id=batch_id)
        return parsed, self._journal.append(batch_id, raw, source, scanned_by=who)

    def replay(self, limit: int | None = None) -> list[ScanResult]:
        """Decide pending scans in scan order; stops at the first sign of a lost database."""
        results: list[ScanResult] = []
        with self._lock:
            for entry in self._journal.pending(limit):
                result = self._replay_one(entry)
                if result.verdict == Verdict.PENDING:
                    break
                results.append(result)
            else:
                self._offline = False
        return results

    def _replay_one(self, entry: JournalEntry) -> ScanResult:
        """A kept scan decided now; the journal holds it raw, so it is parsed again here (the
        station's GS token may have changed since). It is aggregated in the name of whoever
        scanned it, not whoever is signed in when the database is back."""
        parsed = classify_code(entry.raw, self._gs_tokens)
        if isinstance(parsed, ScanResult):
            self._journal.record_verdict(entry.scan_id, parsed.verdict, parsed.message,
                                         problem=stored(parsed.problem))
            return replace(parsed, scan_id=entry.scan_id, batch_id=entry.batch_id)
        return self._decide(entry.scan_id, entry.batch_id, parsed, entry.scanned_by)

    def _decide(self, scan_id: str, batch_id: int, parsed: ParsedCode, scanned_by: str
                ) -> ScanResult:
        """The database's verdict on a scan parsed once, recorded in the journal;
        ``scanned_by`` aggregates it (empty: a scan kept before that was journaled)."""
        try:
            result = self._aggregate_with_one_retry(batch_id, parsed, scan_id,
                                                    scanned_by or self._who())
        except UnavailableError:
            self._offline = True
            return self._pending(parsed.code, parsed.identity, scan_id, batch_id)
        except DomainError as exc:  # e.g. the batch was deleted: the scan still gets an end
            result = ScanResult(code=parsed.code, verdict=Verdict.of_refusal(exc.kind),
                                message=exc.message, identity=parsed.identity,
                                scan_id=scan_id, batch_id=batch_id, problem=exc.problem)
        self._journal.record_verdict(scan_id, result.verdict, result.message,
                                     result.aggregated_at, problem=stored(result.problem))
        return result

    def _aggregate_with_one_retry(self, batch_id: int, parsed: ParsedCode, scan_id: str,
                                  by: str) -> ScanResult:
        """A pooled connection may have died with a server restart: the first failure drops
        the pool, and one immediate retry on a fresh connection tells a restart from an
        outage. Safe to repeat: the scan_id makes the aggregation idempotent."""
        try:
            return aggregate_parsed(self._uow_factory, batch_id, parsed, by=by,
                                    scan_id=scan_id)
        except UnavailableError:
            return aggregate_parsed(self._uow_factory, batch_id, parsed, by=by,
                                    scan_id=scan_id)

    def _check_signed_in(self) -> None:
        if self._signed_in is not None and not self._signed_in():
            raise P.AUTH_NOT_SIGNED_IN()

    @staticmethod
    def _pending(code: str, identity: str, scan_id: str, batch_id: int) -> ScanResult:
        return ScanResult(code=code, verdict=Verdict.PENDING,
                          message=verdict_message(Verdict.PENDING), identity=identity,
                          problem=verdict_problem(Verdict.PENDING),
                          scan_id=scan_id, batch_id=batch_id)
