"""Aggregation (§4): one scan, one verdict; and set-based bulk aggregation as a job."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mesdesk.domain import problems as P
from mesdesk.domain.codes import ParsedCode, code_and_identity, parse_code
from mesdesk.domain.errors import CodeFormatError, LayoutError
from mesdesk.domain.verdicts import (BULK_PROBLEMS, BULK_REASONS, ProductState, RepeatGuard,
                                     Verdict, decide, verdict_message, verdict_problem)
from mesdesk.domain.values import is_row_id

from .dto import BulkError, BulkResult, ScanResult
from .ports import AggregationAttempt, UnitOfWorkFactory

ProgressCallback = Callable[[int, int | None, str | None], None]


def classify_code(raw: str, gs_tokens: Sequence[str] = ()) -> ParsedCode | ScanResult:
    """Parse a scan; a scan that is not a valid code gets its local verdict right away."""
    try:
        return parse_code(raw, gs_tokens=gs_tokens)
    except LayoutError as exc:
        return ScanResult(code=raw, verdict=Verdict.LAYOUT,
                          message=verdict_message(Verdict.LAYOUT), problem=exc.problem)
    except CodeFormatError as exc:
        position = exc.details.get("position")
        return ScanResult(code=raw, verdict=Verdict.BAD_FORMAT,
                          message=verdict_message(Verdict.BAD_FORMAT, detail=str(exc)),
                          position=position if isinstance(position, int) else None,
                          problem=exc.problem)


def aggregate_scan(uow_factory: UnitOfWorkFactory, batch_id: int, raw: str, *,
                   by: str = "", scan_id: str | None = None, guard: RepeatGuard | None = None,
                   gs_tokens: Sequence[str] = ()) -> ScanResult:
    """Decide one scan: local checks first, then one short transaction.

    The batch row is locked first (every aggregation changes its counters) and the product
    update re-checks its row: two stations scanning one code at once get one ``accepted``.
    """
    parsed = classify_code(raw, gs_tokens)
    if isinstance(parsed, ScanResult):
        return parsed
    if guard is not None and guard.is_repeat(parsed.identity):
        return _result(parsed, Verdict.REPEAT, scan_id=scan_id, batch_id=batch_id)
    return aggregate_parsed(uow_factory, batch_id, parsed, by=by, scan_id=scan_id)


def aggregate_parsed(uow_factory: UnitOfWorkFactory, batch_id: int, parsed: ParsedCode, *,
                     by: str = "", scan_id: str | None = None) -> ScanResult:
    """The usual outcome is one atomic statement (the aggregation with its event, audit row
    and notifications, through the scan port); only when it did not apply is the product read
    for the verdict. The result carries the batch counters the statement left."""
    scans = uow_factory.scans
    attempt = scans.aggregate_one(batch_id, parsed.identity, by=by, scan_id=scan_id)
    if attempt is None:
        raise P.BATCH_NOT_FOUND(id=batch_id, field="batch")
    if attempt.aggregated_at is not None:
        return _result(parsed, Verdict.ACCEPTED, scan_id=scan_id, batch_id=batch_id,
                       aggregated_at=attempt.aggregated_at, attempt=attempt)
    product = None if attempt.is_closed else scans.state(parsed.identity)
    verdict = decide(attempt.is_closed, batch_id, product, scan_id)
    # A replayed scan whose first attempt committed is "accepted" again, with its first time.
    aggregated_at = product.aggregated_at if product is not None else None
    return _result(parsed, verdict, scan_id=scan_id, batch_id=batch_id, product=product,
                   aggregated_at=aggregated_at if verdict is Verdict.ACCEPTED else None,
                   attempt=attempt)


def _result(parsed: ParsedCode, verdict: Verdict, *, scan_id: str | None, batch_id: int,
            product=None, aggregated_at=None, attempt: AggregationAttempt | None = None
            ) -> ScanResult:
    if product is not None and verdict is Verdict.ALREADY_AGGREGATED:
        aggregated_at = product.aggregated_at
    other_number = product.batch_number if product and verdict is Verdict.OTHER_BATCH else None
    other_date = product.batch_date if product and verdict is Verdict.OTHER_BATCH else None
    problem = verdict_problem(verdict, aggregated_at=aggregated_at, batch_number=other_number,
                              batch_date=other_date)
    message = problem.sentence if problem is not None else verdict_message(verdict)
    return ScanResult(code=parsed.code, verdict=verdict, message=message, problem=problem,
                      identity=parsed.identity, aggregated_at=aggregated_at, scan_id=scan_id,
                      batch_id=batch_id, other_batch_number=other_number,
                      other_batch_date=other_date, gs_restored=parsed.gs_restored,
                      layout_repaired=parsed.layout_repaired,
                      batch_total=attempt.products_total if attempt else None,
                      batch_aggregated=attempt.products_aggregated if attempt else None)


def bulk_aggregate(uow_factory: UnitOfWorkFactory, batch_id: int, codes: Sequence[str], *,
                   by: str = "", gs_tokens: Sequence[str] = (),
                   progress: ProgressCallback | None = None) -> BulkResult:
    """Aggregate a list of codes in one transaction, set-based (§4).

    Codes are parsed here; the database work is one statement however long the list is. A
    closed batch refuses the whole list. The batch row is locked first, as a scan locks it:
    scans of this batch meanwhile wait for the list and then find their products aggregated
    or not, each exactly once.
    """
    report = progress or (lambda done, total, message: None)
    items = [raw for raw in codes if raw.strip()]
    total = len(items)
    errors: list[BulkError] = []
    parsed: list[tuple[str, str]] = []
    for index, raw in enumerate(items):
        try:
            parsed.append(code_and_identity(raw, gs_tokens=gs_tokens))
        except CodeFormatError:
            result = classify_code(raw, gs_tokens)
            assert isinstance(result, ScanResult)
            errors.append(BulkError(raw.strip(), BULK_REASONS[result.verdict],
                                    result.problem))
        if index % 20000 == 0:
            report(index, total, "checking codes")
    report(len(items), total, "aggregating")
    if not is_row_id(batch_id):
        raise P.BATCH_NOT_FOUND(id=batch_id, field="batch")
    identities = list(dict.fromkeys(identity for _, identity in parsed))
    with uow_factory() as uow:
        batch = uow.batches.lock_state(batch_id)
        if batch is None:
            raise P.BATCH_NOT_FOUND(id=batch_id, field="batch")
        is_closed, batch_number = batch
        if is_closed:
            raise P.AGGREGATION_BATCH_CLOSED(number=batch_number, field="batch")
        aggregated, left, others = uow.products.bulk_aggregate(batch_id, batch_number,
                                                               identities, by=by)
        if left or len(identities) < len(parsed):
            errors += _bulk_refusals(batch_id, parsed, left, others)
        if aggregated:
            uow.audit("bulk_aggregate", "batch", batch_id,
                      {"total": total, "aggregated": aggregated})
        uow.commit()
    report(total, total, "done")
    return BulkResult(total=total, aggregated=aggregated, failed=len(errors),
                      errors=tuple(errors))


def _bulk_refusals(batch_id: int, parsed: Sequence[tuple[str, str]], left: set[str],
                   others: dict[str, ProductState]) -> list[BulkError]:
    """Why each code of the list was not aggregated: ``left`` were not, for the reason their
    state says; a code listed again after one that was is "already aggregated"."""
    errors: list[BulkError] = []
    claimed: set[str] = set()
    for code, identity in parsed:
        if identity not in left:
            if identity not in claimed:
                claimed.add(identity)
                continue
            verdict = Verdict.ALREADY_AGGREGATED  # listed twice: the first one counted
        else:
            verdict = decide(False, batch_id, others.get(identity), None)
        errors.append(BulkError(code, BULK_REASONS.get(verdict, verdict.value),
                                BULK_PROBLEMS[verdict].problem()))
    return errors
