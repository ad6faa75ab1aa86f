"""What the window offers follows the role of who signs in (issue 15): the areas in the
navigation, the Batches actions, the Jobs area's schedule. The whole app on a real database,
signed in at the gate as each role in turn; the services refuse the rest anyway (their tests
are in tests/integration/test_users.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, QUrl, Qt
from PySide6.QtGui import QDragEnterEvent

from mesdesk.services import users
from mesdesk.services.identity import Identity
from mesdesk.ui.views.jobs.panel import JobsPanel
from mesdesk.ui.views.placeholder import PlaceholderPage
from mesdesk.ui.views.users import UsersPage
from tests.support.batches_page import DAY, open_page, select, seed
from tests.support.identity import sign_in_at_gate

OPERATOR_AREAS = ["batches", "aggregation", "jobs"]
SUPERVISOR_AREAS = ["batches", "aggregation", "analytics", "jobs", "files", "webhooks", "audit"]
ADMINISTRATOR_AREAS = SUPERVISOR_AREAS + ["users", "settings"]


@pytest.fixture
def desktop_overrides() -> dict:
    return {"identity": Identity()}       # nobody signed in: the app starts at the gate


@pytest.fixture
def people(uow_factory):
    users.add_user(uow_factory, "ivanov", role="operator", name="Иванов И.И.", pin="1111")
    users.add_user(uow_factory, "petrov", role="supervisor", pin="2468")


def switch_to(desktop, qtbot, login: str, pin: str) -> None:
    if not desktop.window.gated:
        desktop.gate.lock()
    sign_in_at_gate(desktop, qtbot, login, pin)


def batch_page(desktop, qtbot):
    page = open_page(desktop, qtbot)
    select(page, qtbot, 1000)
    return page


def accepts_a_dropped_sheet(page, tmp_path) -> bool:
    sheet = tmp_path / "batches.csv"
    sheet.write_text("x", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sheet))])
    event = QDragEnterEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    event.ignore()
    page.dragEnterEvent(event)
    return event.isAccepted()


def test_an_operator_is_offered_viewing_adding_codes_and_scanning_only(desktop, people, qtbot,
                                                                       uow_factory, tz,
                                                                       tmp_path):
    seed(uow_factory, tz, 3, day=DAY)
    window = desktop.window
    switch_to(desktop, qtbot, "ivanov", "1111")
    assert window.offered_areas() == OPERATOR_AREAS
    for key in ("analytics", "files", "webhooks", "audit", "users", "settings"):
        assert isinstance(window.page(key), PlaceholderPage), f"{key} was built"
    window.show_area("settings")             # Alt+8 too: an area not offered stays hidden
    assert window.current_area() != "settings"

    page = batch_page(desktop, qtbot)
    actions = page.batch_actions
    assert actions.add_codes.isEnabled() and actions.aggregation.isEnabled()
    assert actions.copy.isEnabled() and actions.refresh.isEnabled()
    for action in (actions.new, actions.edit, actions.close, actions.import_, actions.export,
                   actions.report, actions.compare):
        assert not action.isEnabled(), action.objectName()
    assert actions.edit.toolTip() == "Edit the selected batch (F2)\nNeeds the supervisor role."
    assert actions.import_.toolTip().endswith("\nNeeds the supervisor role.")
    # A double-click does not open the editor either; the status bar says why.
    assert page.edit_batch() is None and page.choose_export() is None
    assert window.statusBar().currentMessage() == "Needs the supervisor role."
    assert not accepts_a_dropped_sheet(page, tmp_path)

    window.show_area("jobs")
    jobs = window.page("jobs")
    assert isinstance(jobs, JobsPanel)
    assert not jobs.tabs.isTabVisible(jobs.tabs.indexOf(jobs.schedule))


def test_the_window_follows_each_sign_in_supervisor_administrator_operator(
        desktop, people, qtbot, uow_factory, tz, tmp_path):
    seed(uow_factory, tz, 3, day=DAY)
    window = desktop.window
    switch_to(desktop, qtbot, "petrov", "2468")
    assert window.offered_areas() == SUPERVISOR_AREAS
    assert window.user_status.text().startswith("petrov (supervisor)")
    page = batch_page(desktop, qtbot)
    actions = page.batch_actions
    for action in (actions.new, actions.edit, actions.close, actions.import_, actions.export,
                   actions.report):
        assert action.isEnabled(), action.objectName()
    assert actions.edit.toolTip() == "Edit the selected batch (F2)"
    assert accepts_a_dropped_sheet(page, tmp_path)
    window.show_area("jobs")
    jobs = window.page("jobs")
    assert jobs.tabs.isTabVisible(jobs.tabs.indexOf(jobs.schedule))
    run = jobs.schedule.run_button
    assert not run.isEnabled() and run.toolTip().endswith("Needs the administrator role.")
    window.show_area("webhooks")
    assert window.current_area() == "webhooks"

    switch_to(desktop, qtbot, "admin", "0000")
    assert window.offered_areas() == ADMINISTRATOR_AREAS
    assert window.current_area() == "webhooks", "the area shown stays when it may"
    window.show_area("users")
    assert window.current_area() == "users" and isinstance(window.page("users"), UsersPage)
    users_page = window.page("users")
    qtbot.waitUntil(lambda: users_page.model.rowCount() == 3, timeout=10000)
    window.show_area("jobs")
    jobs.show_schedule()
    qtbot.waitUntil(lambda: jobs.schedule.model.rowCount() > 0, timeout=10000)
    jobs.schedule.select_task(jobs.schedule.model.task(0).name)
    assert jobs.schedule.run_button.isEnabled()
    assert not jobs.schedule.run_button.toolTip().endswith("role.")

    # The operator after them: the areas they may not use are closed, not merely hidden.
    window.show_area("users")
    switch_to(desktop, qtbot, "ivanov", "1111")
    assert window.offered_areas() == OPERATOR_AREAS
    assert window.current_area() == "batches", "the first area offered"
    assert jobs.tabs.currentWidget() is not jobs.schedule, "the Schedule tab is not offered"
    assert isinstance(window.page("users"), PlaceholderPage)
    assert isinstance(window.page("webhooks"), PlaceholderPage)
    assert isinstance(window.page("audit"), PlaceholderPage)
    assert window.page("batches") is page, "the Batches area stays as it was"
    assert not page.batch_actions.edit.isEnabled()
    assert desktop.errors.shown == [], "no refusal popped up on the way"


def test_what_an_operator_is_not_offered_is_said_in_english_and_russian(
        language, desktop, people, qtbot, uow_factory, tz):
    """(``language`` first: the window is made in it.)"""
    from tests.support.screens import cyrillic, keep_screenshot

    seed(uow_factory, tz, 3, day=DAY)
    window = desktop.window
    switch_to(desktop, qtbot, "ivanov", "1111")
    page = batch_page(desktop, qtbot)
    tip = page.batch_actions.close.toolTip()
    if language == "ru":
        assert tip.endswith("\nНужна роль «мастер».") and cyrillic(tip.split("\n")[0])
    else:
        assert tip.endswith("\nNeeds the supervisor role.")
    keep_screenshot(window, f"roles-operator-window-{language}")
    switch_to(desktop, qtbot, "admin", "0000")
    window.show_area("users")
    users_page = window.page("users")
    qtbot.waitUntil(lambda: users_page.model.rowCount() == 3, timeout=10000)
    keep_screenshot(window, f"roles-administrator-window-{language}")
    window.show_area("settings")
    settings = window.page("settings")
    box = settings.station
    keep_screenshot(box, f"settings-station-{language}")
    if language == "ru":
        assert box.lock_after_spin.suffix() == " мин"
    for label in box.findChildren(type(window.user_status)):
        if label.isVisible() and label.text() and not label.wordWrap():
            assert label.sizeHint().width() <= label.width() + 1, label.text()
