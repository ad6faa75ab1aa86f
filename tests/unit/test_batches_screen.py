"""What the Batches screen decides, without Qt and without a database."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timezone

import pytest

from mesdesk.services.dto import BatchDTO, BatchFilter
from mesdesk.ui.views.batches.screen import Allowed, BatchesScreen, Count, Empty

NOW = datetime(2026, 12, 4, 8, tzinfo=timezone.utc)


def batch(batch_id: int = 1, *, closed: bool = False) -> BatchDTO:
    return BatchDTO(id=batch_id, is_closed=closed, closed_at=NOW if closed else None,
                    task_description="", work_center="RC-001", work_center_name="Цех №1",
                    shift="1 смена", team="Бригада", batch_number=100 + batch_id,
                    batch_date=date(2026, 12, 4), nomenclature="Вода", ekn_code="EKN",
                    shift_start=NOW, shift_end=NOW, products_total=10, products_aggregated=3,
                    created_at=NOW, updated_at=NOW)


def test_the_screen_state_needs_no_qt():
    found = subprocess.run(
        [sys.executable, "-c", "import sys, mesdesk.ui.views.batches.screen; "
         "print(any(name.startswith('PySide6') for name in sys.modules))"],
        capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"


def test_a_remembered_sort_that_no_longer_exists_falls_back_to_the_date():
    assert BatchesScreen("dropped_column", False).filter == BatchFilter(sort="batch_date",
                                                                        descending=False)


def test_a_filter_change_keeps_the_order_and_the_selected_batch():
    screen = BatchesScreen("products_total", True)
    flt = screen.filtered(search="вода", is_closed=False, keep_selected=7)
    assert (flt.search, flt.is_closed, flt.sort, flt.descending) == ("вода", False,
                                                                     "products_total", True)
    assert screen.select_id == 7


def test_a_column_that_cannot_sort_changes_nothing():
    screen = BatchesScreen()
    before = screen.filter
    assert screen.sorted_by(None, False, keep_selected=3) is None
    assert screen.filter == before and screen.select_id is None
    assert screen.sorted_by("team", False, keep_selected=3).sort == "team"


def test_the_batch_to_select_again_waits_while_the_list_is_still_loading():
    screen = BatchesScreen()
    screen.filtered(keep_selected=5)
    assert screen.found_again(False, still_loading=True) is False
    assert screen.select_id == 5
    assert screen.found_again(False, still_loading=False) is True     # not in the first rows
    assert screen.select_id is None


def test_what_the_selection_allows():
    assert BatchesScreen.allowed(None) == Allowed()
    opened = BatchesScreen.allowed(batch())
    assert opened.edit and opened.close and opened.add_codes and opened.aggregation
    assert not opened.reopen and not opened.closed
    closed = BatchesScreen.allowed(batch(closed=True))
    assert closed.reopen and closed.copy and closed.closed
    assert not (closed.edit or closed.close or closed.add_codes or closed.aggregation)


@pytest.mark.parametrize("role, refused", [
    ("operator", {"new", "edit", "close", "reopen", "import", "export", "report", "compare"}),
    ("supervisor", set()),
    ("administrator", set()),
])
def test_the_role_decides_which_actions_are_offered_by_their_use_cases(role, refused):
    from mesdesk.domain.roles import Role, may

    def role_may(use_case: str) -> bool:
        return may(Role[role.upper()], use_case)

    opened = BatchesScreen.allowed(batch(), role_may)
    assert opened.refused == refused
    assert opened.edit == opened.close == opened.new == opened.import_ == opened.export \
        == opened.report == (not refused)
    assert opened.add_codes and opened.aggregation and opened.copy, "an operator's too"
    assert BatchesScreen.allowed(batch(closed=True), role_may).reopen == (not refused)
    assert BatchesScreen.allowed(None, role_may).refused == refused
    nobody = BatchesScreen.allowed(batch(), lambda _use_case: False)
    assert not (nobody.add_codes or nobody.aggregation or nobody.new) and nobody.copy


def test_the_empty_table_says_why_it_is_empty():
    empty = BatchesScreen.empty
    assert empty(rows=3, failed=True, loading=True, loaded_once=True, filtered=True) \
        is Empty.NOTHING
    assert empty(rows=0, failed=True, loading=False, loaded_once=True, filtered=False) \
        is Empty.FAILED
    assert empty(rows=0, failed=False, loading=False, loaded_once=False, filtered=False) \
        is Empty.LOADING
    assert empty(rows=0, failed=False, loading=False, loaded_once=True, filtered=True) \
        is Empty.NO_MATCH
    assert empty(rows=0, failed=False, loading=False, loaded_once=True, filtered=False) \
        is Empty.NO_BATCHES


def test_the_count_line():
    count = BatchesScreen.count
    assert count(0, None, True) is Count.NONE
    assert count(100, None, True) is Count.COUNTING
    assert count(100, 300, True) is Count.PART
    assert count(300, 300, False) is Count.ALL
    assert count(120, 300, False) is Count.ALL      # the server has no more: all are loaded


def test_live_changes_gather_until_taken_and_anything_wins():
    screen = BatchesScreen()
    assert not screen.take_changes()
    screen.note_changes([3, 1])
    screen.note_changes([3])
    pending = screen.take_changes()
    assert pending.ids == {1, 3} and not pending.everything
    screen.note_changes([2])
    screen.note_changes(None)
    assert screen.take_changes().everything
    assert not screen.take_changes()


def test_a_changed_batch_the_filter_lists_but_the_table_lacks_reloads_the_list():
    assert BatchesScreen.newly_listed({4, 5}, {4}) is True
    assert BatchesScreen.newly_listed({4}, {4, 5}) is False
    assert BatchesScreen.newly_listed(set(), set()) is False
