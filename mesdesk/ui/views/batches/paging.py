"""A table model that pages lazily over keyset pages, with a bounded memory.

How it pages
    ``canFetchMore``/``fetchMore`` ask for the next keyset page on the task pool (never on the
    GUI thread); when it arrives its rows are appended with ``beginInsertRows``. The view asks
    for more when it is scrolled to the end, one page at a time. The first page is small (it
    fills the screen quickly), later ones are large (fewer round trips on a long scroll).

Why a page that arrives late is dropped
    Every change of what is shown (filter, sort, refresh) bumps a generation number; a page
    carries the generation it was asked for, and one that does not match is dropped unread.

How memory stays bounded
    Rows are kept as plain tuples of plain values (``pack``, done on the worker): Python's cycle
    collector stops tracking such tuples, so a big table neither slows its full collections
    (tens of milliseconds with the GUI thread stopped) nor makes them come more often.
    Each page becomes a *block*: its rows and the keyset cursor that loads it. Only the most
    recently used blocks keep their rows (``max_resident_rows`` in all, e.g. 20,000 rows);
    older ones keep just their cursor (a short string), so scrolling through a million rows
    holds ~1,000 cursors and at most ``max_resident_rows`` rows. When an evicted block comes
    into view again, ``data()`` shows a placeholder and the block is reloaded from its cursor
    off the GUI thread (a keyset query, as fast at row 900,000 as at row 0). A reloaded block
    keeps its size: if rows disappeared meanwhile, its tail shows empty rows until a refresh.

How it stays out of the GUI thread's way
    Python runs one thread at a time: while a worker turns a page into rows it holds the GIL,
    and a paint that needs it waits (each call from Qt into Python takes the GIL anew, so a
    paint stretches to the worker's pace). With a view attached (``pace_with``), the next
    page's query starts once the view has painted and been quiet for ``PACE_QUIET_MS`` (at the
    latest after ``PACE_FALLBACK_MS``), not during the paint; and the view's delegate gets a
    cell's roles in one ``multiData`` call instead of one call per role.

How a refresh keeps the user's place
    ``refresh(rows)`` reloads from the top, page by page, at least the given number of rows (up
    to ``refresh_limit``), then swaps them in with a layout change that moves persistent
    indexes (selection, current row) to where the same keys are now, and inserts or removes
    rows only at the end, so the scroll position and the selection stay.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QEvent, QModelIndex, QModelRoleDataSpan, QObject,
    QPersistentModelIndex, Qt, QTimer, Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QWidget

from mesdesk.services.dto import Page

from ...errors import describe
from ...widgets.read_only_table import ReadOnlyTableModel

#: ``fetch(cursor, limit) -> Page``; runs on a worker thread, so it must not touch the model.
Fetch = Callable[[str | None, int], Page]
#: ``Backend.run``: ``run(work, on_success, on_failure, owner)``.
Runner = Callable[..., Any]
#: A paced page query starts this long after the view's last paint...
PACE_QUIET_MS = 10
#: ...or after this long without a paint.
PACE_FALLBACK_MS = 40


class _AfterPaint(QObject):
    """Calls ``callback`` once the watched viewport has been quiet for PACE_QUIET_MS after a
    paint (a scroll often paints twice: the move, then the new layout)."""

    def __init__(self, viewport: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(viewport)
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(PACE_QUIET_MS)
        self._quiet.timeout.connect(callback)
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.Paint:
            self._quiet.start()
        return False


@dataclass(eq=False)
class _Block:
    start: int                  # first model row
    count: int                  # rows it covers (fixed once inserted)
    cursor: str | None          # keyset cursor that loads it (None: from the top)
    rows: list[Any] | None      # None when evicted
    loading: bool = False
    failed: bool = False
    dead: bool = False          # padding while a refresh shrinks the model


class KeysetTableModel(ReadOnlyTableModel):
    """Subclasses give ``columnCount``, ``headerData``, ``flags``, ``cell`` (a role's value for
    a stored row), ``row_key``, ``make_fetch`` (the page query for what is shown now, or None
    for nothing) and ``pack`` (a row DTO as stored; it runs on the worker, so it must be a pure
    function)."""

    first_page_size = 100
    page_size = 1000
    max_resident_rows = 20_000
    refresh_limit = 20_000

    loading_changed = Signal(bool)      # a first page or a refresh is on its way
    rows_arrived = Signal()              # a page, a reloaded block or a refresh was applied
    load_failed = Signal(str)            # a sentence for the user
    exhausted_changed = Signal(bool)     # no more pages

    def __init__(self, run: Runner, parent=None) -> None:
        super().__init__(parent)
        self._run = run
        self._generation = 0
        self._blocks: list[_Block] = []
        self._starts: list[int] = []
        self._row_count = 0
        self._resident: OrderedDict[int, None] = OrderedDict()   # block index, LRU order
        self._resident_rows = 0
        self._next_cursor: str | None = None
        self._has_more = False
        self._fetching = False
        self._refreshing = False
        self._loaded_once = False
        self._error: str | None = None
        self._fetch: Fetch | None = None
        self._pending: tuple[int, Fetch, str | None, int] | None = None
        self._paced = False
        self._pace_timer = QTimer(self)
        self._pace_timer.setSingleShot(True)
        self._pace_timer.setInterval(PACE_FALLBACK_MS)
        self._pace_timer.timeout.connect(self._start_pending)

    # -- to implement ---------------------------------------------------------------------------

    def make_fetch(self) -> Fetch | None:
        raise NotImplementedError

    def row_key(self, row: Any) -> Hashable:
        raise NotImplementedError

    @staticmethod
    def pack(row: Any) -> Any:
        return row

    def _packed(self, fetch: Fetch) -> Fetch:
        pack = self.pack

        def packed(cursor: str | None, limit: int) -> Page:
            page = fetch(cursor, limit)
            return Page(tuple(pack(row) for row in page.rows), page.next_cursor)

        return packed

    # -- state ----------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return (self._fetching and self._row_count == 0) or self._refreshing

    @property
    def loaded_once(self) -> bool:
        """The first page of what is shown now has arrived (empty or not)."""
        return self._loaded_once

    @property
    def error(self) -> str | None:
        return self._error

    @property
    def has_more(self) -> bool:
        return self._has_more

    @property
    def fetching(self) -> bool:
        return self._fetching or self._refreshing

    @property
    def resident_rows(self) -> int:
        return self._resident_rows

    @property
    def block_count(self) -> int:
        return len(self._blocks)

    # -- Qt model API ---------------------------------------------------------------------------

    def rowCount(self,  # noqa: N802 - Qt name
                 parent: QModelIndex | QPersistentModelIndex = QModelIndex()  # noqa: B008
                 ) -> int:
        return 0 if parent.isValid() else self._row_count

    def cell(self, row: Any, column: int, role: int) -> Any:
        """The value of ``role`` for a stored row (None while its block loads)."""
        raise NotImplementedError

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.model() is not self:
            return None
        return self.cell(self.row_at(index.row()), index.column(), role)

    def multiData(self, index: QModelIndex | QPersistentModelIndex,  # noqa: N802 - Qt name
                  span: QModelRoleDataSpan) -> None:
        """Every role of a cell in one call (Qt 6 delegates ask this way): one Python call per
        painted cell instead of one per role, which matters while workers hold the GIL."""
        row = self.row_at(index.row()) if index.isValid() else None
        column = index.column()
        for item in span:
            value = self.cell(row, column, item.role()) if index.isValid() else None
            if value is None:
                item.clearData()
            else:
                item.setData(value)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if parent.isValid():
            return False
        return self._has_more and self._error is None and not self._refreshing

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if parent.isValid() or not self.canFetchMore(parent) or self._fetching:
            return
        # Start the query after the view has painted what it has: the worker's share of the
        # page (turning rows into tuples) then does not compete with the paint for the GIL.
        self._request_page(self._next_cursor, self.page_size if self._row_count else
                           self.first_page_size, deferred=True)

    def pace_with(self, view: QAbstractItemView) -> None:
        """Start page queries after ``view`` paints (see the module doc)."""
        self._paced = True
        _AfterPaint(view.viewport(), self._start_pending)

    # -- rows -----------------------------------------------------------------------------------

    def row_at(self, row: int) -> Any:
        """The row object, or None while its block is (re)loading or the row is gone."""
        if not 0 <= row < self._row_count:
            return None
        index = bisect.bisect_right(self._starts, row) - 1
        block = self._blocks[index]
        if block.rows is None:
            self._request_block(index)
            return None
        if not block.dead:
            self._resident.move_to_end(index)
        offset = row - block.start
        return block.rows[offset] if offset < len(block.rows) else None

    def peek(self, row: int) -> Any:
        """Like ``row_at`` but never starts a reload (for bookkeeping)."""
        if not 0 <= row < self._row_count:
            return None
        block = self._blocks[bisect.bisect_right(self._starts, row) - 1]
        if block.rows is None:
            return None
        offset = row - block.start
        return block.rows[offset] if offset < len(block.rows) else None

    def find_row(self, key: Hashable) -> int:
        """The model row of ``key`` among the rows in memory, or -1."""
        for block in self._blocks:
            if block.rows is None or block.dead:
                continue
            for offset, row in enumerate(block.rows):
                if row is not None and self.row_key(row) == key:
                    return block.start + offset
        return -1

    def update_rows(self, rows: list[Any]) -> set[Hashable]:
        """Replace rows in memory by key (values change, places do not); ``rows`` are DTOs as
        the service returns them. Returns the keys found."""
        packed = [self.pack(row) for row in rows]
        wanted = {self.row_key(row): row for row in packed}
        found: set[Hashable] = set()
        if not wanted:
            return found
        last_column = max(self.columnCount() - 1, 0)
        for block in self._blocks:
            if block.rows is None or block.dead:
                continue
            for offset, row in enumerate(block.rows):
                if row is None:
                    continue
                key = self.row_key(row)
                if key in wanted:
                    block.rows[offset] = wanted[key]
                    found.add(key)
                    model_row = block.start + offset
                    self.dataChanged.emit(self.index(model_row, 0),
                                          self.index(model_row, last_column))
        return found

    # -- loading --------------------------------------------------------------------------------

    def reload(self) -> None:
        """Forget every row and load the first page of what ``make_fetch`` shows now."""
        self._bump()
        self.beginResetModel()
        self._install([])
        self._next_cursor = None
        self._error = None
        self._loaded_once = False
        fetch = self.make_fetch()
        self._fetch = self._packed(fetch) if fetch is not None else None
        self._has_more = self._fetch is not None
        self.endResetModel()
        self.exhausted_changed.emit(not self._has_more)
        if self._fetch is not None:
            self._request_page(None, self.first_page_size)
        else:
            self._loaded_once = True
            self.rows_arrived.emit()
        self.loading_changed.emit(self.loading)

    def retry(self) -> None:
        """Try again after a failure: the next page, or every failed block."""
        self._error = None
        for block in self._blocks:
            block.failed = False
        if self._fetch is None or not self._loaded_once:
            self.reload()
            return
        if self._has_more and not self._fetching:
            self._request_page(self._next_cursor, self.page_size)
        if self._row_count:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self._row_count - 1, self.columnCount() - 1))

    def refresh(self, keep_rows: int = 0) -> bool:
        """Reload from the top keeping the user's place (see the module doc). False when the
        place is deeper than ``refresh_limit`` rows (the caller refreshes rows by key then)."""
        if self._fetch is None:
            return True
        if keep_rows > self.refresh_limit:
            return False
        target = max(keep_rows, self.first_page_size)
        generation = self._bump()
        self._refreshing = True
        self._error = None
        fetch = self._fetch
        first, size = self.first_page_size, self.page_size

        def work() -> list[tuple[str | None, Page]]:
            pages: list[tuple[str | None, Page]] = []
            cursor: str | None = None
            total = 0
            while True:
                page = fetch(cursor, first if not pages else size)
                pages.append((cursor, page))
                total += len(page.rows)
                cursor = page.next_cursor
                if cursor is None or total >= target:
                    return pages

        self._run(work, partial(self._refreshed, generation),
                  partial(self._failed, generation), self)
        self.loading_changed.emit(self.loading)
        return True

    def _bump(self) -> int:
        self._generation += 1
        self._pending = None
        self._fetching = False
        self._refreshing = False
        return self._generation

    def _request_page(self, cursor: str | None, limit: int, *, deferred: bool = False) -> None:
        fetch = self._fetch
        if fetch is None:
            return
        self._fetching = True
        generation = self._generation
        if deferred:
            self._pending = (generation, fetch, cursor, limit)
            if self._paced:
                self._pace_timer.start()
            else:
                QTimer.singleShot(0, self, self._start_pending)
        else:
            self._submit_page(generation, fetch, cursor, limit)

    def _start_pending(self) -> None:
        self._pace_timer.stop()
        pending, self._pending = self._pending, None
        if pending is not None:
            self._submit_page(*pending)

    def _submit_page(self, generation: int, fetch: Fetch, cursor: str | None,
                     limit: int) -> None:
        if generation != self._generation:
            return      # the filter, the sort or a refresh came first
        self._run(lambda: fetch(cursor, limit), partial(self._page_arrived, generation, cursor),
                  partial(self._failed, generation), self)

    def _page_arrived(self, generation: int, cursor: str | None, page: Page) -> None:
        if generation != self._generation:
            return      # asked for another filter, sort or refresh: drop it
        self._fetching = False
        first_load = not self._loaded_once
        self._loaded_once = True
        rows = list(page.rows)
        if rows:
            start = self._row_count
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._blocks.append(_Block(start, len(rows), cursor, rows))
            self._starts.append(start)
            self._row_count += len(rows)
            self._make_resident(len(self._blocks) - 1)
            self.endInsertRows()
        self._next_cursor = page.next_cursor
        had_more = self._has_more
        self._has_more = page.next_cursor is not None
        if had_more != self._has_more:
            self.exhausted_changed.emit(not self._has_more)
        self._evict()
        self.rows_arrived.emit()
        if first_load:
            self.loading_changed.emit(self.loading)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        was_loading = self.loading
        self._fetching = False
        self._refreshing = False
        self._error = describe(error)
        self.load_failed.emit(self._error)
        if was_loading:
            self.loading_changed.emit(False)

    def _request_block(self, index: int) -> None:
        block = self._blocks[index]
        if block.loading or block.failed or block.dead or self._fetch is None:
            return
        block.loading = True
        generation = self._generation
        fetch = self._fetch
        cursor, count = block.cursor, block.count
        self._run(lambda: fetch(cursor, count),
                  partial(self._block_arrived, generation, block),
                  partial(self._block_failed, generation, block), self)

    def _block_arrived(self, generation: int, block: _Block, page: Page) -> None:
        block.loading = False
        if generation != self._generation or block not in self._blocks:
            return
        rows: list[Any] = list(page.rows[:block.count])
        rows += [None] * (block.count - len(rows))   # rows gone since: empty until a refresh
        block.rows = rows
        index = self._blocks.index(block)
        self._make_resident(index)
        self._evict(keep=index)
        self.dataChanged.emit(self.index(block.start, 0),
                              self.index(block.start + block.count - 1, self.columnCount() - 1))
        self.rows_arrived.emit()

    def _block_failed(self, generation: int, block: _Block, error: BaseException) -> None:
        block.loading = False
        if generation != self._generation:
            return
        block.failed = True         # no retry loop from data(); ``retry()`` clears it
        self._error = describe(error)
        self.load_failed.emit(self._error)

    def _refreshed(self, generation: int, pages: list[tuple[str | None, Page]]) -> None:
        if generation != self._generation:
            return
        self._refreshing = False
        self._loaded_once = True
        blocks: list[_Block] = []
        start = 0
        for cursor, page in pages:
            if page.rows:
                blocks.append(_Block(start, len(page.rows), cursor, list(page.rows)))
                start += len(page.rows)
        new_count = start
        old_count = self._row_count
        position = {self.row_key(row): block.start + offset
                    for block in blocks for offset, row in enumerate(block.rows or [])}

        if new_count > old_count:       # grow at the end first, then move things in place
            self.beginInsertRows(QModelIndex(), old_count, new_count - 1)
            self._install(self._blocks + [_Block(old_count, new_count - old_count, None,
                                                 [None] * (new_count - old_count),
                                                 dead=True)], keep_lru=True)
            self.endInsertRows()

        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        keys = [self._key_at(index.row()) for index in before]
        padded = blocks
        if new_count < old_count:       # keep the row count through the layout change
            padded = blocks + [_Block(new_count, old_count - new_count, None,
                                      [None] * (old_count - new_count), dead=True)]
        self._install(padded)
        after = []
        for index, key in zip(before, keys):
            row = position.get(key) if key is not None else None
            if row is None:
                row = index.row() if index.row() < new_count else None
            after.append(self.createIndex(row, index.column()) if row is not None
                         else QModelIndex())
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

        if new_count < old_count:
            self.beginRemoveRows(QModelIndex(), new_count, old_count - 1)
            self._install(blocks)
            self.endRemoveRows()

        self._next_cursor = pages[-1][1].next_cursor if pages else None
        had_more = self._has_more
        self._has_more = self._next_cursor is not None
        if had_more != self._has_more:
            self.exhausted_changed.emit(not self._has_more)
        self._evict()
        self.rows_arrived.emit()
        self.loading_changed.emit(self.loading)

    def _key_at(self, row: int) -> Hashable | None:
        value = self.peek(row)
        return None if value is None else self.row_key(value)

    # -- blocks ---------------------------------------------------------------------------------

    def _install(self, blocks: list[_Block], *, keep_lru: bool = False) -> None:
        self._blocks = blocks
        self._starts = [block.start for block in blocks]
        self._row_count = sum(block.count for block in blocks)
        if keep_lru:
            return
        self._resident = OrderedDict()
        self._resident_rows = 0
        for index, block in enumerate(blocks):
            if block.rows is not None and not block.dead:
                self._resident[index] = None
                self._resident_rows += block.count

    def _make_resident(self, index: int) -> None:
        if index not in self._resident:
            self._resident_rows += self._blocks[index].count
        self._resident[index] = None
        self._resident.move_to_end(index)

    def _evict(self, keep: int | None = None) -> None:
        """Drop the rows of the least recently used blocks past ``max_resident_rows``."""
        if self._resident_rows <= self.max_resident_rows:
            return
        newest = keep if keep is not None else next(reversed(self._resident), None)
        for index in list(self._resident):          # least recently used first
            if self._resident_rows <= self.max_resident_rows:
                return
            if index == newest:
                continue
            del self._resident[index]
            block = self._blocks[index]
            block.rows = None
            self._resident_rows -= block.count
