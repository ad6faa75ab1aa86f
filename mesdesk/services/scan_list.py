"""A list of scans aggregated one by one (``mesdesk aggregate --batch ID CODE…``), that survives
a lost database.

Each scan of the list gets a scan id (§4) derived from its position: ``<prefix>-<n>``, the
prefix given by the operator (``--scan-id-prefix``) or, by default, a digest of the batch and
the whole list. The id travels with the aggregation (``products.scan_id``), so running the same
list again recognises the scans that did commit as the same scans (``accepted``, idempotent)
instead of calling them ``already_aggregated``. When the database is lost mid-way, the verdicts
obtained so far are kept and each scan not yet decided is reported ``not_processed``.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

from mesdesk.domain import problems as P
from mesdesk.domain.errors import UnavailableError
from mesdesk.domain.problems import Problem
from mesdesk.domain.verdicts import Verdict

from .aggregation import aggregate_scan
from .dto import ScanResult
from .ports import UnitOfWorkFactory

#: The namespace of the stored scan ids (``products.scan_id`` is a UUID): uuid5 of the label.
_NAMESPACE = uuid.UUID("5d0f3a4e-8c1b-5e0e-9b7a-6d2c1f0a9e31")


@dataclass(frozen=True, slots=True)
class ListAggregation:
    """Every scan of the list with its verdict, in order; ``problem`` says why the list
    stopped (the database became unreachable), None when every scan was decided."""

    results: tuple[ScanResult, ...]
    problem: Problem | None = None


def default_prefix(batch_id: int, codes: Sequence[str]) -> str:
    """The same batch and the same list, in the same order, give the same prefix."""
    digest = hashlib.sha256(str(batch_id).encode())
    for code in codes:
        digest.update(b"\n" + code.encode("utf-8", "surrogatepass"))
    return "list-" + digest.hexdigest()[:16]


def scan_labels(prefix: str, count: int) -> list[str]:
    """The scan ids as the operator reads them: ``P-1`` … ``P-n`` by position."""
    return [f"{prefix}-{position}" for position in range(1, count + 1)]


def stored_scan_id(batch_id: int, label: str) -> str:
    """The UUID stored with the aggregation for a scan label of a batch."""
    return str(uuid.uuid5(_NAMESPACE, f"{batch_id}:{label}"))


def aggregate_list(uow_factory: UnitOfWorkFactory, batch_id: int, codes: Sequence[str], *,
                   by: str = "", gs_tokens: Sequence[str] = (),
                   scan_id_prefix: str | None = None) -> ListAggregation:
    """Decide each scan in order; stop at a lost database (after one immediate retry, which
    tells a restarted server from an outage) and report the rest as not processed."""
    prefix = scan_id_prefix or default_prefix(batch_id, codes)
    labels = scan_labels(prefix, len(codes))
    results: list[ScanResult] = []
    for position, (raw, label) in enumerate(zip(codes, labels, strict=True)):
        scan_id = stored_scan_id(batch_id, label)
        try:
            result = _with_one_retry(uow_factory, batch_id, raw, by, scan_id, gs_tokens)
        except UnavailableError as error:
            results += [_not_processed(code, label, batch_id)
                        for code, label in zip(codes[position:], labels[position:], strict=True)]
            return ListAggregation(tuple(results), error.problem)
        results.append(replace(result, scan_id=label, batch_id=batch_id))
    return ListAggregation(tuple(results))


def _with_one_retry(uow_factory: UnitOfWorkFactory, batch_id: int, raw: str, by: str,
                    scan_id: str, gs_tokens: Sequence[str]) -> ScanResult:
    try:
        return aggregate_scan(uow_factory, batch_id, raw, by=by, scan_id=scan_id,
                              gs_tokens=gs_tokens)
    except UnavailableError:   # safe to repeat: the scan id makes the aggregation idempotent
        return aggregate_scan(uow_factory, batch_id, raw, by=by, scan_id=scan_id,
                              gs_tokens=gs_tokens)


def _not_processed(raw: str, label: str, batch_id: int) -> ScanResult:
    problem = P.SCAN_NOT_PROCESSED.problem()
    return ScanResult(code=raw, verdict=Verdict.NOT_PROCESSED, message=problem.sentence,
                      scan_id=label, batch_id=batch_id, problem=problem)
