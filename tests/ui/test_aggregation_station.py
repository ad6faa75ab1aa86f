"""The scanning station (SPEC §4, §5) in the whole desktop app, on a real PostgreSQL: scans
typed as a keyboard-wedge scanner types them, each verdict with its words, colour and sound,
no scan in a text field, live counters, the offline journal across a stopped server and a
crash, and an operator who never touches the mouse."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from mesdesk.adapters.journal import SqliteScanJournal
from mesdesk.services.aggregation import aggregate_scan
from mesdesk.services.batches import close_batch
from mesdesk.ui.views.aggregation.bulk import BulkAggregationDialog
from mesdesk.ui.text.scans import look
from tests.support.db import scalar
from tests.support.factories import create_batch, identity_of, marking_code
from tests.support.identity import sign_in_at_gate
from tests.support.keys import KeyClock, scan, send_key, type_text

CODES = [marking_code(seed) for seed in range(1, 4)]


@pytest.fixture
def clock() -> KeyClock:
    return KeyClock()


@pytest.fixture
def batch_id(uow_factory, tz) -> int:
    return create_batch(uow_factory, tz, number=501, codes=CODES, Номенклатура="Вода 0,5 л")


def station_page(desktop, qtbot, batch_id: int | None = None):
    page = desktop.window.page("aggregation")
    desktop.window.show_area("aggregation")
    if batch_id is not None:
        page.choose_batch(batch_id)
        qtbot.waitUntil(lambda: "501" in page.header.number.text(), timeout=5000)
    return page


def wait_verdict(qtbot, page, verdict: str, timeout: int = 5000) -> None:
    qtbot.waitUntil(lambda: page.verdict.verdict == verdict, timeout=timeout)


def played(page) -> list[str]:
    sounds: list[str] = []
    page.sounds.played.connect(sounds.append)
    return sounds


# -- verdicts ---------------------------------------------------------------------------------

def test_an_accepted_scan_is_shown_large_green_with_its_sound_and_counted(
        desktop, qtbot, batch_id, clock, engine):
    page = station_page(desktop, qtbot, batch_id)
    sounds = played(page)
    assert page.header.aggregated.text() == "0 of 3"
    scan(CODES[0], clock=clock)
    wait_verdict(qtbot, page, "accepted")
    assert page.verdict.title.text() == "Accepted"
    assert identity_of(CODES[0]) in page.verdict.code.text()
    assert "⟨GS⟩91EE10" in page.verdict.code.text()          # GS kept, made visible
    assert look("accepted").background in page.verdict.styleSheet()
    assert sounds == ["accepted"]
    assert page.recent_model.rowCount() == 1
    assert page.recent_model.row(0).verdict == "accepted"
    qtbot.waitUntil(lambda: page.header.aggregated.text() == "1 of 3", timeout=5000)
    assert page.header.remaining.text() == "2"
    assert scalar(engine, "SELECT count(*) FROM products WHERE is_aggregated") == 1


@pytest.mark.parametrize("terminator", ["enter", "tab"])
def test_scans_end_with_enter_or_tab(desktop, qtbot, batch_id, clock, terminator):
    page = station_page(desktop, qtbot, batch_id)
    scan(CODES[1], clock=clock, terminator=terminator)
    wait_verdict(qtbot, page, "accepted")


def test_each_verdict_has_its_words_colour_and_sound(desktop, qtbot, batch_id, clock,
                                                      uow_factory, tz):
    other = create_batch(uow_factory, tz, number=777, day=date(2024, 2, 1),
                         codes=[marking_code(50)])
    aggregate_scan(uow_factory, batch_id, CODES[2], by="station 2")
    page = station_page(desktop, qtbot, batch_id)
    sounds = played(page)
    cases = [
        (CODES[2], "already_aggregated", "Already aggregated", "already used at"),
        (marking_code(50), "other_batch", "Another batch", "No. 777"),
        (marking_code(99), "not_found", "Code not found", "No product has this unique code"),
        ("HELLO-WORLD-12345", "not_found", "Code not found", ""),   # opaque codes are legal
        ("01" + "4" * 14 + "21ABC", "bad_format", "Not a valid code",
         "GTIN 44444444444444 has a wrong check digit (expected 2)."),
        ("0146004399", "bad_format", "Not a valid code",          # a scan cut short
         "The code ends inside the GTIN (AI 01): 8 of its 14 digits arrived."),
        ("ҐҐҐҐҐҐҐҐҐҐ", "layout", "Wrong keyboard layout", "keyboard layout"),
    ]
    for code, verdict, title, detail in cases:
        before = page.verdict.sequence
        type_text(code, clock=clock)
        qtbot.waitUntil(lambda: page.verdict.sequence > before, timeout=5000)
        assert page.verdict.verdict == verdict, code
        assert page.verdict.title.text() == title
        assert detail in page.verdict.detail.text()
        assert look(verdict).background in page.verdict.styleSheet()
        if code.endswith("21ABC"):       # the parser's exact words for a technician
            assert "wrong check digit" in page.verdict.toolTip()
    assert sounds == ["already", "other_batch", "error", "error", "error", "error", "error"]
    assert other != batch_id
    # the closed batch refuses
    close_batch(uow_factory, batch_id, tz)
    qtbot.waitUntil(lambda: page.header.closed_note.isVisible(), timeout=5000)
    scan(CODES[0], clock=clock)
    wait_verdict(qtbot, page, "batch_closed")
    assert page.verdict.detail.text() == "The batch is closed: nothing can be aggregated into it."
    assert [page.recent_model.row(i).verdict for i in range(3)] == [
        "batch_closed", "layout", "bad_format"]


def test_a_repeat_within_the_window_is_ignored_silently(desktop, qtbot, batch_id, clock,
                                                        engine):
    page = station_page(desktop, qtbot, batch_id)
    sounds = played(page)
    scan(CODES[0], clock=clock)
    scan(CODES[0], clock=clock)        # the scanner read the label twice
    scan(CODES[1], clock=clock)
    qtbot.waitUntil(lambda: page.recent_model.rowCount() == 2, timeout=5000)
    wait_verdict(qtbot, page, "accepted")
    assert sounds == ["accepted", "accepted"]
    assert [row.code for row in page.recent_model.rows()] == [CODES[1], CODES[0]]


def test_a_russian_layout_scan_is_repaired(desktop, qtbot, batch_id, clock):
    page = station_page(desktop, qtbot, batch_id)
    russian = CODES[0].translate(str.maketrans("SAEQ", "ЫФУЙ"))    # same keys, Russian layout
    assert russian != CODES[0]
    type_text(russian, clock=clock)
    wait_verdict(qtbot, page, "accepted")
    assert identity_of(CODES[0]) in page.verdict.code.text()


# -- where scans go ---------------------------------------------------------------------------

def test_a_scan_never_lands_in_a_text_field(desktop, qtbot, batch_id, clock):
    page = station_page(desktop, qtbot, batch_id)
    page.manual.setFocus()
    qtbot.waitUntil(lambda: page.manual.hasFocus(), timeout=2000)
    scan(CODES[0], clock=clock)
    wait_verdict(qtbot, page, "accepted")
    assert page.manual.text() == ""
    # on another area: the search field stays empty and the station comes to the front
    desktop.window.show_area("batches")
    search = desktop.window.page("batches").findChild(QLineEdit, "search")
    search = search or desktop.window.page("batches").findChildren(QLineEdit)[0]
    search.setFocus()
    qtbot.waitUntil(lambda: search.hasFocus(), timeout=2000)
    scan(CODES[1], clock=clock, target=search)
    qtbot.waitUntil(lambda: page.recent_model.rowCount() == 2, timeout=5000)
    assert search.text() == ""
    assert desktop.window.current_area() == "aggregation"


def test_human_typing_reaches_the_manual_field_and_is_aggregated(desktop, qtbot, batch_id,
                                                                  clock):
    page = station_page(desktop, qtbot, batch_id)
    page.manual.setFocus()
    qtbot.waitUntil(lambda: page.manual.hasFocus(), timeout=2000)
    typed = identity_of(CODES[2])          # no GS: the parser restores it
    for char in typed:
        clock.advance(180)
        before = page.manual.text()
        type_text(char, clock=clock, gap_ms=0, terminator=None, target=page.manual)
        qtbot.waitUntil(lambda: page.manual.text() == before + char, timeout=2000)
    send_key(page.manual, int(Qt.Key.Key_Return), "\r", Qt.KeyboardModifier.NoModifier,
             clock.advance(200))
    wait_verdict(qtbot, page, "accepted")
    assert page.manual.text() == ""
    assert page.recent_model.row(0).code.startswith(typed)


def test_without_a_batch_a_scan_is_refused_out_loud(desktop, qtbot, batch_id, clock):
    page = station_page(desktop, qtbot)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.chooser, timeout=2000)
    sounds = played(page)
    scan(CODES[0], clock=clock)
    qtbot.waitUntil(lambda: sounds == ["error"], timeout=2000)
    assert "Choose a batch first" in page.chooser.alert.text()
    assert page.chooser.alert.isVisible()
    assert page.chooser.search.text() == ""


def test_a_scan_while_a_dialog_is_open_is_kept_and_decided_when_it_closes(
        desktop, qtbot, batch_id, clock, engine):
    page = station_page(desktop, qtbot, batch_id)
    box = QMessageBox(QMessageBox.Icon.Information, "Note", "A dialog", parent=desktop.window)
    box.open()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is box, timeout=2000)
    scan(CODES[0], clock=clock, target=box)
    wait_verdict(qtbot, page, "pending")
    assert "kept until the dialog is closed" in page.banner.text()
    assert scalar(engine, "SELECT count(*) FROM products WHERE is_aggregated") == 0
    box.accept()
    wait_verdict(qtbot, page, "accepted")
    assert page.recent_model.row(0).verdict == "accepted"
    assert scalar(engine, "SELECT count(*) FROM products WHERE is_aggregated") == 1


# -- live counters ----------------------------------------------------------------------------

def test_counters_follow_another_station(desktop, qtbot, batch_id, uow_factory):
    page = station_page(desktop, qtbot, batch_id)
    qtbot.waitUntil(lambda: desktop.changes.state == "connected", timeout=5000)
    aggregate_scan(uow_factory, batch_id, CODES[0], by="station 2")
    aggregate_scan(uow_factory, batch_id, CODES[1], by="station 2")
    qtbot.waitUntil(lambda: page.header.aggregated.text() == "2 of 3", timeout=3000)
    assert page.header.remaining.text() == "1"
    assert page.header.progress.value() == 2


# -- offline ----------------------------------------------------------------------------------

def test_offline_100_scans_are_kept_and_all_get_their_verdict_once(
        desktop, qtbot, uow_factory, tz, clock, postgres, engine):
    codes = [marking_code(1000 + seed) for seed in range(100)]
    batch = create_batch(uow_factory, tz, number=501, codes=codes)
    page = station_page(desktop, qtbot, batch)
    page.REPLAY_INTERVAL_MS = 200
    page._replay_timer.setInterval(200)
    engine.dispose()
    postgres.stop()
    try:
        for code in codes:
            scan(code, clock=clock)
        qtbot.waitUntil(lambda: page.recent_model.rowCount() == 100, timeout=30000)
        assert {row.verdict for row in page.recent_model.rows()} == {"pending"}
        qtbot.waitUntil(lambda: "100 scans are kept on this station" in page.banner.text(),
                        timeout=5000)
        assert page.banner.isVisible()
    finally:
        postgres.start()
    qtbot.waitUntil(lambda: {row.verdict for row in page.recent_model.rows()} == {"accepted"},
                    timeout=30000)
    assert page.recent_model.rowCount() == 100
    assert "100 kept scans got their verdicts." in page.banner.text()
    assert scalar(engine, "SELECT count(*) FROM products WHERE is_aggregated") == 100
    assert scalar(engine, "SELECT count(*) FROM outbox_events "
                          "WHERE type = 'product_aggregated'") == 100
    assert scalar(engine, "SELECT products_aggregated FROM batches WHERE id = :id",
                  id=batch) == 100
    assert desktop.backend.runtime.journal.pending_count() == 0
    qtbot.waitUntil(lambda: page.header.aggregated.text() == "100 of 100", timeout=5000)


def test_a_restart_after_a_crash_replays_the_journal(qtbot, tmp_path, monkeypatch, uow_factory,
                                                     tz, migrated_url, engine, batch_id):
    """Scans journaled by a station that died before deciding them are decided at start."""
    from mesdesk.config import load_settings
    from mesdesk.ui.app import DesktopApp

    monkeypatch.setenv("MESDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MESDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MESDESK_TIMEZONE", "Asia/Yekaterinburg")
    settings = load_settings(database_url=migrated_url)
    journal = SqliteScanJournal(settings.journal_path)
    for code in CODES[:2]:
        journal.append(batch_id, code, "wedge")       # journaled, then the power went
    journal.close()
    QSettings().setValue("aggregation/batch_id", batch_id)

    app = DesktopApp(settings)
    qtbot.addWidget(app.window)
    app.start()
    try:
        qtbot.waitUntil(lambda: app.backend is not None, timeout=30000)
        sign_in_at_gate(app, qtbot)
        page = app.window.page("aggregation")
        qtbot.waitUntil(lambda: [r.verdict for r in page.recent_model.rows()] ==
                        ["accepted", "accepted"], timeout=10000)
        assert "2 kept scans got their verdicts." in page.banner.text()
        assert scalar(engine, "SELECT count(*) FROM products WHERE is_aggregated") == 2
        qtbot.waitUntil(lambda: page.header.aggregated.text() == "2 of 3", timeout=5000)
    finally:
        app.shutdown()


# -- keyboard only ----------------------------------------------------------------------------

def test_an_operator_needs_no_mouse(desktop, qtbot, batch_id, uow_factory, tz, clock, engine):
    create_batch(uow_factory, tz, number=502, codes=[marking_code(60)])
    page = station_page(desktop, qtbot)
    qtbot.waitUntil(lambda: page.chooser.search.hasFocus(), timeout=3000)
    qtbot.waitUntil(lambda: len(page.chooser.batch_ids()) == 2, timeout=5000)
    qtbot.keyClicks(page.chooser.search, "501")
    qtbot.waitUntil(lambda: page.chooser.search.text() == "501", timeout=2000)
    qtbot.waitUntil(lambda: page.chooser.batch_ids() == [batch_id], timeout=5000)
    qtbot.keyClick(page.chooser.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.batch_id == batch_id, timeout=3000)
    qtbot.waitUntil(lambda: "501" in page.header.number.text(), timeout=5000)

    qtbot.keyClick(page, Qt.Key.Key_F3)                     # a code from a damaged label
    assert page.manual.hasFocus()
    page.manual.setText(identity_of(CODES[0]))
    qtbot.keyClick(page.manual, Qt.Key.Key_Return)
    wait_verdict(qtbot, page, "accepted")

    qtbot.keyClick(page, Qt.Key.Key_F9)                     # diagnostics
    assert page.diagnostics.isVisible()
    assert "typed by hand" in page.diagnostics.text

    qtbot.keyClick(page, Qt.Key.Key_F2)                     # back to the chooser
    assert page.stack.currentWidget() is page.chooser
    qtbot.waitUntil(lambda: page.chooser.search.hasFocus(), timeout=3000)


def test_diagnostics_show_the_raw_scan_timing_and_layout(desktop, qtbot, batch_id, clock):
    page = station_page(desktop, qtbot, batch_id)
    page.set_diagnostics_visible(True)
    scan(CODES[0], clock=clock)
    wait_verdict(qtbot, page, "accepted")
    text = page.diagnostics.text
    assert "keyboard wedge" in text and "terminator enter" in text and "Latin" in text
    assert "⟨GS⟩91EE10⟨GS⟩92" in text
    assert f"{len(CODES[0]) + 1} keys" in text        # the characters and Enter


def test_bulk_aggregation_from_the_screen(desktop, qtbot, batch_id, clock, engine):
    page = station_page(desktop, qtbot, batch_id)
    qtbot.keyClick(page, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(),
                                                BulkAggregationDialog),
                    timeout=3000)
    dialog = QApplication.activeModalWidget()
    dialog.editor.setPlainText("\n".join([CODES[0], marking_code(99)]))
    scan(CODES[1], clock=clock, target=dialog.editor)       # a scan goes into the list
    assert dialog.codes() == [CODES[0], marking_code(99), CODES[1]]
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10000)
    assert dialog.summary.text() == "2 of 3 codes aggregated, 1 failed."
    assert dialog.errors.model().row_texts(0)[1] == "Unique code not found."
    dialog.reject()
    qtbot.waitUntil(lambda: page.header.aggregated.text() == "2 of 3", timeout=5000)
    assert scalar(engine, "SELECT count(*) FROM products WHERE is_aggregated") == 2



def test_a_chosen_batch_that_was_deleted_sends_the_operator_back_to_the_chooser(
        desktop, qtbot, batch_id):
    page = station_page(desktop, qtbot, batch_id)
    page.choose_batch(batch_id + 1000)             # gone (another station, a purge)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.chooser, timeout=5000)
    assert "no longer exists" in page.chooser.alert.text()
    assert page.chooser.alert.isVisible()
    assert page.batch_id is None
