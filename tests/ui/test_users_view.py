"""The Users area (issue 15) as an administrator uses it, on the real app and database:
signed in at the gate as the test database's administrator, with the GUI thread never
running SQL (the ``desktop`` fixture's guard)."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from mesdesk.services import users
from mesdesk.services.identity import Identity
from mesdesk.ui.views.users import UsersPage
from mesdesk.ui.views.users.model import ACTIVE, BADGE, NAME, PIN, ROLE
from tests.support.identity import sign_in_at_gate
from tests.support.keys import KeyClock, scan, type_text
from tests.support.screens import cyrillic, keep_screenshot

WAIT = 10000


@pytest.fixture
def desktop_overrides() -> dict:
    return {"identity": Identity()}       # signed in at the gate, as a person does


@pytest.fixture
def people(uow_factory):
    users.add_user(uow_factory, "ivanov", role="operator", name="Иванов И.И.",
                   badge="BADGE-0042")
    users.add_user(uow_factory, "petrov", role="supervisor", name="Петров П.П.", pin="2468")


@pytest.fixture
def page(desktop, people, qtbot) -> UsersPage:
    sign_in_at_gate(desktop, qtbot)             # admin, PIN 0000
    desktop.window.show_area("users")
    page = desktop.window.page("users")
    assert isinstance(page, UsersPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=WAIT)
    return page


def cell(page: UsersPage, login: str, column: int) -> str:
    for row in range(page.model.rowCount()):
        if page.model.user_at(row).login == login:
            return page.model.index(row, column).data()
    raise AssertionError(f"no row for {login}")


def typed(widget, text: str, qtbot) -> None:
    """Keys as a person types them into ``widget``: one at a time, slower than a scanner
    (the scanner captures hold keys until they know), Cyrillic as key events with their
    text (``qtbot.keyClicks`` refuses non-ASCII)."""
    widget.setFocus()
    widget.clear()
    clock = KeyClock()
    for char in text:
        clock.advance(180)
        before = widget.text()
        type_text(char, clock=clock, gap_ms=0, terminator=None, target=widget)
        qtbot.waitUntil(lambda: widget.text() == before + char, timeout=WAIT)


def gone(dialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_the_table_lists_who_may_sign_in_and_by_what(page, qtmodeltester):
    qtmodeltester.check(page.model)
    assert [page.model.user_at(row).login for row in range(3)] == ["admin", "ivanov", "petrov"]
    assert cell(page, "ivanov", NAME) == "Иванов И.И."
    assert cell(page, "ivanov", ROLE) == "operator"
    assert (cell(page, "ivanov", PIN), cell(page, "ivanov", BADGE)) == ("No", "Yes")
    assert (cell(page, "petrov", PIN), cell(page, "petrov", BADGE)) == ("Yes", "No")
    assert cell(page, "admin", ACTIVE) == "Yes"
    assert page.model.index(0, NAME).data(Qt.ItemDataRole.ToolTipRole) == \
        "You are signed in as this user."


def test_an_administrator_adds_a_user_with_a_typed_name_and_a_scanned_badge(page, qtbot,
                                                                             uow_factory):
    dialog = page.new_user()
    qtbot.waitExposed(dialog)
    editors = dialog.editors
    typed(editors["login"], "sidorov", qtbot)
    typed(editors["name"], "Сидоров С.С.", qtbot)
    editors["role"].setCurrentIndex(editors["role"].findData("supervisor"))
    editors["pin"].setText("13579")
    editors["login"].setFocus()
    scan("BADGE-7777", clock=KeyClock())        # wherever the focus is
    qtbot.waitUntil(lambda: editors["badge"].text() == "BADGE-7777", timeout=WAIT)
    assert editors["login"].text() == "sidorov", "the scan went to the badge, nowhere else"
    assert dialog.isVisible(), "the scan's Enter did not press Create"
    assert dialog.note.text() == "The badge was scanned."
    keep_screenshot(dialog, "users-new-user-filled-en")
    save(dialog)
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=WAIT)
    assert cell(page, "sidorov", NAME) == "Сидоров С.С."
    assert cell(page, "sidorov", ROLE) == "supervisor"
    assert (cell(page, "sidorov", PIN), cell(page, "sidorov", BADGE)) == ("Yes", "Yes")
    assert page.selected_user().login == "sidorov"
    assert page.notice.text() == "Сидоров С.С. was added."
    assert users.sign_in_badge(uow_factory, "BADGE-7777").login == "sidorov"
    assert users.sign_in_pin(uow_factory, "sidorov", "13579").role == "supervisor"


def test_what_the_service_refuses_is_said_next_to_its_field(page, qtbot):
    dialog = page.new_user()
    editors = dialog.editors
    save(dialog)                                  # nothing typed: the checks of the domain
    assert dialog.field_error("login").startswith("A login is 1 to 64 Latin letters")
    editors["login"].setText("ivanov")
    editors["pin"].setText("12")
    save(dialog)
    assert dialog.field_error("pin") == "A PIN is 4 to 12 digits."
    editors["pin"].setText("")
    save(dialog)
    assert dialog.field_error("pin") == "Give the user a badge, a PIN or both."
    editors["pin"].setText("1234")
    save(dialog)                                  # the service: the login is taken
    qtbot.waitUntil(lambda: dialog.field_error("login") != "", timeout=WAIT)
    assert dialog.field_error("login") == "There is a user 'ivanov' already."
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    editors["login"].setText("kozlov")
    editors["badge"].setText("BADGE-0042")        # typed: ivanov's badge
    save(dialog)
    qtbot.waitUntil(lambda: dialog.field_error("badge") != "", timeout=WAIT)
    assert dialog.field_error("badge") == "This badge belongs to 'ivanov' already."
    assert page.model.rowCount() == 3, "nothing was added"


def test_a_role_and_the_active_state_change_but_nobody_deactivates_themselves(
        page, qtbot, desktop):
    assert page.select_user("admin")
    dialog = page.edit_user()
    assert dialog.editors["login"].text() == "admin"
    dialog.editors["is_active"].setChecked(False)
    save(dialog)
    qtbot.waitUntil(lambda: dialog.field_error("is_active") != "", timeout=WAIT)
    assert dialog.field_error("is_active") == \
        "You cannot deactivate yourself ('admin'): another administrator can."
    dialog.editors["is_active"].setChecked(True)
    dialog.editors["role"].setCurrentIndex(dialog.editors["role"].findData("supervisor"))
    save(dialog)
    qtbot.waitUntil(lambda: dialog.field_error("role") != "", timeout=WAIT)
    assert dialog.field_error("role").startswith("'admin' is the last active administrator")
    dialog.reject()

    assert page.select_user("petrov")
    dialog = page.edit_user()
    dialog.editors["role"].setCurrentIndex(dialog.editors["role"].findData("administrator"))
    dialog.editors["is_active"].setChecked(False)
    save(dialog)
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT)
    qtbot.waitUntil(lambda: cell(page, "petrov", ACTIVE) == "No", timeout=WAIT)
    assert cell(page, "petrov", ROLE) == "administrator"
    assert page.notice.text() == "Петров П.П. was saved."
    assert page.model.index(2, NAME).data(Qt.ItemDataRole.ToolTipRole) == \
        "Inactive: may not sign in."
    assert desktop.errors.shown == []


def test_the_signed_in_administrators_own_name_follows_in_the_status_bar(page, qtbot,
                                                                          desktop):
    page.select_user("admin")
    dialog = page.edit_user()
    typed(dialog.editors["name"], "Главный Администратор", qtbot)
    save(dialog)
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT)
    assert desktop.window.user_status.text().startswith("Главный Администратор (administrator)")
    assert desktop.backend.runtime.identity.user.name == "Главный Администратор"


def test_a_new_pin_a_new_badge_and_a_badge_taken_away(page, qtbot, uow_factory):
    page.select_user("ivanov")
    assert page.pin_action.isEnabled() and page.remove_badge_action.isEnabled()
    dialog = page.set_pin()
    save(dialog)
    assert dialog.field_error("pin") == "A PIN is 4 to 12 digits."
    dialog.editors["pin"].setText("97531")
    save(dialog)
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT)
    qtbot.waitUntil(lambda: cell(page, "ivanov", PIN) == "Yes", timeout=WAIT)
    assert users.sign_in_pin(uow_factory, "ivanov", "97531").login == "ivanov"

    page.select_user("petrov")
    assert not page.remove_badge_action.isEnabled(), "petrov has no badge"
    dialog = page.set_badge()
    qtbot.waitExposed(dialog)
    scan("BADGE-0042", clock=KeyClock(), target=dialog.editors["badge"])   # ivanov's
    qtbot.waitUntil(lambda: dialog.editors["badge"].text() == "BADGE-0042", timeout=WAIT)
    save(dialog)
    qtbot.waitUntil(lambda: dialog.field_error("badge") != "", timeout=WAIT)
    assert dialog.field_error("badge") == "This badge belongs to 'ivanov' already."
    scan("BADGE-5555", clock=KeyClock(), target=dialog.editors["badge"])
    qtbot.waitUntil(lambda: dialog.editors["badge"].text() == "BADGE-5555", timeout=WAIT)
    assert dialog.field_error("badge") == ""
    save(dialog)
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT)
    qtbot.waitUntil(lambda: cell(page, "petrov", BADGE) == "Yes", timeout=WAIT)
    assert users.sign_in_badge(uow_factory, "BADGE-5555").login == "petrov"

    page.select_user("petrov")
    box = page.remove_badge()
    assert box is not None and "Петров П.П." in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: cell(page, "petrov", BADGE) == "No", timeout=WAIT)
    # ivanov has a PIN now, and a badge: without the badge he still signs in
    page.select_user("ivanov")
    users.update_user(uow_factory, "ivanov", {"pin": None})   # elsewhere: the PIN goes
    page.refresh()
    qtbot.waitUntil(lambda: cell(page, "ivanov", PIN) == "No", timeout=WAIT)
    page.select_user("ivanov")
    box = page.remove_badge()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: page.notice.text() != "", timeout=WAIT)
    assert page.notice.text() == "Give the user a badge, a PIN or both."
    assert cell(page, "ivanov", BADGE) == "Yes"


def test_the_users_area_in_english_and_russian(page, qtbot, desktop, language, uow_factory):
    users.add_user(uow_factory, "sidorov", role="administrator", name="Сидоров С.С.",
                   pin="1357", badge="BADGE-9999")
    users.update_user(uow_factory, "petrov", {"is_active": False})
    fresh = UsersPage(desktop.backend)         # built in the language shown
    qtbot.addWidget(fresh)
    fresh.resize(1100, 420)
    fresh.show()
    qtbot.waitUntil(lambda: fresh.model.rowCount() == 4, timeout=WAIT)
    fresh.select_user("ivanov")
    keep_screenshot(fresh, f"users-page-{language}")
    shots = [fresh.new_user(), fresh.edit_user(), fresh.set_pin(), fresh.set_badge()]
    names = ["new-user", "edit-user", "new-pin", "new-badge"]
    for dialog, name in zip(shots, names):
        qtbot.waitExposed(dialog)
        keep_screenshot(dialog, f"users-{name}-{language}")
        for label in dialog.findChildren(type(fresh.notice)):
            if label.isVisible() and label.text() and not label.wordWrap():
                assert label.sizeHint().width() <= label.width() + 1, label.text()
        if name == "new-user":                  # refused as typed: said next to the fields
            dialog.editors["login"].setText("Иванов")
            dialog.editors["pin"].setText("12")
            save(dialog)
            assert dialog.field_error("login") and dialog.field_error("pin")
            if language == "ru":
                assert cyrillic(dialog.field_error("login")), dialog.field_error("login")
                assert cyrillic(dialog.field_error("pin"))
            dialog.adjustSize()
            keep_screenshot(dialog, f"users-new-user-refused-{language}")
        dialog.reject()
    header = [fresh.model.headerData(column, Qt.Orientation.Horizontal)
              for column in range(fresh.model.columnCount())]
    if language == "ru":
        assert all(cyrillic(text) for text in header if text != "PIN"), header
        assert cyrillic(fresh.toolbar.actions()[0].text())
        assert cell(fresh, "ivanov", ROLE) == "оператор"
    fresh.shutdown()
    QApplication.processEvents()


def test_an_administrator_who_gives_up_the_role_is_offered_a_supervisors_areas_at_once(
        page, qtbot, desktop, uow_factory):
    users.add_user(uow_factory, "chief", role="administrator", pin="2222")   # elsewhere
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=WAIT)     # announced
    page.select_user("admin")
    dialog = page.edit_user()
    dialog.editors["role"].setCurrentIndex(dialog.editors["role"].findData("supervisor"))
    save(dialog)
    window = desktop.window
    qtbot.waitUntil(lambda: "users" not in window.offered_areas(), timeout=WAIT)
    assert "settings" not in window.offered_areas()
    assert window.current_area() == "batches"
    assert desktop.backend.runtime.identity.role.label == "supervisor"
    assert window.user_status.text().startswith("admin (supervisor)")
    assert not isinstance(window.page("users"), UsersPage), "closed, not kept behind"
    assert desktop.errors.shown == []
