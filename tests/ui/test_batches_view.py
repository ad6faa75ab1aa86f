"""The Batches area driven as a supervisor drives it, on a real PostgreSQL, with the GUI
thread never running SQL (the ``desktop`` fixture's guard)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialogButtonBox, QPushButton
from sqlalchemy import text

from mesdesk.services.batches import add_products, get_batch, update_batch
from mesdesk.services.dto import BatchFilter
from mesdesk.services.intake import intake_batches
from mesdesk.ui.views.batches.model import (
    AGGREGATED, NOMENCLATURE, NUMBER, PRODUCTS, RATE, STATUS, TEAM,
)
from tests.support.db import scalar
from tests.support.batches_page import DAY, drop, idle, numbers, open_page, row_of, seed, select
from tests.support.factories import batch_item, create_batch, marking_code



# -- helpers -------------------------------------------------------------------------------------

def set_filter(page, qtbot, **values) -> None:
    bar = page.filter_bar
    if "search" in values:
        bar.search.setText(values["search"] or "")
    if "status" in values:
        bar.status.setCurrentIndex(bar.status.findData(values["status"]))
    if "work_center" in values:
        bar.work_center.setCurrentIndex(max(bar.work_center.findData(values["work_center"]), 0))
    if "team" in values:
        bar.team.setEditText(values["team"] or "")
    if "date_from" in values:
        bar.date_from.setDate(values["date_from"])
    bar.apply_now()
    idle(page, qtbot)


def dialog_button(dialog, role=QDialogButtonBox.StandardButton.Save):
    return dialog.buttons.button(role)


def gone(dialog) -> bool:
    """Closed: dialogs delete themselves when they close."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


# -- models -------------------------------------------------------------------------------------

def test_every_model_passes_the_model_tester(desktop, qtbot, qtmodeltester, uow_factory, tz):
    seed(uow_factory, tz, 150)
    codes = [marking_code(n) for n in range(1, 6)]
    batch_id = create_batch(uow_factory, tz, number=9000, day=DAY, codes=codes)
    page = open_page(desktop, qtbot)
    assert page.model.rowCount() == 100          # the first page only
    qtmodeltester.check(page.model)
    select(page, qtbot, 9000)
    products = page.detail.products_model
    qtbot.waitUntil(lambda: products.rowCount() == 5, timeout=5000)
    qtmodeltester.check(products)
    assert products.batch_id == batch_id


def test_the_result_lists_pass_the_model_tester(qtmodeltester):
    from mesdesk.ui.widgets.rows_model import RowsTableModel

    qtmodeltester.check(RowsTableModel(["A", "B"], [("1", "x"), ("2", "y")]))
    qtmodeltester.check(RowsTableModel(["A"], []))


# -- filter, page, sort -------------------------------------------------------------------------

def test_the_filter_bar_filters_on_the_server(desktop, qtbot, uow_factory, tz):
    seed(uow_factory, tz, 5, first=100)
    seed(uow_factory, tz, 3, first=200, Номенклатура="Гайка М8", ИдентификаторРЦ="RC-002",
         РабочийЦентр="Цех №2", Бригада="Бригада Петровой")
    closed = create_batch(uow_factory, tz, number=300, СтатусЗакрытия=True)
    page = open_page(desktop, qtbot)
    assert page.model.rowCount() == 9
    qtbot.waitUntil(lambda: page.filter_bar.work_center.findData("RC-002") > 0, timeout=5000)

    set_filter(page, qtbot, search="гайка")                  # case-insensitive, Cyrillic
    assert sorted(numbers(page.model)) == [200, 201, 202]
    set_filter(page, qtbot, search="101")                    # a number matches its batch
    assert numbers(page.model) == [101]
    set_filter(page, qtbot, search="", status=True)
    assert [page.model.batch_at(0).id] == [closed]
    set_filter(page, qtbot, status=False, work_center="RC-002")
    assert sorted(numbers(page.model)) == [200, 201, 202]
    set_filter(page, qtbot, work_center=None, team="Бригада Петровой")
    assert sorted(numbers(page.model)) == [200, 201, 202]
    qtbot.waitUntil(lambda: page.count_label.text() == "Batches: 3", timeout=5000)
    set_filter(page, qtbot, team="Нет такой")
    assert page.model.rowCount() == 0
    assert "No batches match these filters" in page.empty.text
    page.filter_bar.clear()
    idle(page, qtbot)
    assert page.model.rowCount() == 9


