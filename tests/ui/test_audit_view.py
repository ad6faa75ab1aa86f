"""The Audit area (issue 15) in the whole app on the real database, in English and Russian:
the empty state, pages on scroll, filters against plain SQL, the detail pane's before → after,
live refresh on NOTIFY, and the Excel export with its file bar."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt
from sqlalchemy import text

from mesdesk.ui.views.audit import AuditPage
from mesdesk.ui.views.audit.model import ACTION, CHANGES, ENTITY
from tests.support.screens import cyrillic, keep_screenshot

WAIT = 15000
T0 = datetime(2026, 11, 20, 6, 0, tzinfo=timezone.utc)


def seed(engine, count: int) -> None:
    rows = [{"at": T0 + timedelta(minutes=n), "actor": ("Петров", "Иванова")[n % 2],
             "station": "Линия-7", "action": ("update", "close")[n % 3 == 0],
             "entity": "batch", "entity_id": str(n % 5),
             "changes": json.dumps({"team": {"before": f"Бригада {n}", "after": f"Б{n + 1}"},
                                    "shift": "2"} if n % 3 else {"is_closed": True})}
            for n in range(count)]
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO audit_log (at, actor, station, action, entity, entity_id, changes) "
            "VALUES (:at, :actor, :station, :action, :entity, :entity_id, "
            "CAST(:changes AS jsonb))"), rows)


def ids_by_sql(engine, where: str = "true", **params) -> list[int]:
    with engine.connect() as connection:
        return list(connection.execute(text(
            f"SELECT id FROM audit_log WHERE {where} ORDER BY at DESC, id DESC"),
            params).scalars())


def shown_ids(page: AuditPage) -> list[int]:
    return [page.model.entry(row).id for row in range(page.model.rowCount())]


def open_audit(desktop, qtbot) -> AuditPage:
    desktop.window.show_area("audit")
    page = desktop.window.page("audit")
    assert isinstance(page, AuditPage)
    qtbot.waitUntil(lambda: page.model.loaded_once and not page.model.fetching, timeout=WAIT)
    return page


def test_an_empty_log_explains_itself(language, desktop, qtbot):
    page = open_audit(desktop, qtbot)
    qtbot.waitUntil(lambda: page.empty.isVisible(), timeout=WAIT)
    assert page.empty.title.text() == ("Ничего ещё не менялось." if language == "ru"
                                       else "Nothing has been changed yet.")
    assert cyrillic(page.empty.hint.text()) == (language == "ru")
    assert not page.export.button.isEnabled()
    keep_screenshot(page, f"audit_empty_{language}")


def test_pages_filters_detail_and_export(language, desktop, qtbot, engine, tmp_path):
    seed(engine, 450)
    page = open_audit(desktop, qtbot)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 200 and not page.model.fetching,
                    timeout=WAIT)
    assert shown_ids(page) == ids_by_sql(engine)[:200]
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() == 400 and not page.model.fetching,
                    timeout=WAIT)
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() == 450, timeout=WAIT)
    assert shown_ids(page) == ids_by_sql(engine)
    assert not page.model.has_more

    qtbot.waitUntil(lambda: page.filter_bar.user.findData("Петров") >= 0, timeout=WAIT)
    page.filter_bar.choose(user="Петров", action="update", entity="batch", entity_id="3")
    want = ids_by_sql(engine, "actor = :a AND action = 'update' AND entity = 'batch' "
                              "AND entity_id = '3'", a="Петров")
    qtbot.waitUntil(lambda: page.model.loaded_once and shown_ids(page) == want, timeout=WAIT)
    action = page.model.index(0, ACTION).data()
    assert action == ("Изменение" if language == "ru" else "Changed")
    assert page.model.index(0, ENTITY).data() == ("Партия 3" if language == "ru"
                                                  else "Batch 3")
    changes = page.model.index(0, CHANGES).data()
    assert "→" in changes and "{" not in changes and '"' not in changes

    page.select_row(0)
    entry = page.model.entry(0)
    cells = {page.detail.changes.item(r, 0).text(): (page.detail.changes.item(r, 1).text(),
                                                     page.detail.changes.item(r, 2).text())
             for r in range(page.detail.changes.rowCount())}
    team = "Бригада" if language == "ru" else "Team"
    shift = "Смена" if language == "ru" else "Shift"
    assert cells[team] == (entry.changes["team"]["before"], entry.changes["team"]["after"])
    assert cells[shift] == (("не записано" if language == "ru" else "not recorded"), "2")
    assert page.detail.who.text() == "Петров"
    keep_screenshot(page, f"audit_filtered_{language}")

    page.export.button.click()
    qtbot.waitUntil(lambda: page.export.result.file is not None, timeout=WAIT)
    made = page.export.result.file
    assert made.object.startswith("audit_export_") and made.rows == len(want)
    body = list(openpyxl.load_workbook(made.path)["Audit log"].iter_rows(min_row=2,
                                                                          values_only=True))
    assert [row[-1] for row in body] == want
    keep_screenshot(page, f"audit_exported_{language}")

    page.filter_bar.clear()
    page.filter_bar.choose(entity=None, entity_id=None, user="nobody")
    qtbot.waitUntil(lambda: page.model.loaded_once and page.empty.isVisible(), timeout=WAIT)
    assert page.empty.title.text() == ("Нет записей с такими фильтрами." if language == "ru"
                                       else "No entries match these filters.")


def test_a_change_anywhere_shows_up_live(desktop, qtbot, uow_factory):
    page = open_audit(desktop, qtbot)
    with uow_factory() as uow:       # another station: its own connection, a NOTIFY
        uow.audit("update", "webhook_subscription", 7, {"timeout": 30})
        uow.announce("subscription")
        uow.commit()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT)
    assert page.model.entry(0).entity_id == "7"
    qtbot.waitUntil(lambda: page.filter_bar.entity.findData("webhook_subscription") >= 0,
                    timeout=WAIT)


def test_an_id_without_entity_is_said(desktop, qtbot):
    page = open_audit(desktop, qtbot)
    page.filter_bar.entity_id.setText("12")
    page.filter_bar.entity_id.editingFinished.emit()
    assert page.notice.isVisibleTo(page)
    assert page.filter_bar.query().entity_id is None


def test_demo_data_reads_well(language, desktop, qtbot, uow_factory, tz):
    """The demo data set and a supervisor's day on it (edits, a close, a subscription), as a
    person sees it: words, not JSON; the detail's before and after."""
    from mesdesk.services.batches import close_batch, list_batches, update_batch
    from mesdesk.services.demo import fill_demo
    from mesdesk.services.dto import BatchFilter
    from mesdesk.services.webhooks import add_subscription, update_subscription

    fill_demo(uow_factory, tz, batches=12, seed=5)
    batches = list_batches(uow_factory, BatchFilter(is_closed=False), limit=5).rows
    update_batch(uow_factory, batches[0].id, {"team": "Бригада №4", "shift": "2"}, tz)
    close_batch(uow_factory, batches[1].id, tz)
    hook, _ = add_subscription(uow_factory, "https://erp.example/hooks",
                               ["batch_closed", "product_aggregated"])
    update_subscription(uow_factory, hook.id, timeout=30, retry_count=5)
    update_batch(uow_factory, batches[2].id, {"shift_end": "2026-12-31T20:00:00"}, tz)

    page = open_audit(desktop, qtbot)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() >= 5 and not page.model.fetching,
                    timeout=WAIT)
    for row in range(page.model.rowCount()):
        shown = " ".join(str(page.model.index(row, c).data()) for c in range(6))
        assert "{" not in shown and '"' not in shown, shown
        if language == "ru":
            assert cyrillic(page.model.index(row, ACTION).data())
    page.select_row([page.model.entry(r).action for r in range(page.model.rowCount())]
                    .index("update"))
    assert page.detail.changes.rowCount() >= 1
    page.resize(1366, 768)
    keep_screenshot(page, f"audit_demo_{language}")


def test_the_model_passes_the_model_tester(desktop, qtbot, qtmodeltester, engine):
    seed(engine, 250)
    page = open_audit(desktop, qtbot)
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 200 and not page.model.fetching,
                    timeout=WAIT)
    qtmodeltester.check(page.model)
