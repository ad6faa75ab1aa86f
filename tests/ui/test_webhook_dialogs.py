"""The subscription dialog and the secret dialog alone: on ``runtime_without_database`` with
the subscription use cases in memory (``MemoryWebhooks``), no PostgreSQL, no dispatcher. What
a refusal looks like next to its field, in English and Russian; the whole flows with the
database are in test_webhooks_page.py."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mesdesk.config import Settings
from mesdesk.domain.webhooks import gone_problem, gone_reason
from mesdesk.ui.backend import Backend
from mesdesk.ui.views.webhooks import WebhooksPage
from mesdesk.ui.views.webhooks.models import S_STATE, S_URL
from mesdesk.ui.views.webhooks.secret_dialog import SecretDialog
from mesdesk.ui.views.webhooks.subscription_dialog import SubscriptionDialog
from tests.support.fakes import MemoryWebhooks, runtime_without_database, subscription
from tests.support.screens import keep_screenshot

WAIT = 10000

#: What the dialog says next to the field, by language (a supervisor reads these).
SAID = {
    "en": {
        "url": "'ftp://erp.example.com/hooks' is not an http:// or https:// URL with a host.",
        "target": "169.254.169.254 is a link-local or cloud metadata address: webhooks are not "
                  "sent there.",
        "events": "Choose at least one event type.",
        "non_ascii": "The value of header 'X-Line' contains 'л' (U+043B) at position 3: only "
                     "Latin letters, digits, punctuation and spaces can be sent.",
        "name": "Header name 'X Line' cannot contain U+0020 (position 2): use Latin letters, "
                "digits and !#$%&'*+-.^_`|~.",
        "reserved": "Header 'X-Webhook-Signature' is set by MESDesk and cannot be replaced.",
        "twice": "Header 'x-line' is given twice.",
    },
    "ru": {
        "url": "«ftp://erp.example.com/hooks» — не адрес http:// или https:// с именем хоста; "
               "введите, например, https://erp.example.com/hooks.",
        "target": "169.254.169.254 — локальный адрес канала (link-local) или адрес облачных "
                  "метаданных: вебхуки туда не отправляются.",
        "events": "Отметьте хотя бы одно событие.",
        "non_ascii": "В значении заголовка «X-Line» на позиции 3 стоит символ 'л' (U+043B): "
                     "отправить можно только латинские буквы, цифры, знаки препинания и "
                     "пробелы.",
        "name": "В имени заголовка «X Line» на позиции 2 недопустимый символ U+0020: "
                "используйте латинские буквы, цифры и !#$%&'*+-.^_`|~.",
        "reserved": "Заголовок «X-Webhook-Signature» задаёт MESDesk (подпись, событие, тип "
                    "содержимого), его нельзя заменить.",
        "twice": "Заголовок «x-line» указан дважды.",
    },
}


@pytest.fixture
def webhooks() -> MemoryWebhooks:
    return MemoryWebhooks()


@pytest.fixture
def page(qtbot, tmp_path, tz, webhooks):
    """The Webhooks page alone, on subscriptions in memory; not shown, so nothing reads by
    itself (the delivery log has no database here)."""
    runtime = runtime_without_database(
        Settings(data_dir=tmp_path, config_dir=tmp_path, station="desk-1",
                 timezone="Asia/Yekaterinburg"), **webhooks.use_cases())
    backend = Backend.build(runtime)
    page = WebhooksPage(backend)
    qtbot.addWidget(page)
    yield page
    page.shutdown()
    backend.close()
    runtime.close()


def listed(page: WebhooksPage, qtbot, count: int) -> None:
    page.refresh()
    qtbot.waitUntil(lambda: page.loaded and page.model.rowCount() == count, timeout=WAIT)


def save(dialog: SubscriptionDialog, qtbot, field: str, picture: str = "") -> str:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_error(field) != "", timeout=WAIT)
    if picture:
        keep_screenshot(dialog, f"webhooks_refusal_{picture}")
    return dialog.field_error(field)


def test_each_refusal_is_said_next_to_its_field_in_the_users_language(page, qtbot, language,
                                                                      webhooks):
    said = SAID[language]
    dialog = page.new_subscription()
    dialog.url.setText("ftp://erp.example.com/hooks")
    assert save(dialog, qtbot, "url", f"url_and_events_{language}") == said["url"]
    assert dialog.field_error("events") == said["events"]      # both marked at once
    assert dialog.isVisible() and dialog.save_button.isEnabled()

    dialog.url.setText("http://169.254.169.254/latest/meta-data/")
    assert dialog.field_error("url") == ""          # editing the field clears its error
    dialog.event_boxes["batch_created"].setChecked(True)
    assert dialog.field_error("events") == ""
    assert save(dialog, qtbot, "url", f"target_{language}") == said["target"]

    dialog.url.setText("http://127.0.0.1:9/hook")
    for headers, key in (([("X-Line", "4 линия")], "non_ascii"), ([("X Line", "4")], "name"),
                         ([("X-Webhook-Signature", "forged")], "reserved"),
                         ([("X-Line", "4"), ("x-line", "5")], "twice")):
        dialog.headers.set_headers({})
        for name, value in headers:
            dialog.headers.add_row(name, value)
        dialog.clear_errors()
        assert save(dialog, qtbot, "custom_headers", f"{key}_{language}") == said[key]
    assert webhooks.list_subscriptions() == []
    dialog.reject()


def test_a_new_subscription_is_created_selected_and_its_secret_shown_once(page, qtbot,
                                                                         webhooks):
    listed(page, qtbot, 0)
    assert page.empty.text.startswith("No webhook subscriptions yet.")
    dialog = page.new_subscription()
    assert dialog.windowTitle() == "New webhook subscription"
    assert dialog.save_button.text() == "Create" and not dialog.active.isVisibleTo(dialog)
    dialog.url.setText("https://erp.example.com/hooks")
    dialog.event_boxes["batch_closed"].setChecked(True)
    dialog.headers.add_row("Authorization", "Bearer abc")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: page.secret_dialog is not None, timeout=WAIT)
    assert page.secret_dialog.secret.text() == MemoryWebhooks.SECRET
    qtbot.waitUntil(lambda: page.selected_subscription() is not None, timeout=WAIT)
    assert page.model.index(0, S_URL).data() == "https://erp.example.com/hooks"
    assert page.edit_action.isEnabled() and page.test_action.isEnabled()
    assert "Retries: 3, timeout: 10 s" in page.detail.text()
    [stored] = webhooks.list_subscriptions()
    assert stored.custom_headers == {"Authorization": "Bearer abc"}
    page.secret_dialog.close()


def test_a_refusal_from_the_service_is_shown_in_the_dialog(page, qtbot, webhooks):
    webhooks.add_subscription("https://a.example.com/hook", ["batch_created"])
    listed(page, qtbot, 1)
    assert page.select_subscription(1)
    dialog = page.edit_subscription()
    webhooks.delete_subscription(1)                 # by someone else, meanwhile
    dialog.retry_count.setValue(9)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.general_error.isVisibleTo(dialog), timeout=WAIT)
    assert "does not exist" in dialog.general_error.text()
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    dialog.reject()


def test_an_inactive_subscription_cannot_be_sent_a_test_event_and_says_so(page, qtbot,
                                                                          webhooks):
    webhooks._rows[1] = subscription(1, "https://off.example.com/", is_active=False)
    listed(page, qtbot, 1)
    page.select_subscription(1)
    assert page.model.index(0, S_STATE).data() == "Inactive"
    assert not page.test_action.isEnabled()
    assert page.test_action.toolTip().startswith("The subscription is not active")
    page.send_test_event()
    assert "is not active: make it active (Edit)" in page.notice.text()
    assert webhooks.pings == []


def test_editing_a_disabled_subscription_says_why_and_keeps_a_hidden_password(qtbot):
    at = datetime(2026, 11, 20, 6, 30, tzinfo=timezone.utc)
    sub = subscription(7, "https://erp:hunter2@erp.example.com/hooks", is_active=False,
                       disabled_reason=gone_reason(at, 12), disabled_problem=gone_problem(at, 12),
                       retry_count=4)
    dialog = SubscriptionDialog(sub, tz=ZoneInfo("Asia/Yekaterinburg"))
    qtbot.addWidget(dialog)
    forms = []
    dialog.submitted.connect(forms.append)
    assert dialog.windowTitle() == "Edit webhook subscription"
    assert dialog.url.text() == "https://erp:***@erp.example.com/hooks"
    assert not dialog.active.isChecked()
    assert "410 Gone" in dialog.disabled_note.text()
    assert dialog.disabled_note.text().endswith("Tick Active to deliver again.")
    assert "never shown again" in dialog.secret_note.text()

    dialog.active.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [form] = forms
    assert (form.subscription_id, form.url, form.retry_count, form.is_active) == \
        (7, "https://erp:hunter2@erp.example.com/hooks", 4, True)
    assert dialog.save_button.text() == "Saving…" and not dialog.save_button.isEnabled()


def test_the_secret_is_shown_read_only_and_copy_puts_it_on_the_clipboard(qtbot):
    dialog = SecretDialog("https://erp.example.com/hooks", "whsec_abc")
    qtbot.addWidget(dialog)
    assert dialog.secret.text() == "whsec_abc" and dialog.secret.isReadOnly()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "whsec_abc"
    assert dialog.copied.text() == "Copied to the clipboard."


def test_a_webhook_notify_wakes_the_shown_page_and_a_lost_database_pauses_it(page, qtbot,
                                                                             webhooks):
    page.set_refresh_interval(600_000)          # no reads by the clock in this test
    page.show()
    qtbot.waitUntil(lambda: page.loaded and not page.loading, timeout=WAIT)
    assert page.model.rowCount() == 0

    webhooks.add_subscription("https://erp.example.com/hooks", ["batch_closed"])
    page.backend.changes.changed.emit({"entity": "batch", "ids": [1]})
    assert not page.loading                     # a batch's change is not the page's business
    page.backend.changes.changed.emit({"entity": "subscription", "ids": [1]})
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.loading, timeout=WAIT)

    page.backend.changes.state_changed.emit("lost")
    webhooks.add_subscription("https://board.example.com/in", ["batch_closed"])
    page.refresh()
    assert not page.loading                     # nothing is read while the database is lost
    page.backend.changes.state_changed.emit("connected")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=WAIT)