def test_rows_arrive_page_by_page_as_the_view_scrolls(desktop, qtbot, uow_factory, tz):
    seed(uow_factory, tz, 1250)
    page = open_page(desktop, qtbot)
    model = page.model
    assert model.rowCount() == 100 and model.canFetchMore(model.index(-1, -1))
    qtbot.waitUntil(lambda: model.total == 1250, timeout=5000)
    assert page.count_label.text() == "Batches: 100 of 1250 loaded"     # the C locale
    seen = [model.rowCount()]
    while model.has_more:
        before = model.rowCount()
        page.table.scrollToBottom()     # the view asks for more when it reaches the end
        qtbot.waitUntil(lambda: model.rowCount() > before or not model.has_more, timeout=5000)
        seen.append(model.rowCount())
    assert seen == [100, 1100, 1250]
    assert not model.canFetchMore(model.index(-1, -1))
    got = numbers(model)
    assert len(set(got)) == 1250                # keyset pages: no row twice, none missing
    assert page.count_label.text() == "Batches: 1250"


def test_memory_stays_bounded_and_evicted_rows_come_back(desktop, qtbot, qtmodeltester,
                                                          uow_factory, tz):
    seed(uow_factory, tz, 450)
    # Small pages before anything loads: a next page the view asks for while the page opens
    # would otherwise come with the default size (one 350-row block, over the cap by itself).
    model = desktop.window.page("batches").model
    model.page_size = 100
    model.max_resident_rows = 200
    page = open_page(desktop, qtbot)
    qtmodeltester.check(model)
    while model.has_more:
        before = model.rowCount()
        page.table.scrollToBottom()
        qtbot.waitUntil(lambda: model.rowCount() > before or not model.has_more, timeout=5000)
    assert model.rowCount() == 450
    assert model.resident_rows <= 200 + 100   # the cap, give or take the newest block
    assert model.peek(150) is None            # an early block was let go...
    page.table.scrollTo(model.index(150, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: model.peek(150) is not None, timeout=5000)   # ...and came back
    assert model.batch_at(150).batch_number == numbers_at(uow_factory, 150)
    assert model.resident_rows <= 300


def numbers_at(uow_factory, row: int) -> int:
    from mesdesk.services.batches import list_batches

    return list_batches(uow_factory, BatchFilter(), limit=row + 1).rows[row].batch_number


def test_sorting_is_done_by_the_server_by_products_and_rate(desktop, qtbot, uow_factory, tz,
                                                           engine):
    seed(uow_factory, tz, 150)
    # The biggest and the most advanced batches are old ones: outside the first page.
    with engine.begin() as connection:
        connection.execute(text(
            "UPDATE batches SET products_total = 500, products_aggregated = 100 "
            "WHERE batch_number = 1149"))
        connection.execute(text(
            "UPDATE batches SET products_total = 10, products_aggregated = 10 "
            "WHERE batch_number = 1148"))
        connection.execute(text(
            "UPDATE batches SET products_total = 3, products_aggregated = 1 "
            "WHERE batch_number = 1001"))
    page = open_page(desktop, qtbot)
    assert 1149 not in numbers(page.model)
    header = page.table.horizontalHeader()

    header.setSortIndicator(PRODUCTS, Qt.SortOrder.DescendingOrder)   # a header click
    idle(page, qtbot)
    assert page.model.current_filter.sort == "products_total"
    assert page.model.current_filter.descending
    assert numbers(page.model)[:3] == [1149, 1148, 1001]
    assert page.model.data(page.model.index(0, PRODUCTS)) == "500"

    header.setSortIndicator(RATE, Qt.SortOrder.DescendingOrder)
    idle(page, qtbot)
    assert page.model.current_filter.sort == "aggregation_rate"
    assert numbers(page.model)[:3] == [1148, 1001, 1149]
    assert page.model.data(page.model.index(0, RATE)) == "100.0 %"
    assert page.model.data(page.model.index(1, RATE)) == "33.3 %"

    header.setSortIndicator(RATE, Qt.SortOrder.AscendingOrder)
    idle(page, qtbot)
    assert numbers(page.model)[-1] == 1148 or page.model.has_more


def test_a_page_that_arrives_after_the_filter_changed_is_dropped(desktop, qtbot, uow_factory,
                                                                 tz):
    seed(uow_factory, tz, 5, first=100)
    seed(uow_factory, tz, 5, first=200, Номенклатура="Гайка М8")
    page = open_page(desktop, qtbot)
    model = page.model
    model.set_filter(BatchFilter(search="Болт"))
    model.set_filter(BatchFilter(search="Гайка"))   # the first answer comes too late
    idle(page, qtbot)
    qtbot.wait(50)
    assert sorted(numbers(model)) == [200, 201, 202, 203, 204]


def test_the_batch_number_and_the_rate_read_right(desktop, qtbot, uow_factory, tz, engine):
    create_batch(uow_factory, tz, number=7)
    with engine.begin() as connection:
        connection.execute(text("UPDATE batches SET products_total = 3, "
                                "products_aggregated = 2, is_closed = true, closed_at = now()"))
    page = open_page(desktop, qtbot)
    model = page.model
    assert model.data(model.index(0, RATE)) == "66.7 %"
    assert model.data(model.index(0, AGGREGATED)) == "2"
    assert model.data(model.index(0, STATUS)) == "Closed"
    assert model.data(model.index(0, NUMBER), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(0, STATUS), Qt.ItemDataRole.FontRole).italic()


# -- create and edit ------------------------------------------------------------------------------

def fill_new_batch(dialog, number: str) -> None:
    editors = dialog.editors
    editors["batch_number"].setText(number)
    editors["work_center"].setEditText("RC-777")
    editors["work_center_name"].setText("Цех №7 — новая линия")
    editors["shift"].setEditText("1 смена")
    editors["team"].setEditText("Бригада Иванова")
    editors["nomenclature"].setText("Болт М12х60")
    editors["ekn_code"].setText("EKN-777")
    editors["task_description"].setPlainText("Изготовить 500 болтов")


def test_a_new_batch_is_created_from_the_dialog_and_selected(desktop, qtbot, uow_factory, tz,
                                                            engine):
    seed(uow_factory, tz, 3)
    page = open_page(desktop, qtbot)
    dialog = page.new_batch()
    fill_new_batch(dialog, "4242")
    qtbot.mouseClick(dialog_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gone(dialog), timeout=10000)
    qtbot.waitUntil(lambda: page.selected_batch() is not None
                    and page.selected_batch().batch_number == 4242, timeout=10000)
    created = page.selected_batch()
    assert created.work_center == "RC-777" and created.work_center_name == "Цех №7 — новая линия"
    assert created.nomenclature == "Болт М12х60" and created.team == "Бригада Иванова"
    assert (created.shift_end - created.shift_start) == timedelta(hours=12)
    assert scalar(engine, "SELECT count(*) FROM batches") == 4
    assert scalar(engine, "SELECT count(*) FROM outbox_events WHERE type = 'batch_created'") == 4
    assert "4242" in desktop.window.statusBar().currentMessage()


def test_an_invalid_value_is_shown_next_to_its_field_and_nothing_is_saved(desktop, qtbot,
                                                                          uow_factory, tz,
                                                                          engine):
    # The app's "today" is the production time zone's, not this machine's.
    create_batch(uow_factory, tz, number=5, day=datetime.now(tz).date())
    page = open_page(desktop, qtbot)
    dialog = page.new_batch()
    fill_new_batch(dialog, "abc")
    dialog.editors["shift_end"].setDateTime(dialog.editors["shift_start"].dateTime()
                                            .addSecs(-3600))
    qtbot.mouseClick(dialog_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.field_error("batch_number") == "Enter a whole number (got 'abc')."
    assert dialog.field_error("shift_end").startswith("The shift must end after it starts (")
    assert dialog.field_error("nomenclature") == ""
    assert dialog.focusWidget() is dialog.editors["batch_number"] or not dialog.isActiveWindow()

    dialog.editors["nomenclature"].setText("Ж" * 501)        # too long for the column
    assert dialog.field_error("nomenclature") == \
        "The text has 501 characters; at most 500 are allowed."
    dialog.editors["nomenclature"].setText("Болт")
    assert dialog.field_error("nomenclature") == ""
    dialog.editors["batch_number"].setText("0")
    assert dialog.field_error("batch_number") == "Enter a number from 1 to 2147483647 (got 0)."

    # Valid on its own, refused by the database's data: the number is taken that day.
    dialog.editors["batch_number"].setText("5")
    dialog.editors["shift_end"].setDateTime(dialog.editors["shift_start"].dateTime()
                                            .addSecs(3600))
    qtbot.mouseClick(dialog_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_error("batch_number") != "", timeout=10000)
    assert dialog.field_error("batch_number").startswith("Batch 5 of ")
    assert " exists already (id " in dialog.field_error("batch_number")
    assert dialog.isVisible()
    assert scalar(engine, "SELECT count(*) FROM batches") == 1
    assert scalar(engine, "SELECT nomenclature FROM batches") == "Болт М10х50"


def test_editing_a_batch_saves_only_what_changed(desktop, qtbot, uow_factory, tz, engine):
    seed(uow_factory, tz, 3)
    page = open_page(desktop, qtbot)
    select(page, qtbot, 1001)
    dialog = page.edit_batch()
    assert dialog.editors["batch_number"].text() == "1001"
    dialog.editors["nomenclature"].setText("Гайка М10 оцинкованная")
    dialog.editors["team"].setEditText("Бригада Петровой")
    qtbot.mouseClick(dialog_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gone(dialog), timeout=10000)
    row = row_of(page, 1001)
    qtbot.waitUntil(lambda: page.model.data(page.model.index(row, NOMENCLATURE))
                    == "Гайка М10 оцинкованная", timeout=5000)
    assert page.model.data(page.model.index(row, TEAM)) == "Бригада Петровой"
    assert page.selected_batch().batch_number == 1001
    qtbot.waitUntil(lambda: page.detail.fields["nomenclature"].text()
                    == "Гайка М10 оцинкованная", timeout=5000)
    [changes] = [json.loads(json.dumps(row)) for row in _updated_changes(engine)]
    assert changes == {"nomenclature": "Гайка М10 оцинкованная", "team": "Бригада Петровой"}


def _updated_changes(engine):
    with engine.connect() as connection:
        return [row.payload["changes"] for row in connection.execute(text(
            "SELECT payload FROM outbox_events WHERE type = 'batch_updated'"))]


def test_an_unknown_work_center_is_refused_next_to_the_field(desktop, qtbot, uow_factory, tz,
                                                            engine):
    create_batch(uow_factory, tz, number=1)
    page = open_page(desktop, qtbot)
    select(page, qtbot, 1)
    dialog = page.edit_batch()
    dialog.editors["work_center"].setEditText("RC-404")
    qtbot.mouseClick(dialog_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_error("work_center") != "", timeout=10000)
    assert dialog.field_error("work_center") == \
        "Work center RC-404 does not exist."
    assert scalar(engine, "SELECT count(*) FROM outbox_events WHERE type = 'batch_updated'") == 0


# -- close, reopen --------------------------------------------------------------------------------

def test_closing_and_reopening_from_the_list(desktop, qtbot, uow_factory, tz, engine):
    seed(uow_factory, tz, 3)
    page = open_page(desktop, qtbot)
    select(page, qtbot, 1002)
    assert page.batch_actions.close.isEnabled() and not page.batch_actions.reopen.isEnabled()
    box = page.close_selected()
    assert "Close batch 1002" in box.text()
    qtbot.mouseClick(box.findChild(QPushButton, "confirmCloseButton"),
                     Qt.MouseButton.LeftButton)
    row = row_of(page, 1002)
    qtbot.waitUntil(lambda: page.model.batch_at(row).is_closed, timeout=10000)
    assert page.model.data(page.model.index(row, STATUS)) == "Closed"
    assert page.selected_batch().batch_number == 1002
    assert not page.batch_actions.close.isEnabled() and page.batch_actions.reopen.isEnabled()
    assert not page.batch_actions.edit.isEnabled() and not page.batch_actions.add_codes.isEnabled()
    assert scalar(engine, "SELECT is_closed FROM batches WHERE batch_number = 1002") is True
    assert scalar(engine, "SELECT count(*) FROM outbox_events WHERE type = 'batch_closed'") == 1
    qtbot.waitUntil(lambda: page.detail.fields["status"].text().startswith("Closed at"),
                    timeout=5000)

    page.reopen_selected()
    qtbot.waitUntil(lambda: not page.model.batch_at(row).is_closed, timeout=10000)
    assert scalar(engine, "SELECT closed_at FROM batches WHERE batch_number = 1002") is None
    assert page.batch_actions.edit.isEnabled()


def test_a_failed_action_is_a_sentence_not_a_traceback(desktop, qtbot, uow_factory, tz,
                                                       engine):
    create_batch(uow_factory, tz, number=1)
    page = open_page(desktop, qtbot)
    select(page, qtbot, 1)
    # Closed meanwhile at another station: this station still shows it open.
    with engine.begin() as connection:
        connection.execute(text("UPDATE batches SET is_closed = true, closed_at = now()"))
    dialog = page.edit_batch()
    dialog.editors["team"].setEditText("Бригада №4")
    qtbot.mouseClick(dialog_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_error("team") != "", timeout=10000)
    assert dialog.field_error("team") == "The batch is closed: reopen it before editing."


# -- codes, import -----------------------------------------------------------------------------

def test_codes_are_added_by_paste_and_refusals_listed_code_by_code(desktop, qtbot, uow_factory,
                                                                  tz):
    taken = marking_code(1)
    create_batch(uow_factory, tz, number=1, codes=[taken])
    create_batch(uow_factory, tz, number=2)
    page = open_page(desktop, qtbot)
    select(page, qtbot, 2)
    dialog = page.add_codes()
    fresh = [marking_code(n) for n in (2, 3)]
    dialog.set_text("\n".join([*fresh, taken, "0104600000000001215abc", fresh[0]]) + "\n")
    assert "<GS>" in dialog.editor.toPlainText()        # GS stays visible, not dropped
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.rejected_model is not None, timeout=10000)
    assert dialog.result_label.text() == "Added: 2. Not added: 3, listed below."
    reasons = [dialog.rejected_model.row_texts(row)[1]
               for row in range(dialog.rejected_model.rowCount())]
    assert "GTIN 04600000000001 has a wrong check digit (expected 8)." in reasons
    assert "The code is listed more than once." in reasons
    assert any(reason.startswith("The code belongs to batch 1 of ") for reason in reasons)
    row = row_of(page, 2)
    qtbot.waitUntil(lambda: page.model.data(page.model.index(row, PRODUCTS)) == "2",
                    timeout=5000)
    qtbot.waitUntil(lambda: page.detail.products_model.rowCount() == 2, timeout=5000)
    assert get_batch(uow_factory, page.selected_batch().id).batch.products_total == 2



def test_a_dropped_1c_file_is_imported_and_reported_item_by_item(desktop, qtbot, uow_factory,
                                                                 tz, tmp_path, engine):
    create_batch(uow_factory, tz, number=20)
    page = open_page(desktop, qtbot)
    items = [batch_item(20, Бригада="Бригада №4"),            # known: updated
             batch_item(21),                                  # new
             batch_item(22, НомерПартии="двадцать два"),      # bad: rejected
             batch_item(23, ДатаВремяОкончанияСмены="2024-01-30T07:00:00")]   # bad
    path = tmp_path / "смена.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    tracked: list[int] = []
    page.import_submitted.connect(tracked.append)
    with qtbot.waitSignal(page.import_finished, timeout=20000) as finished:
        drop(page, [path])
    report = finished.args[0]
    # The page followed the import's job (its progress shows here while it runs).
    assert len(tracked) == 1
    assert scalar(engine, "SELECT kind FROM jobs WHERE id = :id", id=tracked[0]) == "intake_1c"
    assert not page.import_progress.isVisible()  # cleared once the result is shown
    dialog = next(d for d in page._dialogs if d.objectName() == "intakeResultDialog")
    assert dialog.summary.text() == \
        "Batches created: 1. Updated: 1. Unchanged: 0. Rejected: 2."
    rows = [dialog.model.row_texts(row) for row in range(dialog.model.rowCount())]
    assert rows[0][:4] == ("1", "20", "2024-01-30", "Updated")
    assert rows[1][:4] == ("2", "21", "2024-01-30", "Created")
    assert rows[2][:5] == ("3", "двадцать два", "2024-01-30", "Rejected",
                           "НомерПартии (batch_number)")
    assert rows[2][5] == "Enter a whole number (got 'двадцать два')."
    assert rows[3][3:5] == ("Rejected", "ДатаВремяОкончанияСмены (shift_end)")
    assert rows[3][5].startswith("The shift must end after it starts (")
    assert report.result.created == 1 and report.result.updated == 1
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    assert scalar(engine, "SELECT status FROM jobs WHERE kind = 'intake_1c'") == "succeeded"


def test_a_file_that_is_not_json_is_explained(desktop, qtbot, tmp_path):
    page = open_page(desktop, qtbot)
    path = tmp_path / "broken.json"
    path.write_text('[{"НомерПартии": 1,,}]', encoding="utf-8")
    page.import_files([path])
    qtbot.waitUntil(lambda: any(d.objectName() == "importError" for d in page._dialogs),
                    timeout=10000)
    box = next(d for d in page._dialogs if d.objectName() == "importError")
    assert box.text().startswith("broken.json is not valid JSON: ")
    assert "line 1, column" in box.text() and "Traceback" not in box.text()
    box.close()


# -- live updates ---------------------------------------------------------------------------------

def test_a_change_made_elsewhere_updates_the_row_and_keeps_the_selection(desktop, qtbot,
                                                                        qtmodeltester,
                                                                        uow_factory, tz):
    seed(uow_factory, tz, 30)
    page = open_page(desktop, qtbot)
    qtmodeltester.check(page.model)     # stays attached: checks the refresh's layout change
    select(page, qtbot, 1005)
    row = row_of(page, 1005)
    batch_id = page.selected_batch().id
    # Another station (another connection: the test's own engine) edits and adds codes.
    update_batch(uow_factory, batch_id, {"nomenclature": "Шайба 10"}, tz)
    add_products(uow_factory, batch_id, [marking_code(n) for n in range(40, 43)])
    page.apply_batch_changes([batch_id])
    qtbot.waitUntil(lambda: page.model.data(page.model.index(row, NOMENCLATURE)) == "Шайба 10",
                    timeout=5000)
    assert page.model.data(page.model.index(row, PRODUCTS)) == "3"
    assert page.selected_batch().id == batch_id
    qtbot.waitUntil(lambda: page.detail.fields["nomenclature"].text() == "Шайба 10",
                    timeout=5000)
    qtbot.waitUntil(lambda: page.detail.products_model.rowCount() == 3, timeout=5000)

    # "Anything may have changed": a new batch at the top, the selection stays on its batch.
    intake_batches(uow_factory, [batch_item(5000, DAY + timedelta(days=1))], tz)
    scroll = page.table.verticalScrollBar().value()
    page.apply_batch_changes(None)
    qtbot.waitUntil(lambda: page.model.batch_at(0) is not None
                    and page.model.batch_at(0).batch_number == 5000, timeout=5000)
    idle(page, qtbot)
    assert page.selected_batch().id == batch_id
    assert page.table.currentIndex().row() == row + 1      # it moved down with the new row
    assert page.table.verticalScrollBar().value() == scroll


def test_a_new_batch_from_another_station_appears_when_it_belongs_in_the_list(
        desktop, qtbot, uow_factory, tz):
    seed(uow_factory, tz, 3)
    page = open_page(desktop, qtbot)
    select(page, qtbot, 1001)
    intake_batches(uow_factory, [batch_item(77, DAY + timedelta(days=2))], tz)
    new_id = scalar(uow_factory.engine, "SELECT id FROM batches WHERE batch_number = 77")
    page.apply_batch_changes([new_id])
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=5000)
    assert page.model.batch_at(0).batch_number == 77
    assert page.selected_batch().batch_number == 1001


