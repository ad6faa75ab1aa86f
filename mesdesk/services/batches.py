"""Batches (§3): create, read with statistics, edit, close and reopen, list, add codes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo
from typing import Any

from mesdesk.domain import events
from mesdesk.domain import problems as P
from mesdesk.domain.batches import EditOutcome, parse_batch_item, plan_edit
from mesdesk.domain.codes import code_and_identity
from mesdesk.domain.errors import CodeFormatError, DomainError
from mesdesk.domain.problems import Problem
from mesdesk.domain.statistics import aggregation_rate, batch_statistics
from mesdesk.domain.values import code_point, is_row_id, is_unpaired_surrogate
from mesdesk.domain.verdicts import ProductState

from .dto import AddProductsResult, BatchDetail, BatchDTO, BatchFilter, BulkError, Page
from .import_pipeline import StoreBehind
from .ports import UnitOfWork, UnitOfWorkFactory

MAX_PAGE = 1000


def load_batch(uow: UnitOfWork, batch_id: int, *, lock: bool = False) -> BatchDTO:
    """The batch in ``uow``, or the catalogued "batch not found" (also for an id no row can
    have). Not a use case: it takes an open unit of work."""
    if not is_row_id(batch_id):
        raise P.BATCH_NOT_FOUND(id=batch_id)
    batch = uow.batches.get(batch_id, lock=lock)
    if batch is None:
        raise P.BATCH_NOT_FOUND(id=batch_id)
    return batch


def get_batch(uow_factory: UnitOfWorkFactory, batch_id: int, *, products_limit: int = 100,
              products_cursor: str | None = None) -> BatchDetail:
    if not 0 <= products_limit <= MAX_PAGE:
        raise P.PAGE_LIMIT(minimum=0, maximum=MAX_PAGE, value=products_limit, field="products")
    with uow_factory() as uow:
        batch = load_batch(uow, batch_id)
        page = uow.products.page_for_batch(batch_id, products_cursor, products_limit)
        now = uow.now()
    stats = batch_statistics(batch.products_total, batch.products_aggregated,
                             batch.shift_start, batch.shift_end, now)
    return BatchDetail(batch=batch, products=page.rows, statistics=stats,
                       products_next_cursor=page.next_cursor)


def check_filter(flt: BatchFilter) -> None:
    """Refuse filter text no database can compare: NUL, and lone surrogates (what Python
    makes of bytes that are not UTF-8 on a command line)."""
    for name in ("work_center", "shift", "team", "search"):
        text = getattr(flt, name) or ""
        for position, char in enumerate(text, start=1):
            if char == "\x00" or is_unpaired_surrogate(char):
                raise P.FILTER_CHARACTER_UNUSABLE(char=code_point(char), position=position,
                                                  field=name)


def list_batches(uow_factory: UnitOfWorkFactory, flt: BatchFilter = BatchFilter(), *,
                 cursor: str | None = None, limit: int = 100) -> Page:
    """One keyset page: the cost does not grow with how far the user has scrolled."""
    check_filter(flt)
    if not 1 <= limit <= MAX_PAGE:
        raise P.PAGE_LIMIT(minimum=1, maximum=MAX_PAGE, value=limit, field="limit")
    with uow_factory() as uow:
        return uow.batches.page(flt, cursor, limit)


def count_batches(uow_factory: UnitOfWorkFactory, flt: BatchFilter = BatchFilter()) -> int:
    check_filter(flt)
    with uow_factory() as uow:
        return uow.batches.count(flt)


def list_products(uow_factory: UnitOfWorkFactory, batch_id: int, *, cursor: str | None = None,
                  limit: int = 100) -> Page:
    if not 1 <= limit <= MAX_PAGE:
        raise P.PAGE_LIMIT(minimum=1, maximum=MAX_PAGE, value=limit, field="limit")
    with uow_factory() as uow:
        load_batch(uow, batch_id)
        return uow.products.page_for_batch(batch_id, cursor, limit)


def update_batch(uow_factory: UnitOfWorkFactory, batch_id: int, requested: Mapping[str, Any],
                 tz: tzinfo) -> BatchDTO:
    """Edit any subset of fields under §3's rules; one transaction, events and audit with it."""
    if not requested:
        raise P.NOTHING_TO_CHANGE()
    with uow_factory() as uow:
        current = load_batch(uow, batch_id, lock=True)
        now = uow.now()
        outcome = plan_edit(_edit_state(current), requested, now, tz)
        if not outcome.changes:
            return current
        values = dict(outcome.changes)
        if "work_center" in values:
            work_center_id = uow.work_centers.id_of(values.pop("work_center"))
            if work_center_id is None:
                raise P.WORK_CENTER_NOT_FOUND(work_center=outcome.changes["work_center"],
                                              field="work_center")
            values["work_center_id"] = work_center_id
        number = values.get("batch_number", current.batch_number)
        day = values.get("batch_date", current.batch_date)
        if ("batch_number" in values or "batch_date" in values):
            clash = uow.batches.find_by_keys([(number, day)]).get((number, day))
            if clash is not None and clash.id != batch_id:
                raise P.BATCH_NUMBER_DATE_TAKEN(number=number, date=day, id=clash.id,
                                                field="batch_number")
        updated = uow.batches.update(batch_id, values)
        _record_edit(uow, updated, outcome, {**_edit_state(current),
                                             "closed_at": current.closed_at})
        uow.commit()
        return updated


