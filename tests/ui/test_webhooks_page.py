"""The Webhooks area (SPEC §6) driven as a supervisor drives it: the whole app on a real
PostgreSQL, its in-app dispatcher sending to real HTTP receivers on 127.0.0.1, and the GUI
thread never running SQL (the ``desktop`` fixture's guard)."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import text

from mesdesk.domain.webhooks import gone_problem, gone_reason
from mesdesk.services.webhooks import (
    add_subscription, list_deliveries, list_subscriptions, send_test_event,
)
from mesdesk.ui.views.webhooks import WebhooksPage
from mesdesk.ui.views.webhooks.models import (
    A_RESPONSE, A_STATUS, AttemptsModel, D_ATTEMPTS, D_ERROR, D_EVENT, D_HTTP, D_STATUS, D_URL,
    S_EVENTS, S_FAILURES, S_LAST_SUCCESS, S_PROBLEM, S_STATE, S_URL,
    SubscriptionsModel,
)
from tests.support.db import scalar
from tests.support.factories import create_batch
from tests.support.receivers import Reply, receive  # noqa: F401 - a fixture
from tests.support.screens import keep_screenshot

WAIT = 15000


# -- helpers -------------------------------------------------------------------------------------

@pytest.fixture
def page(desktop, qtbot) -> WebhooksPage:
    desktop.set_status_poll_interval(200)
    desktop.window.show_area("webhooks")
    page = desktop.window.page("webhooks")
    assert isinstance(page, WebhooksPage)
    page.set_refresh_interval(200)
    qtbot.waitUntil(lambda: page.log.loaded_once and page.loaded, timeout=WAIT)
    return page


def cells(model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def cell(model, row: int, column: int) -> str:
    return model.index(row, column).data()


def sub_row(page: WebhooksPage, url: str) -> int:
    urls = cells(page.model, S_URL)
    return urls.index(url) if url in urls else -1


def shown(page: WebhooksPage, qtbot, url: str) -> int:
    """Refresh and wait until the subscription for ``url`` is listed; its row."""
    page.refresh()
    qtbot.waitUntil(lambda: sub_row(page, url) >= 0, timeout=WAIT)
    return sub_row(page, url)


def select_sub(page: WebhooksPage, qtbot, url: str) -> None:
    row = shown(page, qtbot, url)
    assert page.select_subscription(page.model.subscription(row).id)


def open_dialogs(kind):
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def fill(dialog, *, url: str | None = None, events: tuple[str, ...] | None = None,
         retries: int | None = None) -> None:
    if url is not None:
        dialog.url.setText(url)
    if events is not None:
        for event, box in dialog.event_boxes.items():
            box.setChecked(event in events)
    if retries is not None:
        dialog.retry_count.setValue(retries)


def delivery_rows(page: WebhooksPage) -> list[tuple[str, str, str, str, str, str]]:
    m = page.log.model
    return [(cell(m, r, D_URL), cell(m, r, D_EVENT), cell(m, r, D_STATUS),
             cell(m, r, D_ATTEMPTS), cell(m, r, D_HTTP), cell(m, r, D_ERROR))
            for r in range(m.rowCount())]


def statuses(page: WebhooksPage) -> list[str]:
    return cells(page.log.model, D_STATUS)


# -- subscriptions -------------------------------------------------------------------------------

def test_an_empty_page_says_what_webhooks_are_and_how_to_add_one(page):
    assert page.empty.text.startswith("No webhook subscriptions yet.")
    assert "New subscription (Ctrl+N)" in page.empty.text
    assert "Nothing has been sent yet." in page.log.empty.text
    assert not page.test_action.isEnabled() and not page.edit_action.isEnabled()


def test_a_new_subscription_shows_its_secret_once_and_copy_puts_it_on_the_clipboard(
        page, qtbot, uow_factory):
    dialog = page.new_subscription()
    fill(dialog, url="https://erp.example.com/hooks", events=("batch_created", "batch_closed"),
         retries=5)
    dialog.timeout.setValue(20)
    dialog.rate_limit.setValue(4)
    dialog.headers.add_row("Authorization", "Bearer abc")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: page.secret_dialog is not None, timeout=WAIT)
    shown_secret = page.secret_dialog
    secret = shown_secret.secret.text()
    assert secret.startswith("whsec_") and shown_secret.secret.isReadOnly()
    assert "will not be shown again" in " ".join(
        label.text() for label in shown_secret.findChildren(type(shown_secret.copied)))
    qtbot.mouseClick(shown_secret.copy_button, Qt.MouseButton.LeftButton)
    keep_screenshot(shown_secret, "webhooks_secret")
    assert QApplication.clipboard().text() == secret
    assert shown_secret.copied.text() == "Copied to the clipboard."
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()

    row = shown(page, qtbot, "https://erp.example.com/hooks")
    assert cell(page.model, row, S_EVENTS) == "batch_created, batch_closed"
    assert cell(page.model, row, S_STATE) == "Active"
    assert cell(page.model, row, S_LAST_SUCCESS) == "never"
    assert cell(page.model, row, S_FAILURES) == "0"
    everything = " ".join(str(page.model.index(r, c).data(role)) for r in
                          range(page.model.rowCount()) for c in range(6)
                          for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole))
    assert secret not in everything
    assert page.selected_subscription().url == "https://erp.example.com/hooks"

    [stored] = list_subscriptions(uow_factory)
    assert (stored.retry_count, stored.timeout, stored.rate_limit) == (5, 20, 4)
    assert stored.custom_headers == {"Authorization": "Bearer abc"}
    # editing never shows it again
    edit = page.edit_subscription()
    assert secret not in " ".join(w.text() for w in edit.findChildren(type(edit.url)))
    assert "never shown again" in edit.secret_note.text()
    edit.reject()
    shown_secret.close()


def test_edit_then_deactivate_a_subscription(page, qtbot, uow_factory):
    created, _ = add_subscription(uow_factory, "https://a.example.com/hook", ["batch_created"])
    select_sub(page, qtbot, "https://a.example.com/hook")

    dialog = page.edit_subscription()
    assert dialog.url.text() == "https://a.example.com/hook"
    assert dialog.event_boxes["batch_created"].isChecked()
    fill(dialog, url="https://b.example.com/hook",
         events=("batch_created", "product_aggregated"), retries=7)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sub_row(page, "https://b.example.com/hook") >= 0, timeout=WAIT)
    assert "was saved" in page.notice.text()
    row = sub_row(page, "https://b.example.com/hook")
    assert cell(page.model, row, S_EVENTS) == "batch_created, product_aggregated"
    assert page.test_action.isEnabled()

    dialog = page.edit_subscription()
    assert dialog.retry_count.value() == 7
    dialog.active.setChecked(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(page.model, row, S_STATE) == "Inactive", timeout=WAIT)
    assert cell(page.model, row, S_PROBLEM).startswith("Switched off by hand")
    assert not page.test_action.isEnabled()
    [stored] = list_subscriptions(uow_factory)
    assert (stored.id, stored.url, stored.retry_count, stored.is_active) == \
        (created.id, "https://b.example.com/hook", 7, False)


def test_a_disabled_subscription_says_why_in_red(page, qtbot, uow_factory, engine):
    created, _ = add_subscription(uow_factory, "https://gone.example.com/hook",
                                  ["batch_created"])
    # As the dispatcher stores it: the English sentence and the problem; the page renders
    # the problem in the user's words and time zone.
    at = datetime(2026, 11, 20, 6, 30, tzinfo=timezone.utc)
    problem = gone_problem(at, 17)
    with engine.begin() as connection:
        connection.execute(text(
            "UPDATE webhook_subscriptions SET is_active = false, consecutive_failures = 4, "
            "disabled_reason = :reason, disabled_problem = CAST(:problem AS jsonb) "
            "WHERE id = :id"), {"id": created.id, "reason": gone_reason(at, 17),
                                "problem": json.dumps({"code": problem.code,
                                                       "params": dict(problem.params)})})
    row = shown(page, qtbot, "https://gone.example.com/hook")
    qtbot.waitUntil(lambda: cell(page.model, row, S_STATE) == "Disabled", timeout=WAIT)
    problem = page.model.index(row, S_PROBLEM)
    assert problem.data() == ("Disabled by MESDesk: the receiver answered 410 Gone at "
                              "2026-11-20 11:30 (delivery 17).")   # Asia/Yekaterinburg
    assert problem.data(Qt.ItemDataRole.ForegroundRole).name() == "#b00020"
    assert cell(page.model, row, S_FAILURES) == "4"
    page.select_subscription(created.id)
    dialog = page.edit_subscription()
    assert not dialog.active.isChecked()
    assert "the receiver answered 410 Gone at 2026-11-20 11:30" in dialog.disabled_note.text()
    dialog.reject()


def test_delete_asks_first(page, qtbot, uow_factory):
    add_subscription(uow_factory, "https://a.example.com/hook", ["batch_created"])
    select_sub(page, qtbot, "https://a.example.com/hook")

    box = page.delete_subscription()
    assert box.text() == "Delete the subscription for https://a.example.com/hook?"
    box.button(QMessageBox.StandardButton.Cancel).click()
    page.refresh()
    qtbot.waitUntil(lambda: not page.loading, timeout=WAIT)
    assert len(list_subscriptions(uow_factory)) == 1

    box = page.delete_subscription()
    box.findChild(type(box.button(QMessageBox.StandardButton.Cancel)),
                  "confirmDeleteButton").click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=WAIT)
    assert "was deleted" in page.notice.text()
    assert list_subscriptions(uow_factory) == []
    qtbot.waitUntil(lambda: page.empty.text.startswith("No webhook subscriptions yet."),
                    timeout=WAIT)


def test_keyboard_new_edit_delete_refresh(page, qtbot, uow_factory):
    add_subscription(uow_factory, "https://a.example.com/hook", ["batch_created"])
    select_sub(page, qtbot, "https://a.example.com/hook")
    page.window().activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus, timeout=WAIT)

    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(d.windowTitle() == "New webhook subscription"
                                for d in page.dialogs), timeout=WAIT)
    for dialog in list(page.dialogs):
        dialog.reject()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: any(d.windowTitle() == "Edit webhook subscription"
                                for d in page.dialogs), timeout=WAIT)
    for dialog in list(page.dialogs):
        dialog.reject()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(d.windowTitle() == "Edit webhook subscription"
                                for d in page.dialogs), timeout=WAIT)
    for dialog in list(page.dialogs):
        dialog.reject()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: any(d.objectName() == "confirmDelete" for d in page.dialogs),
                    timeout=WAIT)
    for dialog in list(page.dialogs):
        dialog.reject()

    add_subscription(uow_factory, "https://b.example.com/hook", ["batch_created"])
    page.set_refresh_interval(60000)    # only F5 reads now
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: sub_row(page, "https://b.example.com/hook") >= 0, timeout=WAIT)


# -- test event and the delivery log -------------------------------------------------------------

def test_a_test_event_reaches_the_receiver_and_is_logged_with_its_attempt(
        page, qtbot, uow_factory, receive):
    receiver = receive()
    add_subscription(uow_factory, receiver.url, ["batch_created"])
    select_sub(page, qtbot, receiver.url)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)   # Ctrl+T

    qtbot.waitUntil(lambda: "A test event (ping) was queued" in page.notice.text(),
                    timeout=WAIT)
    qtbot.waitUntil(lambda: receiver.count == 1, timeout=WAIT)
    assert receiver.events() == ["ping"]
    qtbot.waitUntil(lambda: statuses(page) == ["Delivered"], timeout=WAIT)
    assert delivery_rows(page) == [(receiver.url, "ping", "Delivered", "1", "200", "")]
    # the new delivery is selected, with its attempt
    assert page.log.selected_delivery() is not None
    qtbot.waitUntil(lambda: page.log.attempts_model.rowCount() == 1, timeout=WAIT)
    assert cell(page.log.attempts_model, 0, A_STATUS) == "200"
    assert cell(page.log.attempts_model, 0, A_RESPONSE) == "ok"
    assert "Attempts of delivery" in page.log.attempts_title.text()
    # the subscription's health follows
    row = sub_row(page, receiver.url)
    qtbot.waitUntil(lambda: cell(page.model, row, S_LAST_SUCCESS) != "never", timeout=WAIT)


def test_a_failing_receiver_shows_retrying_then_delivered_after_its_retry(
        page, qtbot, uow_factory, receive):
    healthy = threading.Event()
    receiver = receive(lambda n, h, b: (200, {}, b"ok") if healthy.is_set()
                       else (500, {}, b"database is down"))
    sub, _ = add_subscription(uow_factory, receiver.url, ["batch_created"], retry_count=2)
    send_test_event(uow_factory, sub.id)
    page.refresh()

    qtbot.waitUntil(lambda: statuses(page) == ["Retrying"], timeout=WAIT)
    [(url, event, status, attempts, http, error)] = delivery_rows(page)
    assert (attempts, http) == ("1", "500")
    assert error
    page.log.select_delivery(page.log.model.delivery(0).id)
    qtbot.waitUntil(lambda: page.log.attempts_model.rowCount() == 1, timeout=WAIT)
    assert cell(page.log.attempts_model, 0, A_STATUS) == "500"
    assert cell(page.log.attempts_model, 0, A_RESPONSE) == "database is down"
    tip = page.log.model.index(0, D_STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Next attempt at ")
    row = sub_row(page, receiver.url)
    qtbot.waitUntil(lambda: cell(page.model, row, S_STATE) == "Active, failing", timeout=WAIT)
    assert cell(page.model, row, S_FAILURES) == "1"
    assert cell(page.model, row, S_PROBLEM).startswith("Failing since ")

    healthy.set()                      # the retry comes 5 s (±20 %) later and succeeds
    qtbot.waitUntil(lambda: statuses(page) == ["Delivered"], timeout=20000)
    qtbot.waitUntil(lambda: page.log.attempts_model.rowCount() == 2, timeout=WAIT)
    assert cells(page.log.attempts_model, A_STATUS) == ["500", "200"]
    qtbot.waitUntil(lambda: cell(page.model, row, S_STATE) == "Active", timeout=WAIT)


def test_a_failed_delivery_is_resent_by_hand(page, qtbot, uow_factory, receive):
    healthy = threading.Event()
    receiver = receive(lambda n, h, b: (200, {}, b"ok") if healthy.is_set()
                       else (500, {}, b"nope"))
    sub, _ = add_subscription(uow_factory, receiver.url, ["batch_created"], retry_count=0)
    send_test_event(uow_factory, sub.id)
    page.refresh()
    qtbot.waitUntil(lambda: statuses(page) == ["Failed"], timeout=WAIT)
    error = page.log.model.index(0, D_ERROR)
    assert error.data() and error.data(Qt.ItemDataRole.ForegroundRole).name() == "#b00020"
    assert not page.log.resend_button.isEnabled()

    healthy.set()
    page.log.select_delivery(page.log.model.delivery(0).id)
    assert page.log.resend_button.isEnabled()
    page.log.table.setFocus()
    qtbot.keyClick(page.log.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "was queued to be sent again" in page.notice.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: statuses(page) == ["Delivered"], timeout=WAIT)
    assert receiver.count == 2
    qtbot.waitUntil(lambda: page.log.attempts_model.rowCount() == 2, timeout=WAIT)
    assert cells(page.log.attempts_model, A_STATUS) == ["500", "200"]


def test_resend_all_failed_in_the_range_asks_with_the_count(page, qtbot, uow_factory, receive,
                                                            engine):
    healthy = threading.Event()
    receiver = receive(lambda n, h, b: (200, {}, b"ok") if healthy.is_set()
                       else (500, {}, b"nope"))
    sub, _ = add_subscription(uow_factory, receiver.url, ["batch_created"], retry_count=0)
    for _ in range(3):
        send_test_event(uow_factory, sub.id)
    page.refresh()
    qtbot.waitUntil(lambda: statuses(page) == ["Failed"] * 3, timeout=WAIT)
    # one of them is older than the chosen range (last 24 hours)
    oldest = page.log.model.delivery(2).id
    with engine.begin() as connection:
        connection.execute(text("UPDATE webhook_deliveries SET created_at = created_at - "
                                "interval '3 days' WHERE id = :id"), {"id": oldest})
    qtbot.waitUntil(lambda: page.log.model.rowCount() == 2, timeout=WAIT)

    healthy.set()
    page.log.resend_all_failed()
    qtbot.waitUntil(lambda: any(d.objectName() == "confirmResendAll"
                                for d in page.log._dialogs), timeout=WAIT)
    [box] = [d for d in page.log._dialogs if d.objectName() == "confirmResendAll"]
    assert box.text() == "Resend 2 failed deliveries?"
    assert "every subscription" in box.informativeText()
    box.findChild(type(box.button(QMessageBox.StandardButton.Cancel)),
                  "confirmResendAllButton").click()
    qtbot.waitUntil(lambda: page.notice.text()
                    == "2 failed deliveries were queued to be sent again.", timeout=WAIT)
    qtbot.waitUntil(lambda: statuses(page) == ["Delivered"] * 2, timeout=WAIT)
    assert receiver.count == 5
    rows = list_deliveries(uow_factory).rows
    assert sorted(d.status for d in rows) == ["failed", "success", "success"]
    assert next(d for d in rows if d.id == oldest).status == "failed"


def test_filters_narrow_the_log(page, qtbot, uow_factory, receive, engine):
    good = receive()
    bad = receive(lambda n, h, b: (500, {}, b"nope"))
    a, _ = add_subscription(uow_factory, good.url, ["batch_created"])
    b, _ = add_subscription(uow_factory, bad.url, ["batch_created"], retry_count=0)
    send_test_event(uow_factory, a.id)
    send_test_event(uow_factory, b.id)
    page.refresh()
    qtbot.waitUntil(lambda: sorted(statuses(page)) == ["Delivered", "Failed"], timeout=WAIT)
    bar = page.log.filter_bar
    qtbot.waitUntil(lambda: bar.subscription.count() == 3, timeout=WAIT)

    bar.choose_subscription(b.id)
    qtbot.waitUntil(lambda: cells(page.log.model, D_URL) == [bad.url], timeout=WAIT)
    bar.choose_subscription(None)
    bar.set_status("success")
    qtbot.waitUntil(lambda: cells(page.log.model, D_URL) == [good.url], timeout=WAIT)
    bar.set_status(None)
    bar.set_event("batch_created")
    qtbot.waitUntil(lambda: page.log.loaded_once and page.log.model.rowCount() == 0,
                    timeout=WAIT)
    assert page.log.empty.text.startswith("No deliveries match these filters (last 24 hours).")
    bar.set_event("ping")
    qtbot.waitUntil(lambda: page.log.model.rowCount() == 2, timeout=WAIT)

    # time range: move one delivery two days back
    first = page.log.model.delivery(0).id
    with engine.begin() as connection:
        connection.execute(text("UPDATE webhook_deliveries SET created_at = created_at - "
                                "interval '2 days' WHERE id = :id"), {"id": first})
    qtbot.waitUntil(lambda: page.log.model.rowCount() == 1, timeout=WAIT)
    bar.set_range("week")
    qtbot.waitUntil(lambda: page.log.model.rowCount() == 2, timeout=WAIT)
    now = datetime.now(timezone.utc)
    bar.set_range("custom", now - timedelta(days=3), now - timedelta(days=1))
    qtbot.waitUntil(lambda: [d.id for d in page.log.model.all_rows()] == [first],
                    timeout=WAIT)
    assert bar.since.isVisible() and bar.until.isVisible()


def test_the_log_loads_more_rows_a_page_at_a_time(page, qtbot, uow_factory, receive):
    receiver = receive()
    sub, _ = add_subscription(uow_factory, receiver.url, ["batch_created"])
    for _ in range(230):
        send_test_event(uow_factory, sub.id)
    # Paging is the point here, not live updates: the app's dispatcher is done first, so no
    # outcome re-reads the log (cutting it back to the refresh limit) while pages are loaded.
    qtbot.waitUntil(lambda: receiver.count == 230 and scalar(
        uow_factory.engine, "SELECT count(*) FROM webhook_deliveries "
        "WHERE status = 'pending'") == 0, timeout=60000)
    page.refresh()
    qtbot.waitUntil(lambda: page.log.model.rowCount() == 100 and page.log.has_more,
                    timeout=WAIT)
    assert page.log.more_button.isVisible()
    assert page.log.count_label.text() == "newest 100 shown; more below"
    newest = page.log.model.delivery(0).id
    page.log.table.scrollToBottom()                 # scrolling to the end reads the next page
    qtbot.waitUntil(lambda: page.log.model.rowCount() == 200, timeout=WAIT)
    qtbot.mouseClick(page.log.more_button, Qt.MouseButton.LeftButton)    # or the button
    qtbot.waitUntil(lambda: page.log.model.rowCount() == 230, timeout=WAIT)
    qtbot.waitUntil(lambda: not page.log.has_more, timeout=WAIT)
    assert not page.log.more_button.isVisible()
    assert page.log.count_label.text() == "230 in the range"
    ids = [d.id for d in page.log.model.all_rows()]
    assert ids == sorted(ids, reverse=True) and ids[0] == newest     # newest first
    # the timer's refreshes keep all of them
    qtbot.waitUntil(lambda: receiver.count == 230, timeout=60000)
    qtbot.waitUntil(lambda: set(statuses(page)) == {"Delivered"}, timeout=WAIT)
    assert page.log.model.rowCount() == 230


# -- status bar ----------------------------------------------------------------------------------

def test_the_status_bar_shows_the_webhook_queue(desktop, page, qtbot, uow_factory, receive):
    release = threading.Event()

    def hang(n, h, b) -> Reply:
        release.wait(30)
        return 200, {}, b"ok"

    receiver = receive(hang)
    sub, _ = add_subscription(uow_factory, receiver.url, ["batch_created"], timeout=30)
    qtbot.waitUntil(lambda: desktop.window.worker_status.text()
                    == "Webhooks: running, 0 queued", timeout=WAIT)
    send_test_event(uow_factory, sub.id)
    send_test_event(uow_factory, sub.id)
    qtbot.waitUntil(lambda: desktop.window.worker_status.text()
                    == "Webhooks: running, 2 queued", timeout=WAIT)
    release.set()
    qtbot.waitUntil(lambda: desktop.window.worker_status.text()
                    == "Webhooks: running, 0 queued", timeout=WAIT)
    assert receiver.count == 2


# -- models --------------------------------------------------------------------------------------

def test_the_models_pass_qtmodeltester(page, qtbot, uow_factory, receive, qtmodeltester):
    receiver = receive()
    sub, _ = add_subscription(uow_factory, receiver.url, ["batch_created"])
    send_test_event(uow_factory, sub.id)
    page.refresh()
    qtbot.waitUntil(lambda: statuses(page) == ["Delivered"], timeout=WAIT)
    page.log.select_delivery(page.log.model.delivery(0).id)
    qtbot.waitUntil(lambda: page.log.attempts_model.rowCount() == 1, timeout=WAIT)
    tz = page.backend.timezone
    subscriptions = SubscriptionsModel(tz)
    subscriptions.set_rows(page.model.all_rows())
    deliveries = page.log.model            # the pager itself, with its rows
    attempts = AttemptsModel(tz)
    attempts.set_rows(page.log.attempts_model.all_rows())
    for model in (subscriptions, deliveries, attempts):
        qtmodeltester.check(model, force_py=True)


# -- a look at 1366×768 --------------------------------------------------------------------------

def test_the_webhooks_area_with_realistic_data_at_1366x768(desktop, page, qtbot, uow_factory,
                                                            tz, receive):
    keep_screenshot(desktop.window, "webhooks_empty")
    erp = receive()
    gone = receive(lambda n, h, b: (410, {}, b"this endpoint was removed"))
    flaky = receive(lambda n, h, b: (503, {}, b'{"error": "maintenance window until 06:00"}'))
    strict = receive(lambda n, h, b: (400, {}, b'{"error": "unknown batch"}'))
    add_subscription(uow_factory, erp.url, ["batch_created", "batch_updated", "batch_closed",
                                            "product_aggregated", "report_generated",
                                            "import_completed"])
    old, _ = add_subscription(uow_factory, gone.url, ["batch_closed"])
    add_subscription(uow_factory, flaky.url, ["batch_created"], retry_count=5)
    add_subscription(uow_factory, strict.url, ["batch_created"], retry_count=0)
    for number in range(3):
        create_batch(uow_factory, tz, 2001 + number)
    send_test_event(uow_factory, old.id)          # 410 Gone: disabled at once
    page.refresh()
    qtbot.waitUntil(lambda: sorted(set(statuses(page))) == ["Delivered", "Failed", "Retrying"]
                    and page.log.model.rowCount() == 10, timeout=WAIT)
    qtbot.waitUntil(lambda: "Disabled" in cells(page.model, S_STATE), timeout=WAIT)
    failed = next(d for d in page.log.model.all_rows() if d.status == "failed"
                  and d.response_status == 400)
    page.log.select_delivery(failed.id)
    qtbot.waitUntil(lambda: page.log.attempts_model.rowCount() == 1, timeout=WAIT)
    page.select_subscription(old.id)
    QApplication.processEvents()
    keep_screenshot(desktop.window, "webhooks_log")

    toolbar = page.toolbar
    for action in toolbar.actions():
        if not action.isSeparator():
            assert toolbar.widgetForAction(action).isVisible(), action.text()
    for view in (page.table, page.log.table, page.log.attempts_table):
        header = view.horizontalHeader()
        for column in range(header.count()):
            assert header.sectionSize(column) >= header.sectionSizeHint(column) - 2, \
                (view.objectName(), column)
    assert page.log.resend_all_button.isVisible() and page.log.resend_button.isVisible()

    dialog = page.edit_subscription()
    QApplication.processEvents()
    keep_screenshot(dialog, "webhooks_edit_dialog")
    dialog.reject()
    dialog = page.new_subscription()
    fill(dialog, url="ftp://erp", events=())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_error("url") != "", timeout=WAIT)
    keep_screenshot(dialog, "webhooks_new_dialog_error")
    dialog.reject()
