"""The one pager alone (``widgets/pager.py``), over rows in memory and an op runner the test
drives: which reads it asks for, and what the table shows when they answer. No PostgreSQL;
the tables that page on the real database are tested in test_batches_*.py and
test_webhooks_page.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from mesdesk.services.dto import Page
from mesdesk.ui.widgets.pager import KeysetTableModel


class HeldOps:
    """``backend.run`` that keeps each op until the test lets it run (on the GUI thread, so
    the order of answers is the test's)."""

    def __init__(self) -> None:
        self.waiting: list[tuple[Callable[[], Any], Callable, Callable]] = []

    def __call__(self, work, success, failure, owner=None) -> None:
        self.waiting.append((work, success, failure))

    def answer_all(self) -> int:
        """Run every op asked so far (not those their answers ask for); how many ran."""
        ops, self.waiting = self.waiting, []
        for work, success, failure in ops:
            try:
                result = work()
            except Exception as error:  # noqa: BLE001 - handed to the model like the runner
                failure(error)
            else:
                success(result)
        return len(ops)


class Names(KeysetTableModel):
    """A one-column table of names, keyed by id, paged by id."""

    first_page_size = 3
    page_size = 5

    def __init__(self, run, rows: list[tuple[int, str]]) -> None:
        super().__init__(run)
        self.rows = rows
        self.broken = False

    def column_total(self) -> int:
        return 1

    def cell(self, row: Any, column: int, role: int) -> Any:
        if row is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        return row[1]

    def row_key(self, row: Any) -> int:
        return row[0]

    def make_fetch(self):
        def fetch(cursor: str | None, limit: int) -> Page:
            if self.broken:
                raise ConnectionError("the server went away")
            after = int(cursor) if cursor is not None else -1
            rows = [row for row in sorted(self.rows) if row[0] > after][:limit]
            more = len(rows) == limit and rows[-1][0] < max(row[0] for row in self.rows)
            return Page(tuple(rows), str(rows[-1][0]) if more else None)
        return fetch


def shown(model: Names) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def names(count: int, prefix: str = "name") -> list[tuple[int, str]]:
    return [(i, f"{prefix} {i}") for i in range(count)]


def test_refreshes_asked_while_one_reads_make_one_follow_up_not_a_queue(qtbot):
    ops = HeldOps()
    model = Names(ops, names(4))
    model.reload()
    ops.answer_all()
    assert shown(model) == ["name 0", "name 1", "name 2"]

    model.rows = names(4, "renamed")
    for _ in range(5):                              # five asks while the first refresh reads
        assert model.refresh(model.rowCount())
    assert len(ops.waiting) == 1 and model.fetching

    ops.answer_all()                                # the first refresh answers...
    assert shown(model) == ["renamed 0", "renamed 1", "renamed 2"]   # ...and is shown
    assert len(ops.waiting) == 1 and model.fetching  # one follow-up for the five asks
    model.rows = names(4, "again")
    ops.answer_all()
    assert shown(model) == ["again 0", "again 1", "again 2"]
    assert ops.waiting == [] and not model.fetching


def test_a_new_filter_drops_the_refresh_and_its_follow_up(qtbot):
    ops = HeldOps()
    model = Names(ops, names(4))
    model.reload()
    ops.answer_all()
    model.refresh(3)
    model.refresh(3)
    model.rows = names(2, "other")
    model.reload()                                  # what is shown changed meanwhile
    ops.answer_all()                                # the refresh's answer is dropped
    assert shown(model) == ["other 0", "other 1"]
    assert ops.waiting == [] and not model.fetching


def test_a_refresh_that_fails_says_so_and_asks_no_follow_up(qtbot):
    ops = HeldOps()
    model = Names(ops, names(4))
    model.reload()
    ops.answer_all()
    said: list[str] = []
    model.load_failed.connect(said.append)
    model.refresh(3)
    model.refresh(3)
    model.broken = True
    ops.answer_all()
    assert said and model.error is not None
    assert shown(model) == ["name 0", "name 1", "name 2"]   # the rows shown stay
    assert ops.waiting == []


def test_the_pager_is_a_well_behaved_model_while_it_pages_evicts_and_refreshes(qtbot,
                                                                               qtmodeltester):
    ops = HeldOps()
    model = Names(ops, names(23))
    model.max_resident_rows = 6
    qtmodeltester.check(model)
    model.reload()
    ops.answer_all()
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        qtbot.waitUntil(lambda: ops.waiting != [])  # pages start after the event loop turns
        ops.answer_all()
    assert model.rowCount() == 23 and model.resident_rows <= 6
    ops.answer_all()                                 # blocks the model tester looked at
    evicted = [row for row in range(model.rowCount()) if model.peek(row) is None]
    assert evicted                                   # only six rows are kept
    row = evicted[0]
    assert model.index(row, 0).data() is None        # a placeholder while it reloads...
    ops.answer_all()
    assert model.index(row, 0).data() == f"name {row}"   # ...then the row again
    model.rows = names(20, "fewer")
    model.refresh(model.rowCount())
    ops.answer_all()
    assert model.rowCount() == 20 and model.index(19, 0).data() == "fewer 19"
    qtmodeltester.check(model)


def test_asking_for_more_while_rows_are_inserted_reads_the_next_page_not_the_same(qtbot):
    ops = HeldOps()
    model = Names(ops, names(12))
    # A view may ask for more as soon as it hears of new rows (before the page is settled).
    model.rowsInserted.connect(lambda *_: model.fetchMore(QModelIndex()))
    model.reload()
    for _ in range(4):
        ops.answer_all()
        qtbot.waitUntil(lambda: ops.waiting != [] or not model.has_more)
    assert shown(model) == [f"name {i}" for i in range(12)]     # each name once


def test_asking_for_more_when_the_table_is_reset_does_not_read_the_first_page_twice(qtbot):
    ops = HeldOps()
    model = Names(ops, names(4))
    model.modelReset.connect(lambda: model.fetchMore(QModelIndex()))
    model.reload()
    QApplication.processEvents()                    # a deferred ask would start now
    assert len(ops.waiting) == 1
    ops.answer_all()
    assert shown(model) == ["name 0", "name 1", "name 2"]


def test_a_next_page_asked_for_just_before_a_refresh_is_read_by_the_refresh(qtbot):
    """"Load more" clicked, then a change elsewhere refreshes the table before the page was
    read: the refresh takes the page's place, so the user still gets the rows asked for."""
    ops = HeldOps()
    model = Names(ops, names(20))
    model.reload()
    ops.answer_all()
    assert model.rowCount() == 3
    model.fetchMore(QModelIndex())                  # the next page, asked (not read yet)
    assert model.refresh(model.rowCount())          # ...and a refresh comes first
    while ops.waiting or model.fetching:
        QApplication.processEvents()                # the paced page would start here
        ops.answer_all()
    assert model.rowCount() == 3 + model.page_size
    assert shown(model)[-1] == "name 7" and model.has_more
