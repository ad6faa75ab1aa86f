"""The Webhooks page says each refusal from the problem catalogue in the user's language
next to its field, renders a stored disabled reason, and never shows a URL's password
(issue 9, points 1, 2, 10, 11). The whole app on the real database."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from mesdesk.domain.webhooks import failing_problem, failing_reason
from mesdesk.services.webhooks import add_subscription, list_subscriptions
from mesdesk.ui.views.webhooks import WebhooksPage
from mesdesk.ui.views.webhooks.models import D_URL, S_PROBLEM, S_URL
from tests.support.factories import create_batch
from tests.support.receivers import receive  # noqa: F401 - a fixture
from tests.support.screens import keep_screenshot

WAIT = 15000

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
        "failing": "Disabled by MESDesk: no successful delivery since 11/20/2026 "
                   "11:30\u202fAM: 24 h of failures (last error: HTTP 500).",
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
        "failing": "Отключена MESDesk: нет успешных доставок с 20.11.2026 11:30: 24 ч ошибок "
                   "(последняя: HTTP 500).",
    },
}


@pytest.fixture
def page(language, desktop, qtbot) -> WebhooksPage:
    desktop.window.show_area("webhooks")
    page = desktop.window.page("webhooks")
    assert isinstance(page, WebhooksPage)
    page.set_refresh_interval(200)
    qtbot.waitUntil(lambda: page.log.loaded_once and page.loaded, timeout=WAIT)
    return page


def save(dialog, qtbot, field: str, picture: str = "") -> str:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_error(field) != "", timeout=WAIT)
    if picture:
        keep_screenshot(dialog, f"webhooks_refusal_{picture}")
    return dialog.field_error(field)


def test_each_refusal_is_said_next_to_its_field_in_the_users_language(page, qtbot, language,
                                                                      uow_factory):
    said = SAID[language]
    dialog = page.new_subscription()
    dialog.url.setText("ftp://erp.example.com/hooks")
    assert save(dialog, qtbot, "url") == said["url"]
    assert save(dialog, qtbot, "events", f"url_and_events_{language}") == said["events"]

    dialog.url.setText("http://169.254.169.254/latest/meta-data/")
    dialog.event_boxes["batch_created"].setChecked(True)
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
    assert list_subscriptions(uow_factory) == []
    dialog.reject()


def test_a_stored_disabled_reason_is_rendered_in_the_users_language(page, qtbot, language,
                                                                    uow_factory, engine):
    created, _ = add_subscription(uow_factory, "https://down.example.com/hook",
                                  ["batch_created"])
    since = datetime(2026, 11, 20, 6, 30, tzinfo=timezone.utc)
    problem = failing_problem(since, "HTTP 500")
    with engine.begin() as connection:
        connection.execute(text(
            "UPDATE webhook_subscriptions SET is_active = false, disabled_reason = :reason, "
            "disabled_problem = CAST(:problem AS jsonb) WHERE id = :id"),
            {"id": created.id, "reason": failing_reason(since, "HTTP 500"),
             "problem": json.dumps({"code": problem.code, "params": dict(problem.params)})})
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1
                    and page.model.index(0, S_PROBLEM).data().startswith(
                        SAID[language]["failing"][:12]), timeout=WAIT)
    assert page.model.index(0, S_PROBLEM).data() == SAID[language]["failing"]


def test_a_reason_stored_by_an_older_version_is_shown_as_it_was_written(page, qtbot,
                                                                        uow_factory, engine):
    created, _ = add_subscription(uow_factory, "https://old.example.com/hook",
                                  ["batch_created"])
    with engine.begin() as connection:
        connection.execute(text(
            "UPDATE webhook_subscriptions SET is_active = false, disabled_reason = 'by the ERP "
            "team' WHERE id = :id"), {"id": created.id})
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.index(0, S_PROBLEM)
                    .data().endswith(": by the ERP team"), timeout=WAIT)


def test_a_url_password_is_never_shown_and_an_untouched_url_keeps_it(page, qtbot, language,
                                                                     uow_factory, tz, receive):
    receiver = receive(lambda n, h, b: (200, {}, b"ok"))
    real = receiver.url.replace("http://", "http://erp:hunter2@")
    masked = receiver.url.replace("http://", "http://erp:***@")
    created, _ = add_subscription(uow_factory, real, ["batch_created", "ping"])
    create_batch(uow_factory, tz)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT)
    qtbot.waitUntil(lambda: page.log.model.rowCount() >= 1, timeout=WAIT)
    assert page.model.index(0, S_URL).data() == masked
    assert page.log.model.index(0, D_URL).data() == masked
    texts = [str(page.model.index(0, c).data(role)) for c in range(6)
             for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)]
    log = page.log.model
    texts += [str(log.index(0, c).data()) for c in range(log.columnCount())]
    page.select_subscription(created.id)
    box = page.delete_subscription()
    texts.append(box.text())
    box.reject()
    dialog = page.edit_subscription()
    assert dialog.url.text() == masked
    texts.append(page.detail.text())
    assert "erp:***@" in page.detail.text()
    assert not any("hunter2" in t for t in texts)

    dialog.retry_count.setValue(6)          # the URL field is left as shown
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: list_subscriptions(uow_factory)[0].retry_count == 6, timeout=WAIT)
    assert list_subscriptions(uow_factory)[0].url == real
