""""Export to Excel" on the Analytics tabs, with real jobs on the test database: the button is
there only while the tab shows something, the job's file is offered where it was started
(Open file, Show in folder), in the user's language, and recorded as a job.

Set MESDESK_SCREENSHOTS to a folder to keep the pictures for a look.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mesdesk.domain.files import Bucket
from mesdesk.jobs.update import SUCCEEDED
from mesdesk.services.demo import fill_demo
from mesdesk.ui.views.analytics.page import AnalyticsPage
from tests.support.db import scalar
from tests.support.screens import cyrillic, keep_screenshot

WAIT = 30000


@pytest.fixture
def demo(uow_factory, tz):
    fill_demo(uow_factory, tz, batches=12, seed=5)


def open_analytics(desktop, qtbot) -> AnalyticsPage:
    desktop.window.show_area("analytics")
    page = desktop.window.page("analytics")
    qtbot.waitUntil(lambda: page.dashboard.loaded_once, timeout=WAIT)
    return page


def last_job(engine) -> str:
    return scalar(engine, "SELECT kind || ' ' || status FROM jobs ORDER BY id DESC LIMIT 1")


def test_the_dashboard_is_exported_and_its_file_offered(language, desktop, qtbot, engine,
                                                        opened, demo):
    page = open_analytics(desktop, qtbot)
    tab = page.dashboard
    qtbot.waitUntil(lambda: tab.centers.figures.rowCount() > 0, timeout=WAIT)
    assert tab.export.button.isEnabled()
    assert not tab.export.result.isVisible()

    qtbot.mouseClick(tab.export.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.export.result.isVisible(), timeout=WAIT)

    made = tab.export.result.file
    assert made.bucket == Bucket.EXPORTS and made.object.startswith("dashboard_export_")
    assert made.rows > 0 and not tab.export.progress.isVisible()
    text = tab.export.result.label.text()
    assert made.object in text
    book = openpyxl.load_workbook(made.path, read_only=True)
    if language == "en":
        assert text.startswith("Export of the dashboard: ")
        assert tab.export.button.text() == "Export to Excel"
        assert book.sheetnames[:2] == ["Summary", "By shift"]
    else:
        assert cyrillic(text) and cyrillic(tab.export.button.text())
        assert book.sheetnames[:2] == ["Сводка", "По сменам"]
    book.close()
    assert last_job(engine) == f"export_dashboard {SUCCEEDED}"
    QApplication.processEvents()
    keep_screenshot(tab, f"analytics_dashboard_export_{language}")

    qtbot.mouseClick(tab.export.result.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.export.result.folder_button, Qt.MouseButton.LeftButton)
    assert [Path(url.toLocalFile()) for url in opened.urls] == [made.path, made.path.parent]


def test_a_batchs_statistics_and_a_comparison_export_what_they_show(desktop, qtbot, engine,
                                                                    demo):
    page = open_analytics(desktop, qtbot)
    stats, compare = page.batch_stats, page.compare
    assert not stats.export.button.isEnabled() and not compare.export.button.isEnabled()

    page.show_batch_statistics(2)
    qtbot.waitUntil(lambda: stats.shown_id == 2 and stats.export.button.isEnabled(),
                    timeout=WAIT)
    qtbot.mouseClick(stats.export.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stats.export.result.isVisible(), timeout=WAIT)
    assert stats.export.result.file.object.startswith("batch_statistics_export_")
    number = stats.analytics.batch.batch_number
    assert stats.export.result.label.text().startswith(f"Statistics of batch {number}: ")
    assert last_job(engine) == f"export_batch_statistics {SUCCEEDED}"
    QApplication.processEvents()
    keep_screenshot(stats, "analytics_batch_stats_export_en")

    page.tabs.setCurrentWidget(compare)
    for batch_id in (2, 3, 4):
        compare.add_batch(batch_id)
    qtbot.mouseClick(compare.compare_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: compare.export.button.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(compare.export.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: compare.export.result.isVisible(), timeout=WAIT)
    made = compare.export.result.file
    assert made.object.startswith("comparison_export_")
    assert compare.export.result.label.text().startswith("Comparison of 3 batches: ")
    # (In the report language of the suite's locale: the first sheet, whatever its name.)
    sheet = openpyxl.load_workbook(made.path).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, max_row=4, values_only=True)] \
        == [2, 3, 4]
    QApplication.processEvents()
    keep_screenshot(compare, "analytics_compare_export_en")


def test_a_refused_export_says_why_in_the_users_language(language, desktop, qtbot):
    from datetime import date

    from mesdesk.domain import problems as P

    def refused(*args, **kwargs):
        raise P.ANALYTICS_DATES_REVERSED(start_date=date(2024, 3, 31), end_date=date(2024, 3, 1))

    page = open_analytics(desktop, qtbot)
    tab = page.dashboard
    desktop.backend.use.replace(export_dashboard=refused)
    qtbot.waitUntil(lambda: tab.export.button.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(tab.export.button, Qt.MouseButton.LeftButton)
    progress = tab.export.progress
    qtbot.waitUntil(lambda: progress.last_update is not None and progress.last_update.finished,
                    timeout=WAIT)
    text = progress.label.text()
    if language == "en":
        assert text.startswith("The range ends ("), text
    else:
        assert cyrillic(text), text
    assert not tab.export.result.isVisible()
    QApplication.processEvents()
    keep_screenshot(tab, f"analytics_dashboard_export_refused_{language}")
