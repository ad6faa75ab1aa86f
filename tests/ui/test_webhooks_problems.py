"""The Webhooks page renders a stored disabled reason in the user's language and never shows
a URL's password (issue 9, points 2, 10, 11). The whole app on the real database; each refusal
next to its field is in test_webhook_dialogs.py (no database needed)."""

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

WAIT = 15000

#: How a disabled reason reads, by language (a supervisor reads these).
SAID = {
    "en": {"failing": "Disabled by MESDesk: no successful delivery since 11/20/2026 "
                      "11:30\u202fAM: 24 h of failures (last error: HTTP 500)."},
    "ru": {"failing": "Отключена MESDesk: нет успешных доставок с 20.11.2026 11:30: 24 ч "
                      "ошибок (последняя: HTTP 500)."},
}


@pytest.fixture
def page(language, desktop, qtbot) -> WebhooksPage:
    desktop.window.show_area("webhooks")
    page = desktop.window.page("webhooks")
    assert isinstance(page, WebhooksPage)
    page.set_refresh_interval(200)
    qtbot.waitUntil(lambda: page.log.loaded_once and page.loaded, timeout=WAIT)
    return page


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