def test_a_changed_batch_belongs_in_the_list_exactly_when_the_list_would_show_it(
        uow_factory, tz):
    """The live update asks the repository's own filter, not a copy of it in the view."""
    from mesdesk.services.batches import list_batches
    from mesdesk.services.lookups import changed_batches

    seed(uow_factory, tz, 4, first=10)
    seed(uow_factory, tz, 2, first=20, Номенклатура="Гайка", Смена="2 смена")
    every = [b.id for b in list_batches(uow_factory, BatchFilter()).rows]
    for flt in (BatchFilter(search="гайка"), BatchFilter(search="11"),
                BatchFilter(shift="2 смена"), BatchFilter(is_closed=True),
                BatchFilter(date_from=DAY, date_to=DAY), BatchFilter(work_center="RC-001")):
        server = {b.id for b in list_batches(uow_factory, flt).rows}
        changed = changed_batches(uow_factory, every + [10 ** 9], flt)
        assert changed.listed == server, flt
        assert {b.id for b in changed.batches} == set(every)     # the missing id is dropped


# -- the rest of the window ----------------------------------------------------------------------

def test_open_in_aggregation_asks_for_the_scanning_area(desktop, qtbot, uow_factory, tz):
    batch_id = create_batch(uow_factory, tz, number=1)
    page = open_page(desktop, qtbot)
    select(page, qtbot, 1)
    with qtbot.waitSignal(page.open_in_aggregation) as opened:
        page.batch_actions.aggregation.trigger()
    assert opened.args == [batch_id]
    assert desktop.window.current_area() == "aggregation"


