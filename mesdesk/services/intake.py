"""1C intake (§3): shift tasks and product codes, validated item by item, stored in one go.

A bad item is rejected with its index, field and catalogued problem; the good ones are stored
in one transaction. Batches are upserted on (number, date): 1C is the master of shift tasks.
Every 1C key is required but СтатусЗакрытия; a key that is not a 1C key is a warning, so a
misspelling does not pass unnoticed. A second item with the number and date of an earlier one
is rejected, naming it: 1C sent two versions of one task, and storing the last one silently
could overwrite the right one. The lists of rejections and warnings keep the first
``MAX_LISTED`` with the totals, so the answer about a huge file stays small.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, tzinfo
from typing import Any

from mesdesk.domain import events
from mesdesk.domain import problems as P
from mesdesk.domain.batches import (STORED_FIELDS, BatchInput, field_label, json_kind,
                                    parse_batch_item, stored_values, unknown_keys)
from mesdesk.domain.codes import code_and_identity
from mesdesk.domain.errors import CodeFormatError, DomainError, ValidationError
from mesdesk.domain.sheet_columns import PRODUCT_CODE_LABEL, PRODUCT_ONE_C_KEYS
from mesdesk.domain.statistics import aggregation_rate
from mesdesk.domain.values import parse_date, parse_int

from .batches import CODES_CHUNK
from .dto import BatchDTO, IntakeResult, Rejection
from .import_pipeline import StoreBehind
from .ports import UnitOfWork, UnitOfWorkFactory

BATCH_MARKERS = ("НомерПартии", "batch_number")
#: How many rejections (and warnings) an intake result lists; the totals count them all.
MAX_LISTED = 1000


def detect_kind(items: Sequence[Any]) -> str:
    """``products`` when the items carry a product code key, else ``batches``."""
    for item in items:
        if isinstance(item, Mapping):
            if PRODUCT_ONE_C_KEYS["unique_code"] in item or "unique_code" in item:
                return "products"
            return "batches"
    return "batches"


def _rejection(exc: DomainError, index: int) -> Rejection:
    problem = exc.problem if exc.index is not None else exc.problem.at(index=index)
    return Rejection(index=index, field=exc.field, error=exc.message, problem=problem)


class _Listed:
    """Rejections or warnings: the first ``MAX_LISTED`` kept, all counted."""

    def __init__(self) -> None:
        self.items: list[Rejection] = []
        self.total = 0

    def append(self, item: Rejection) -> None:
        self.total += 1
        if len(self.items) < MAX_LISTED:
            self.items.append(item)


def intake_batches(uow_factory: UnitOfWorkFactory, items: Sequence[Any], tz: tzinfo
                   ) -> IntakeResult:
    rejected, warnings = _Listed(), _Listed()
    accepted: dict[tuple[int, date], tuple[int, BatchInput]] = {}
    for index, item in enumerate(items):
        for key in unknown_keys(item):
            warning = P.ITEM_KEY_UNKNOWN.problem(key=key, index=index)
            warnings.append(Rejection(index, None, warning.sentence, warning))
        try:
            batch = parse_batch_item(item, index, tz)
        except DomainError as exc:
            rejected.append(_rejection(exc, index))
            continue
        key = (batch.batch_number, batch.batch_date)
        if key in accepted:
            problem = P.ITEM_DUPLICATE_IN_FILE.problem(
                first=accepted[key][0], index=index, field=field_label("batch_number"))
            rejected.append(Rejection(index, field_label("batch_number"), problem.sentence,
                                      problem))
            continue
        accepted[key] = (index, batch)

    outcomes = ["rejected"] * len(items)
    with uow_factory() as uow:
        applied = apply_batches(uow, {key: batch for key, (_, batch) in accepted.items()},
                                update_existing=True, source="1c")
        uow.commit()
    for key, (index, _) in accepted.items():
        outcomes[index] = applied[key][0]
    counts = {outcome: 0 for outcome in ("created", "updated", "unchanged")}
    for outcome, _ in applied.values():
        counts[outcome] += 1
    return IntakeResult("batches", counts["created"], counts["updated"], counts["unchanged"],
                        tuple(rejected.items), tuple(outcomes), tuple(warnings.items),
                        rejected.total, warnings.total)


#: What ``apply_batches`` did with a batch: created, updated (something changed), unchanged
#: (it was there as it is), existing (it was there and left alone: no ``update_existing``).
Applied = dict[tuple[int, date], tuple[str, BatchDTO | None]]


def apply_batches(uow: UnitOfWork, batches: Mapping[tuple[int, date], BatchInput], *,
                  update_existing: bool, source: str) -> Applied:
    """Store validated batches in ``uow`` by (number, date), with their events and audit rows
    (``create_from_<source>``, ``update_from_<source>``).

    An unknown (number, date) creates a batch (``batch_created``). A known one is overwritten
    when ``update_existing`` (``batch_updated`` with the fields that changed, ``batch_closed``
    when it became closed; nothing when nothing changed), else left as it is. The work
    centers of the batches written are created or renamed. Returns, by key, what was done and
    the stored batch found (None for a new one). Shared by the 1C intake (always overwrites:
    1C is the master of shift tasks) and the import of a sheet (services/import_batches.py).
    """
    applied: Applied = {}
    now = uow.now()
    existing = uow.batches.find_by_keys(list(batches), lock=True)  # before names change
    written = {key: batch for key, batch in batches.items()
               if update_existing or key not in existing}
    for key in batches.keys() - written.keys():
        applied[key] = ("existing", existing[key])
    work_center_ids = uow.work_centers.ensure(
        {batch.work_center: batch.work_center_name for batch in written.values()}) \
        if written else {}
    new_rows: list[dict[str, Any]] = []
    updates: list[tuple[int, dict[str, Any]]] = []
    for key, batch in written.items():
        row = batch.stored_fields()
        row["work_center_id"] = work_center_ids[batch.work_center]
        current = existing.get(key)
        if current is None:
            row["closed_at"] = now if batch.is_closed else None
            new_rows.append(row)
            applied[key] = ("created", None)
            continue
        changes = _changes(current, batch)
        if not changes:
            applied[key] = ("unchanged", current)
            continue
        applied[key] = ("updated", current)
        values = {name: value for name, value in row.items()
                  if name in changes or (name == "work_center_id" and "work_center" in changes)}
        values.pop("work_center", None)
        if "is_closed" in changes:
            values["closed_at"] = now if batch.is_closed else None
        updates.append((current.id, values))
        uow.emit(events.batch_updated(current.id, current.batch_number, changes))
        if changes.get("is_closed") is True:
            uow.emit(events.batch_closed(
                current.id, current.batch_number, now, current.products_total,
                current.products_aggregated,
                aggregation_rate(current.products_aggregated, current.products_total)))
        uow.audit(f"update_from_{source}", "batch", current.id, changes)
    uow.batches.update_many(updates)
    # batch_created events and audit rows written with the rows, set-based (100,000 at once).
    uow.batches.create_many(new_rows, action=f"create_from_{source}")
    return applied


def _changes(current: BatchDTO, batch: BatchInput) -> dict[str, Any]:
    """Fields whose 1C value differs from the stored one (work center by identifier/name)."""
    changes: dict[str, Any] = {}
    new, old = stored_values(batch), stored_values(current)
    if new != old:                      # one comparison of tuples for a batch that is the same
        changes = {name: value for name, value, was in zip(STORED_FIELDS, new, old)
                   if was != value}
    if current.work_center != batch.work_center:
        changes["work_center"] = batch.work_center
    if current.work_center_name != batch.work_center_name:
        changes["work_center_name"] = batch.work_center_name
    # The work center's name lives on the work center, not on the batch row.
    if set(changes) == {"work_center_name"}:
        return {}
    return changes


def intake_products(uow_factory: UnitOfWorkFactory, items: Sequence[Any], *,
                    gs_tokens: Sequence[str] = ()) -> IntakeResult:
    """Codes from 1C: unknown batches and codes already present are skipped and counted.

    One transaction. The items checked so far are stored by a thread of their own while the
    next ones are checked (``StoreBehind``), ``CODES_CHUNK`` at a time.
    """
    rejected = _Listed()
    outcomes = ["rejected"] * len(items)
    store = _ProductStore()
    behind: StoreBehind[None] = StoreBehind(uow_factory, store, chunk_rows=CODES_CHUNK)
    try:
        for index, item in enumerate(items):
            try:
                code, identity, key = parse_product_item(item, index, gs_tokens)
            except DomainError as exc:
                rejected.append(_rejection(exc, index))
                continue
            behind.add((index, code, identity, key))   # its store's errors are not the item's
        behind.finish(store.finish)
    except BaseException:
        behind.abort()
        raise
    for index in store.skipped:
        outcomes[index] = "skipped"
    for index in store.added_at:
        outcomes[index] = "added"
    total_added = len(store.added_at)
    return IntakeResult("products", total_added, 0, len(store.skipped), tuple(rejected.items),
                        tuple(outcomes), rejected_total=rejected.total)


class _ProductStore:
    """The 1C products intake's storing side: each chunk of checked items ``(index, code,
    identity, (number, date))`` added to its batch (found by its key, once); an unknown
    batch, or a code listed before, skipped. ``finish`` counts and audits per batch, in the
    order of the batches' ids (the counters' row locks are taken in that order)."""

    def __init__(self) -> None:
        self.added_at: list[int] = []       # the items' indexes, added
        self.skipped: list[int] = []        # the items' indexes, not added
        self._added: dict[int, int] = {}    # batch id -> codes added
        self._batches: dict[tuple[int, date], BatchDTO | None] = {}
        self._seen: set[str] = set()

    def __call__(self, uow: UnitOfWork,
                 chunk: Sequence[tuple[int, str, str, tuple[int, date]]]) -> None:
        unknown = list({key for *_, key in chunk if key not in self._batches})
        if unknown:
            found = uow.batches.find_by_keys(unknown)
            self._batches.update((key, found.get(key)) for key in unknown)
        rows: list[tuple[str, str, int]] = []
        index_of: dict[str, int] = {}
        for index, code, identity, key in chunk:
            batch = self._batches[key]
            if batch is None or identity in self._seen:
                self.skipped.append(index)
                continue
            self._seen.add(identity)
            index_of[identity] = index
            rows.append((code, identity, batch.id))
        added, not_added = uow.products.add_to_batches(rows)
        for batch_id, count in added.items():
            self._added[batch_id] = self._added.get(batch_id, 0) + count
        for identity, index in index_of.items():
            (self.skipped if identity in not_added else self.added_at).append(index)

    def finish(self, uow: UnitOfWork) -> None:
        for batch_id, count in sorted(self._added.items()):
            uow.batches.add_to_counters(batch_id, total=count)
            uow.audit("add_products_from_1c", "batch", batch_id, {"added": count})


def parse_product_item(item: Any, index: int, gs_tokens: Sequence[str]
                        ) -> tuple[str, str, tuple[int, date]]:
    if not isinstance(item, Mapping):
        raise P.ITEM_NOT_AN_OBJECT(kind=json_kind(item), index=index)
    values: dict[str, Any] = {}
    for name, key in PRODUCT_ONE_C_KEYS.items():
        raw = item.get(key, item.get(name))
        if raw is None:
            raise P.ITEM_KEY_MISSING(key=key, field=f"{key} ({name})", index=index)
        values[name] = raw
    if not isinstance(values["unique_code"], str):
        raise P.VALUE_NOT_TEXT(value=json_kind(values["unique_code"]), field=PRODUCT_CODE_LABEL,
                               index=index)
    try:
        code, identity = code_and_identity(values["unique_code"], gs_tokens=gs_tokens)
    except CodeFormatError as exc:
        raise exc.at(field=PRODUCT_CODE_LABEL, index=index) from None
    try:
        number = parse_int(values["batch_number"], field_label("batch_number"))
        day = parse_date(values["batch_date"], field_label("batch_date"))
    except ValidationError as exc:
        raise exc.at(index=index) from None
    return code, identity, (number, day)