def auto_close_expired_batches(uow_factory: UnitOfWorkFactory, tz: tzinfo) -> dict[str, int]:
    """The §9 nightly task: close every open batch whose shift has ended, in one transaction.

    Each is closed as closing it by hand closes it: ``closed_at`` is the transaction's time,
    and the same ``batch_updated`` and ``batch_closed`` events and ``close`` audit row are
    written (the domain's ``plan_edit`` of ``is_closed: true`` on the open batch decides what
    changed, as for a supervisor's close). Set-based: one UPDATE for all of them, and their
    events and audit rows written in the unit of work's one flush. Returns ``{"closed": n}``."""
    with uow_factory() as uow:
        now = uow.now()
        closed = uow.batches.close_expired(now)
        for batch in closed:
            was_open = {**_edit_state(batch), "is_closed": False}
            _record_edit(uow, batch, plan_edit(was_open, {"is_closed": True}, now, tz),
                         {**was_open, "closed_at": None})
        uow.commit()
    return {"closed": len(closed)}


def create_batch(uow_factory: UnitOfWorkFactory, item: Mapping[str, Any], tz: tzinfo
                 ) -> BatchDTO:
    """A new batch from one 1C-shaped item (the desktop's "New batch"), in one transaction.

    A (number, date) that exists is refused, never overwritten: "New batch" must not change
    another batch. The insert itself decides, so of two stations creating one key at once
    one wins and the other is refused with the batch that won. Emits ``batch_created`` and
    audits as the 1C intake does for a new batch.
    """
    try:
        batch = parse_batch_item(item, 0, tz)
    except DomainError as exc:      # one item, not a file: no index to name
        raise type(exc)(exc.type, **{k: v for k, v in exc.params.items() if k != "index"}
                        ) from None
    number, day = batch.batch_number, batch.batch_date
    with uow_factory() as uow:
        row = batch.stored_fields()
        row["work_center_id"] = uow.work_centers.ensure(
            {batch.work_center: batch.work_center_name})[batch.work_center]
        row["closed_at"] = uow.now() if batch.is_closed else None
        created = uow.batches.insert_new(row)
        if created is None:
            existing = uow.batches.find_by_keys([(number, day)]).get((number, day))
            if existing is None:    # taken, then renumbered or deleted in the same instant
                raise P.BATCH_NOT_STORED(number=number, date=day)
            raise P.BATCH_NUMBER_DATE_TAKEN(number=number, date=day, id=existing.id,
                                            field="batch_number")
        uow.emit(events.batch_created(created.as_dict()))
        uow.audit("create_from_1c", "batch", created.id, {"batch_number": number,
                                                          "batch_date": day})
        uow.commit()
    return created


_EDITED_FIELDS = ("is_closed", "task_description", "work_center", "shift", "team",
                  "batch_number", "batch_date", "nomenclature", "ekn_code", "shift_start",
                  "shift_end")


def _edit_state(batch: BatchDTO) -> dict[str, Any]:
    """A batch's field values as the domain's edit rules read them."""
    return {name: getattr(batch, name) for name in _EDITED_FIELDS}


def _record_edit(uow: UnitOfWork, updated: BatchDTO, outcome: EditOutcome,
                 before: Mapping[str, Any]) -> None:
    """The events and the audit row of an applied edit (a close too), whoever made it. The
    audit row keeps each changed field as ``{"before": …, "after": …}`` (the Audit area and
    ``mesdesk audit list`` show it so); the event carries the new values only."""
    public_changes = {k: v for k, v in outcome.changes.items() if k != "closed_at"}
    uow.emit(events.batch_updated(updated.id, updated.batch_number, public_changes))
    if outcome.closed:
        uow.emit(_closed_event(updated))
    action = "close" if outcome.closed else "reopen" if outcome.reopened else "update"
    uow.audit(action, "batch", updated.id,
              {name: {"before": before.get(name), "after": value}
               for name, value in outcome.changes.items()})


def _closed_event(batch: BatchDTO) -> events.Event:
    assert batch.closed_at is not None
    return events.batch_closed(batch.id, batch.batch_number, batch.closed_at,
                               batch.products_total, batch.products_aggregated,
                               aggregation_rate(batch.products_aggregated, batch.products_total))


def close_batch(uow_factory: UnitOfWorkFactory, batch_id: int, tz: tzinfo) -> BatchDTO:
    return update_batch(uow_factory, batch_id, {"is_closed": True}, tz)


