"""The one pager: a table model that pages lazily over keyset pages, with a bounded memory.

Every table that pages uses it (the batch list, a batch's products, the webhook delivery log):
a subclass says how to fetch a page and what a row shows.

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
    Each page becomes a *block* (``page_blocks.py``): its rows and the keyset cursor that loads
    it. Only the most recently used blocks keep their rows (``max_resident_rows`` in all, e.g.
    20,000 rows); older ones keep just their cursor. When an evicted block comes
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
    rows only at the end, so the scroll position and the selection stay. One refresh reads at a
    time: asks while it runs make one follow-up (for the most rows asked), not a queue of reads;
    the answer in flight is still shown (it is newer than the rows on screen), then the
    follow-up reads again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView

from mesdesk.services.dto import Page

from ..errors import describe
from .after_paint import AfterPaint
from .block_model import BlockTableModel
from .page_blocks import Block, blocks_of, fetch_until

#: ``fetch(cursor, limit) -> Page``; runs on a worker thread, so it must not touch the model.
Fetch = Callable[[str | None, int], Page]
#: ``Backend.run``: ``run(work, on_success, on_failure, owner)``.
Runner = Callable[..., Any]
#: A paced page query starts this long after the view's last paint...
PACE_QUIET_MS = 10
#: ...or after this long without a paint.
PACE_FALLBACK_MS = 40


class KeysetTableModel(BlockTableModel):
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
        self._next_cursor: str | None = None
        self._has_more = False
        self._fetching = False
        self._refreshing = False
        self._loaded_once = False
        self._error: str | None = None
        self._fetch: Fetch | None = None
        self._pending: tuple[int, Fetch, str | None, int] | None = None
        self._refresh_again: int | None = None   # rows to keep in the one follow-up refresh
        self._paced = False
        self._pace_timer = QTimer(self)
        self._pace_timer.setSingleShot(True)
        self._pace_timer.setInterval(PACE_FALLBACK_MS)
        self._pace_timer.timeout.connect(self._start_pending)

    # -- to implement ---------------------------------------------------------------------------

    def make_fetch(self) -> Fetch | None:
        raise NotImplementedError

    def _packed(self, fetch: Fetch) -> Fetch:
        pack = self.pack

        def packed(cursor: str | None, limit: int) -> Page:
            page = fetch(cursor, limit)
            return Page(tuple(pack(row) for row in page.rows), page.next_cursor)

        return packed

    # -- state ----------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return (self._fetching and self._b.row_count == 0) or self._refreshing

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

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if parent.isValid():
            return False
        return self._has_more and self._error is None and not self._refreshing

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if parent.isValid() or not self.canFetchMore(parent) or self._fetching:
            return
        # Start the query after the view has painted what it has: the worker's share of the
        # page (turning rows into tuples) then does not compete with the paint for the GIL.
        self._request_page(self._next_cursor, self.page_size if self._b.row_count else
                           self.first_page_size, deferred=True)

    def pace_with(self, view: QAbstractItemView) -> None:
        """Start page queries after ``view`` paints (see the module doc)."""
        self._paced = True
        AfterPaint(view.viewport(), self._start_pending, PACE_QUIET_MS)

    # -- loading --------------------------------------------------------------------------------

    def reload(self) -> None:
        """Forget every row and load the first page of what ``make_fetch`` shows now."""
        self._bump()
        self.beginResetModel()
        self._b.install([])
        self._next_cursor = None
        self._error = None
        self._loaded_once = False
        fetch = self.make_fetch()
        self._fetch = self._packed(fetch) if fetch is not None else None
        self._has_more = self._fetch is not None
        if self._fetch is not None:
            # Asked before the reset is announced: a view that asks for more when it hears of
            # it waits for this page instead of asking for the first page a second time.
            self._request_page(None, self.first_page_size)
        self.endResetModel()
        self.exhausted_changed.emit(not self._has_more)
        if self._fetch is None:
            self._loaded_once = True
            self.rows_arrived.emit()
        self.loading_changed.emit(self.loading)

    def retry(self) -> None:
        """Try again after a failure: the next page, or every failed block."""
        self._error = None
        self._b.reset_failures()
        if self._fetch is None or not self._loaded_once:
            self.reload()
            return
        if self._has_more and not self._fetching:
            self._request_page(self._next_cursor, self.page_size)
        if self._b.row_count:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self._b.row_count - 1, self.columnCount() - 1))

    def refresh(self, keep_rows: int = 0) -> bool:
        """Reload from the top keeping the user's place (see the module doc). False when the
        place is deeper than ``refresh_limit`` rows (the caller refreshes rows by key then)."""
        if self._fetch is None:
            return True
        if keep_rows > self.refresh_limit:
            return False
        if self._refreshing:
            self._refresh_again = max(self._refresh_again or 0, keep_rows)
            return True
        target = max(keep_rows, self.first_page_size)
        if self._fetching and self._b.row_count:
            # A next page asked for ("Load more", a scroll to the end) is read by this
            # refresh, which replaces that read: the ask is not lost.
            target = max(target, self._b.row_count + self.page_size)
        generation = self._bump()
        self._refreshing = True
        self._error = None
        fetch, first, size = self._fetch, self.first_page_size, self.page_size
        work = partial(fetch_until, fetch, first, size, target)
        self._run(work, partial(self._refreshed, generation),
                  partial(self._failed, generation), self)
        self.loading_changed.emit(self.loading)
        return True

    def _bump(self) -> int:
        self._generation += 1
        self._pending = None
        self._fetching = False
        self._refreshing = False
        self._refresh_again = None
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
        # The next cursor first: a view may ask for more while it hears of the inserted rows.
        self._next_cursor = page.next_cursor
        had_more = self._has_more
        self._has_more = page.next_cursor is not None
        if rows:
            start = self._b.row_count
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._b.append(cursor, rows)
            self.endInsertRows()
        if had_more != self._has_more:
            self.exhausted_changed.emit(not self._has_more)
        self._b.evict(self.max_resident_rows)
        self.rows_arrived.emit()
        if first_load:
            self.loading_changed.emit(self.loading)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        was_loading = self.loading
        self._fetching = False
        self._refreshing = False
        self._refresh_again = None      # the user retries; the same read would fail alike
        self._error = describe(error)
        self.load_failed.emit(self._error)
        if was_loading:
            self.loading_changed.emit(False)

    def _request_block(self, index: int) -> None:
        block = self._b.blocks[index]
        if block.loading or block.failed or block.dead or self._fetch is None:
            return
        block.loading = True
        generation = self._generation
        fetch = self._fetch
        cursor, count = block.cursor, block.count
        self._run(lambda: fetch(cursor, count),
                  partial(self._block_arrived, generation, block),
                  partial(self._block_failed, generation, block), self)

    def _block_arrived(self, generation: int, block: Block, page: Page) -> None:
        block.loading = False
        if generation != self._generation or block not in self._b.blocks:
            return
        rows: list[Any] = list(page.rows[:block.count])
        rows += [None] * (block.count - len(rows))   # rows gone since: empty until a refresh
        block.rows = rows
        index = self._b.blocks.index(block)
        self._b.make_resident(index)
        self._b.evict(self.max_resident_rows, keep=index)
        self.dataChanged.emit(self.index(block.start, 0),
                              self.index(block.start + block.count - 1, self.columnCount() - 1))
        self.rows_arrived.emit()

    def _block_failed(self, generation: int, block: Block, error: BaseException) -> None:
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
        # The next cursor first: a view may ask for more while it hears of the new rows.
        self._next_cursor = pages[-1][1].next_cursor if pages else None
        had_more = self._has_more
        self._has_more = self._next_cursor is not None
        self.swap_in(blocks_of(pages))
        if had_more != self._has_more:
            self.exhausted_changed.emit(not self._has_more)
        self._b.evict(self.max_resident_rows)
        again, self._refresh_again = self._refresh_again, None
        if again is not None:
            # The one follow-up of the asks meanwhile, started before anyone hears of these
            # rows: a batch to select again is still awaited (``fetching``) until it answers.
            self.refresh(again)
        self.rows_arrived.emit()
        self.loading_changed.emit(self.loading)
