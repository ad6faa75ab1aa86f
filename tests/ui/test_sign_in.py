"""Signing in and locking the station (issue 15): the whole app on a real database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest

from mesdesk.services import users
from mesdesk.services.identity import Identity
from mesdesk.ui.main_window import AREAS
from tests.support.identity import sign_in_at_gate
from tests.support.keys import KeyClock, scan, type_text
from tests.support.screens import cyrillic, keep_screenshot


@pytest.fixture
def desktop_overrides() -> dict:
    return {"identity": Identity()}       # nobody signed in: the app starts at the gate


@pytest.fixture
def people(uow_factory):
    users.add_user(uow_factory, "ivanov", role="operator", name="Иванов И.И.",
                   badge="BADGE-0042")
    users.add_user(uow_factory, "petrov", role="supervisor", pin="2468")


def test_the_app_starts_at_the_sign_in_screen_and_a_badge_opens_it(desktop, people, qtbot):
    window, gate = desktop.window, desktop.gate
    assert window.gated and window.user_status.text() == "Locked"
    gate.screen.login.setFocus()
    scan("BADGE-0042", clock=KeyClock())
    qtbot.waitUntil(lambda: not window.gated, timeout=10000)
    identity = desktop.backend.runtime.identity
    assert identity.login == "ivanov"
    assert desktop.backend.aggregated_by.endswith("/ ivanov")
    assert window.user_status.text().startswith("Иванов И.И. (operator)")
    assert gate.screen.login.text() == "", "the badge did not land in the login field"


def test_a_wrong_pin_is_said_and_the_right_one_signs_in(desktop, people, qtbot):
    window, screen = desktop.window, desktop.gate.screen
    screen.login.setText("petrov")
    screen.pin.setText("1357")
    QTest.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.message.text() != "", timeout=10000)
    assert screen.message.text() == "Wrong PIN for 'petrov'."
    assert window.gated and screen.pin.text() == "" and screen.button.isEnabled()
    screen.pin.setText("2468")
    QTest.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.gated, timeout=10000)
    assert desktop.backend.runtime.identity.login == "petrov"


def test_an_unknown_badge_is_refused_on_the_screen(desktop, people, qtbot):
    desktop.gate.screen.login.setFocus()
    scan("BADGE-9999", clock=KeyClock())
    screen = desktop.gate.screen
    qtbot.waitUntil(lambda: screen.message.text() != "", timeout=10000)
    assert screen.message.text() == "This badge belongs to no active user."
    assert desktop.window.gated


def test_ctrl_l_locks_and_the_next_operator_signs_in_by_badge(desktop, people, qtbot):
    window, screen = desktop.window, desktop.gate.screen
    screen.login.setText("petrov")
    screen.pin.setText("2468")
    QTest.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.gated, timeout=10000)
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.gated and desktop.backend.runtime.identity.user is None
    assert "petrov locked this station" in screen.reason.text()
    screen.login.setFocus()
    scan("BADGE-0042", clock=KeyClock())
    qtbot.waitUntil(lambda: not window.gated, timeout=10000)
    assert desktop.backend.runtime.identity.login == "ivanov"


def test_after_a_lock_a_typed_login_reaches_the_sign_in_screen(desktop, people, qtbot):
    """Two scanner captures are installed now (the Aggregation screen's and the sign-in
    screen's): a typed key must not go back and forth between them."""
    sign_in_at_gate(desktop, qtbot, "petrov", "2468")
    desktop.gate.lock()
    login = desktop.gate.screen.login
    login.setFocus()
    clock = KeyClock()
    for char in "petrov":
        clock.advance(180)                      # a person's pace, not a scanner's
        before = login.text()
        type_text(char, clock=clock, gap_ms=0, terminator=None, target=login)
        qtbot.waitUntil(lambda: login.text() == before + char, timeout=5000)
    assert desktop.window.gated


def test_ctrl_l_locks_from_any_page_and_no_page_action_takes_the_key(desktop, people, qtbot):
    window, screen = desktop.window, desktop.gate.screen
    screen.login.setText("petrov")
    screen.pin.setText("2468")
    QTest.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.gated, timeout=10000)
    lock = QKeySequence("Ctrl+L")
    for key in AREAS:
        page = window.page(key)
        taken = [action.objectName() for action in page.findChildren(QAction)
                 if lock in action.shortcuts()]
        assert taken == [], f"{key}: {taken} would make Ctrl+L ambiguous"
    window.show_area("batches")
    window.page("batches").table.setFocus()
    QTest.keyClick(window.page("batches").table, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.gated, "Ctrl+L in the Batches list locks the station"


def test_the_station_locks_when_left_idle(desktop, people, qtbot):
    window, screen = desktop.window, desktop.gate.screen
    desktop.gate.set_lock_after(1)
    screen.login.setText("petrov")
    screen.pin.setText("2468")
    QTest.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.gated, timeout=10000)
    assert desktop.gate._idle.isActive() and desktop.gate._idle.interval() == 60_000
    desktop.gate._idle.setInterval(50)      # a minute is long for a test: the same timer
    desktop.gate._idle.start()
    qtbot.waitUntil(lambda: window.gated, timeout=5000)
    assert desktop.backend.runtime.identity.user is None