def test_keyboard_shortcuts_and_the_context_menu(desktop, qtbot, uow_factory, tz):
    create_batch(uow_factory, tz, number=1)
    page = open_page(desktop, qtbot)
    select(page, qtbot, 1)
    shortcuts = {action.objectName(): action.shortcut().toString()
                 for action in page.actions()}
    assert shortcuts["newBatch"] == "Ctrl+N" and shortcuts["editBatch"] == "F2"
    assert shortcuts["importFile"] == "Ctrl+O" and shortcuts["refreshBatches"] == "F5"
    assert shortcuts["exportFile"] == "Ctrl+E" and shortcuts["batchReport"] == "Ctrl+P"
    assert shortcuts["closeBatch"] == "Ctrl+W" and shortcuts["addCodes"] == "Ctrl+Shift+V"
    menu = page.context_menu()
    texts = [action.text() for action in menu.actions() if not action.isSeparator()]
    assert texts[:5] == ["Edit", "Close batch", "Reopen", "Add codes", "Open in Aggregation"]
    assert not dict(zip(texts, [a.isEnabled() for a in menu.actions()
                                if not a.isSeparator()]))["Reopen"]
    desktop.window.activateWindow()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    dialog = next(d for d in page._dialogs if d.objectName() == "batchDialog")
    assert dialog.windowTitle().startswith("Edit batch 1 of ")
    dialog.reject()