def reopen_batch(uow_factory: UnitOfWorkFactory, batch_id: int, tz: tzinfo) -> BatchDTO:
    return update_batch(uow_factory, batch_id, {"is_closed": False}, tz)


#: Codes checked before they are handed to the storing thread (``add_products``, imports).
CODES_CHUNK = 10_000


def add_products(uow_factory: UnitOfWorkFactory, batch_id: int, codes: Sequence[str], *,
                 gs_tokens: Sequence[str] = ()) -> AddProductsResult:
    """Add codes to an open batch; a code whose identity exists is rejected with its batch.

    One transaction. The codes checked so far are stored by a thread of their own while the
    next ones are checked (``StoreBehind``): a list of 100,000 costs about the database's
    time, not the database's and the parser's one after the other.
    """
    rejected: list[BulkError] = []
    seen: set[str] = set()
    adder = CodeAdder(batch_id, action="add_products")
    behind: StoreBehind[None] = StoreBehind(uow_factory, adder, chunk_rows=CODES_CHUNK)
    try:
        for raw in codes:
            if not raw.strip():
                continue
            try:
                code, identity = code_and_identity(raw, gs_tokens=gs_tokens)
            except CodeFormatError as exc:
                rejected.append(BulkError(raw, f"bad format: {exc.message}", exc.problem))
                continue
            if identity in seen:
                rejected.append(BulkError(code, "listed twice", P.CODE_LISTED_TWICE.problem()))
                continue
            seen.add(identity)
            behind.add((code, identity))
        if not seen and not rejected:
            raise P.CODES_NOTHING_TO_ADD(field="codes")
        behind.finish(adder.finish)
    except BaseException:
        behind.abort()
        raise
    if adder.owners:
        code_of = {identity: code for identity, code in adder.codes_of_owners()}
        for identity, owner in adder.owners:
            where = ("this batch" if owner.batch_id == batch_id else
                     f"batch {owner.batch_number} of {owner.batch_date.isoformat()}")
            rejected.append(BulkError(code_of[identity], f"already exists in {where}",
                                      owner_problem(owner, batch_id)))
    return AddProductsResult(added=adder.added, rejected=tuple(rejected))


class CodeAdder:
    """Parsed codes ``(code, identity)`` added to an open batch in a unit of work, chunk by
    chunk (``adder(uow, chunk)``), counted and audited as ``action`` by ``finish(uow)``.
    Shared by ``add_products`` and the import of a codes sheet (services/import_codes.py).

    The batch is locked and checked (it exists, it is open) before the first chunk, or by
    ``finish`` when there was none. ``added`` counts the codes added; ``owners`` are
    ``(identity, owner)`` of the identities stored already, in the order listed.
    """

    def __init__(self, batch_id: int, *, action: str) -> None:
        self.batch_id = batch_id
        self.action = action
        self.added = 0
        self.owners: list[tuple[str, ProductState]] = []
        self._codes: dict[str, str] = {}
        self._checked = False

    def __call__(self, uow: UnitOfWork, parsed: Sequence[tuple[str, str]]) -> None:
        self._check(uow)
        added, owners = uow.products.add_many(self.batch_id, parsed)
        self.added += added
        if owners:
            self.owners += owners
            code_of = {identity: code for code, identity in parsed}
            self._codes.update((identity, code_of[identity]) for identity, _ in owners)

    def finish(self, uow: UnitOfWork) -> None:
        self._check(uow)
        uow.batches.add_to_counters(self.batch_id, total=self.added)
        if self.added:
            uow.audit(self.action, "batch", self.batch_id, {"added": self.added})

    def codes_of_owners(self) -> list[tuple[str, str]]:
        """(identity, code as listed) of every identity stored already."""
        return list(self._codes.items())

    def _check(self, uow: UnitOfWork) -> None:
        if not self._checked:
            batch = load_batch(uow, self.batch_id, lock=True)
            if batch.is_closed:
                raise P.BATCH_CLOSED_FOR_CODES(number=batch.batch_number,
                                               date=batch.batch_date)
            self._checked = True


def add_codes_to(uow: UnitOfWork, batch_id: int, parsed: Sequence[tuple[str, str]], *,
                 action: str = "add_products") -> tuple[int, list[tuple[str, ProductState]]]:
    """Add parsed codes ``(code, identity)`` to an open batch in ``uow``, counted and audited
    as ``action``: how many were added, and the owner of each identity that exists already."""
    adder = CodeAdder(batch_id, action=action)
    adder(uow, parsed)
    adder.finish(uow)
    return adder.added, adder.owners


def owner_problem(owner: ProductState, batch_id: int) -> Problem:
    """Why a code was not added: it is in this batch already, or in another one."""
    if owner.batch_id == batch_id:
        return P.CODE_EXISTS_IN_THIS_BATCH.problem()
    return P.CODE_EXISTS_IN_BATCH.problem(number=owner.batch_number, date=owner.batch_date)