def test_the_sign_in_screen_in_english_and_russian(desktop, people, qtbot, language):
    from mesdesk.ui.views.signin.screen import SignInScreen

    screen = SignInScreen("line-1")
    qtbot.addWidget(screen)
    screen.resize(900, 600)
    screen.show_locked_by("Иванов И.И.")
    screen.show_refusal("wrong PIN" if language == "en" else "неверный PIN-код")
    screen.show()
    qtbot.waitExposed(screen)
    if language == "ru":
        assert cyrillic(screen.title.text()) and cyrillic(screen.hint.text())
        assert cyrillic(screen.button.text()) and cyrillic(screen.reason.text())
    else:
        assert screen.title.text() == "Sign in to MESDesk"
    keep_screenshot(screen, f"sign-in-{language}")


def test_the_locked_window_says_who_locked_it_in_english_and_russian(language, desktop, people,
                                                                     qtbot):
    window, screen = desktop.window, desktop.gate.screen
    screen.login.setText("petrov")
    screen.pin.setText("2468")
    QTest.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.gated, timeout=10000)
    window.resize(1280, 720)
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.gated
    for label in (window.database_status, window.worker_status, window.offline_status,
                  window.jobs_status):
        assert label.width() >= label.sizeHint().width(), f"clipped: {label.text()}"
    if language == "ru":
        assert "petrov" in screen.reason.text() and cyrillic(screen.reason.text())
        assert cyrillic(screen.title.text()) and cyrillic(screen.button.text())
        assert window.user_status.text() == "Заблокировано"
    else:
        assert "petrov locked this station" in screen.reason.text()
        assert window.user_status.text() == "Locked"
    keep_screenshot(window, f"locked-{language}")


def test_the_first_start_says_the_first_administrators_pin_once(qtbot, tmp_path, monkeypatch,
                                                                engine, migrated_url):
    from sqlalchemy import text

    from mesdesk.config import load_settings
    from mesdesk.ui.app import DesktopApp

    with engine.begin() as connection:
        connection.execute(text("DELETE FROM users"))       # a new database
    monkeypatch.setenv("MESDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MESDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MESDESK_RUN_SCHEDULED_JOBS", "0")
    app = DesktopApp(load_settings(database_url=migrated_url))
    qtbot.addWidget(app.window)
    app.start()
    try:
        qtbot.waitUntil(lambda: app.gate is not None and app.gate.first_start_box is not None,
                        timeout=30000)
        said = app.gate.first_start_box.text()
        assert "administrator “admin” with the PIN" in said and "shown only now" in said
        pin = said.split("with the PIN ")[1][:6]
        keep_screenshot(app.window, "first-start-en")
        app.gate.first_start_box.accept()
        assert app.gate.screen.login.text() == "admin"
        app.gate.screen.pin.setText(pin)
        app.gate.screen.button.click()
        qtbot.waitUntil(lambda: not app.window.gated, timeout=10000)
        assert app.backend.runtime.identity.login == "admin"
    finally:
        app.shutdown()