def test_columns_sort_and_splitters_are_remembered(desktop, qtbot, uow_factory, tz):
    seed(uow_factory, tz, 3)
    page = open_page(desktop, qtbot)
    header = page.table.horizontalHeader()
    header.resizeSection(NOMENCLATURE, 333)
    header.moveSection(header.visualIndex(TEAM), 0)
    header.setSortIndicator(PRODUCTS, Qt.SortOrder.AscendingOrder)
    idle(page, qtbot)
    page.splitter.setSizes([300, 300])
    page.save_layout()
    settings = QSettings()
    assert settings.value("batches/sort") == "products_total"
    assert settings.value("batches/descending") == "false"

    from mesdesk.ui.views.batches.page import BatchesPage

    again = BatchesPage(desktop.backend, desktop.window)
    qtbot.addWidget(again)
    idle(again, qtbot)
    header = again.table.horizontalHeader()
    assert header.sectionSize(NOMENCLATURE) == 333
    assert header.visualIndex(TEAM) == 0
    assert again.model.current_filter.sort == "products_total"
    assert not again.model.current_filter.descending
    assert header.sortIndicatorSection() == PRODUCTS
    again.shutdown()


@pytest.mark.parametrize("column", [NUMBER, RATE])
def test_header_alignment_follows_the_values(desktop, column):
    page = desktop.window.page("batches")
    alignment = page.model.headerData(column, Qt.Orientation.Horizontal,
                                      Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight


def test_the_description_column_cannot_be_sorted_and_says_so(desktop, qtbot, uow_factory, tz):
    from mesdesk.ui.views.batches.model import DESCRIPTION

    seed(uow_factory, tz, 2)
    page = open_page(desktop, qtbot)
    header = page.table.horizontalHeader()
    header.setSortIndicator(DESCRIPTION, Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() != DESCRIPTION
    assert page.model.current_filter.sort == "batch_date"
    assert "cannot be sorted" in desktop.window.statusBar().currentMessage()



def test_codes_from_a_file_are_read_off_the_gui_thread_and_added(desktop, qtbot, uow_factory,
                                                                tz, tmp_path):
    create_batch(uow_factory, tz, number=3)
    page = open_page(desktop, qtbot)
    select(page, qtbot, 3)
    path = tmp_path / "codes.txt"
    path.write_text("\r\n".join(marking_code(n) for n in range(60, 65)) + "\r\n",
                    encoding="utf-8-sig")
    dialog = page.add_codes()
    dialog.add_files([path])
    assert "codes.txt" in dialog.file_label.text()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_label.text() == "Added: 5.", timeout=10000)
    assert not dialog.rejected_view.isVisibleTo(dialog)
    row = row_of(page, 3)
    qtbot.waitUntil(lambda: page.model.data(page.model.index(row, PRODUCTS)) == "5",
                    timeout=5000)


def test_the_import_dialog_imports_the_chosen_file(desktop, qtbot, tmp_path, engine):
    page = open_page(desktop, qtbot)
    path = tmp_path / "batches.json"
    path.write_text(json.dumps([batch_item(31), batch_item(32)], ensure_ascii=False),
                    encoding="utf-8")
    dialog = page.choose_import_file()
    dialog.path.setText(str(path))
    with qtbot.waitSignal(page.sheet_import.finished, timeout=20000) as finished:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].created == 2 and finished.args[0].total_rows == 2
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5000)
    assert scalar(engine, "SELECT count(*) FROM batches") == 2


def test_a_list_that_cannot_load_says_why_and_tries_again(desktop, qtbot, uow_factory, tz,
                                                          monkeypatch):
    from mesdesk.domain import problems as P
    seed(uow_factory, tz, 3)
    use = desktop.backend.use
    real = use.list_batches

    def unreachable(*args, **kwargs):
        raise P.DATABASE_UNREACHABLE(reason="connection refused")

    monkeypatch.setattr(use, "list_batches", unreachable)
    page = desktop.window.page("batches")
    page.model.set_filter(page.model.current_filter, force=True)
    qtbot.waitUntil(lambda: page.message_bar.isVisibleTo(page), timeout=5000)
    assert page.status.message.text() == ("The batches could not be loaded: The database is "
                                        "unreachable (connection refused).")
    assert "could not be loaded" in page.empty.text and "Traceback" not in page.empty.text
    monkeypatch.setattr(use, "list_batches", real)
    qtbot.mouseClick(page.status.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)
    assert not page.message_bar.isVisibleTo(page)
    assert page.empty.text == ""


def test_deep_in_a_long_list_a_change_refreshes_the_rows_on_screen(desktop, qtbot,
                                                                  uow_factory, tz):
    seed(uow_factory, tz, 400)
    page = open_page(desktop, qtbot)
    model = page.model
    model.refresh_limit = 150           # as if the user were past row 20,000
    while model.has_more:
        before = model.rowCount()
        page.table.scrollToBottom()
        qtbot.waitUntil(lambda: model.rowCount() > before or not model.has_more, timeout=5000)
    page.select_row(390)
    batch = page.selected_batch()
    update_batch(uow_factory, batch.id, {"team": "Бригада №9"}, tz)
    page.apply_batch_changes(None)      # anything may have changed: no ids to go by
    qtbot.waitUntil(lambda: model.data(model.index(390, TEAM)) == "Бригада №9", timeout=5000)
    assert model.rowCount() == 400 and page.selected_batch().id == batch.id


def test_dates_and_numbers_follow_the_locale_in_fixed_widths(qapp):
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import QLocale

    from mesdesk.ui.text.formats import Formats

    moscow = ZoneInfo("Europe/Moscow")
    at = datetime(2024, 1, 5, 5, 7, tzinfo=timezone.utc)
    russian = Formats(moscow, QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    assert russian.date(date(2024, 1, 5)) == "05.01.2024"
    assert russian.datetime(at) == "05.01.2024 08:07"      # shown in the production zone
    assert russian.percent(66.7) == "66,7 %"
    assert russian.integer(1234567).replace("\u00a0", " ") == "1 234 567"
    american = Formats(moscow, QLocale(QLocale.Language.English,
                                       QLocale.Country.UnitedStates))
    assert american.date(date(2024, 1, 5)) == "01/05/2024"
    assert len(american.datetime(at)) == len(american.datetime(at.replace(hour=17)))
    iso = Formats(moscow, QLocale.c())
    assert iso.date(date(2024, 1, 5)) == "2024-01-05"


def test_the_selected_batch_stays_selected_across_filters_and_sorts(desktop, qtbot,
                                                                   uow_factory, tz):
    seed(uow_factory, tz, 5, first=100)
    seed(uow_factory, tz, 3, first=200, Номенклатура="Гайка М8")
    page = open_page(desktop, qtbot)
    select(page, qtbot, 201)
    set_filter(page, qtbot, search="гайка")
    qtbot.waitUntil(lambda: page.selected_batch() is not None, timeout=5000)
    assert page.selected_batch().batch_number == 201
    assert page.detail.batch.batch_number == 201
    page.sort_by("batch_number", descending=False)
    idle(page, qtbot)
    qtbot.waitUntil(lambda: page.selected_batch() is not None, timeout=5000)
    assert numbers(page.model) == [200, 201, 202]
    assert page.table.currentIndex().row() == 1
    set_filter(page, qtbot, search="болт")      # 201 is not in this list
    qtbot.waitUntil(lambda: page.detail.batch is None, timeout=5000)
    assert page.selected_batch() is None
    assert page.detail.empty.isVisibleTo(page.detail)
