"""The Batches area with 1,000,000 batches in a running database (`make bench` only).

Goals (issue "The supervisor's window", item 2):
- window shown and the first 100 rows on screen <= 1.5 s after start;
- a filter change to its first rows <= 300 ms;
- scrolling to the end of the table without the GUI thread blocking more than 50 ms at a time
  (a QTimer heartbeat every 5 ms records the largest gap between two beats).

The data set is seeded set-based with generate_series (seconds, not a million round trips).
The GUI thread's SQL guard of the UI tests is on here too.
"""

from __future__ import annotations

import resource
import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import event

from mesdesk.adapters.db.engine import make_engine
from mesdesk.services.dto import BatchFilter
from tests.benchmarks.conftest import seeded_database
from tests.support.qt import isolate_qsettings
from mesdesk.bootstrap import Overrides
from tests.support.identity import signed_in

BATCHES = 1_000_000
TIMEZONE = "Asia/Yekaterinburg"

SEED = f"""
INSERT INTO work_centers (identifier, name)
SELECT 'RC-' || lpad(n::text, 3, '0'), 'Цех №' || (1 + n / 10) || ' — линия ' || n
  FROM generate_series(1, 40) AS n;

INSERT INTO batches (is_closed, closed_at, task_description, work_center_id, shift, team,
                     batch_number, batch_date, nomenclature, ekn_code, shift_start, shift_end,
                     products_total, products_aggregated)
SELECT closed,
       CASE WHEN closed THEN (day + time '21:00') AT TIME ZONE '{TIMEZONE}' END,
       'Задание на смену №' || n || ': ' || nomenclature,
       (SELECT id FROM work_centers ORDER BY id LIMIT 1) + n % 40,
       CASE WHEN n % 2 = 0 THEN '1 смена' ELSE '2 смена' END,
       'Бригада №' || (1 + n % 7),
       n, day, nomenclature, 'EKN-' || (10000 + n % 500),
       (day + CASE WHEN n % 2 = 0 THEN time '08:00' ELSE time '20:00' END)
           AT TIME ZONE '{TIMEZONE}',
       (day + CASE WHEN n % 2 = 0 THEN time '08:00' ELSE time '20:00' END + interval '12 hours')
           AT TIME ZONE '{TIMEZONE}',
       total, CASE WHEN closed THEN total ELSE total * (n % 10) / 10 END
  FROM (SELECT n,
               date '2019-01-01' + (n / 400) AS day,
               n % 3 = 0 AS closed,
               (ARRAY['Вода питьевая «Родник» 0,5 л', 'Молоко 3,2 % 1 л', 'Кефир 2,5 % 0,9 л',
                      'Сыр «Российский» 200 г', 'Кроссовки мужские, р. 42',
                      'Сок яблочный 1 л'])[1 + n % 6] AS nomenclature,
               ((n::bigint * 7919) % 300)::int AS total
          FROM generate_series(1, {BATCHES}) AS n) AS s;
ANALYZE;
"""


@pytest.fixture(scope="module")
def million_url(postgres):
    return seeded_database(postgres, "mesdesk_bench_ui", SEED, "SELECT count(*) FROM batches", BATCHES)


@pytest.fixture
def private_qsettings(tmp_path, qapp):
    isolate_qsettings(tmp_path / "qsettings", "MESDesk-bench")


class Heartbeat:
    """The longest the GUI thread went without running a 5 ms timer."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._beat)
        self.worst = 0.0
        self._last = 0.0

    def start(self) -> None:
        self.worst = 0.0
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.worst * 1000

    def _beat(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self._last)
        self._last = now


class GuiSqlGuard:
    def __init__(self, engine) -> None:
        self.offences: list[str] = []
        self._engine = engine
        event.listen(engine, "before_cursor_execute", self._check)

    def _check(self, conn, cursor, statement, *args) -> None:
        if threading.current_thread() is threading.main_thread():
            self.offences.append(statement[:120])

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._check)


@pytest.fixture
def started_app(million_url, qtbot, tmp_path, monkeypatch, private_qsettings):
    """Start the app as a user would; returns (app, seconds to the first 100 rows painted)."""
    from mesdesk.config import load_settings
    from mesdesk.ui.app import DesktopApp
    from mesdesk.ui.views.batches.page import BatchesPage

    monkeypatch.setenv("MESDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MESDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MESDESK_TIMEZONE", TIMEZONE)
    settings = load_settings(database_url=million_url)
    started = time.perf_counter()
    app = DesktopApp(settings, Overrides(identity=signed_in()))
    qtbot.addWidget(app.window)
    app.window.resize(1366, 768)
    app.start()

    def first_rows() -> bool:
        if app.backend is None:
            return False
        page = app.window.page("batches")
        return isinstance(page, BatchesPage) and page.model.rowCount() >= 100

    qtbot.waitUntil(first_rows, timeout=30000)
    page = app.window.page("batches")
    page.table.viewport().repaint()       # painted, not just inserted
    first_rows_s = time.perf_counter() - started
    guard = GuiSqlGuard(app.backend.runtime.engine)
    yield app, page, first_rows_s
    guard.close()
    app.shutdown()
    assert guard.offences == [], guard.offences


def _wait_first_rows(page, qtbot, timeout: int = 30000) -> None:
    qtbot.waitUntil(lambda: page.model.loaded_once and page.model.rowCount() > 0
                    and not page.model.fetching, timeout=timeout)


def test_start_and_filter_with_a_million_batches(started_app, qtbot, record):
    app, page, first_rows_s = started_app
    assert page.model.batch_at(0).batch_number == BATCHES    # newest first
    qtbot.waitUntil(lambda: page.model.total == BATCHES, timeout=30000)

    timings: dict[str, float] = {}
    heartbeat = Heartbeat()
    heartbeat.start()
    bar = page.filter_bar
    for name, change in (
            ("open_only", lambda: bar.status.setCurrentIndex(bar.status.findData(False))),
            ("work_center", lambda: bar.work_center.setCurrentIndex(
                bar.work_center.findData("RC-007"))),
            ("closed_only", lambda: bar.status.setCurrentIndex(bar.status.findData(True))),
            ("everything_again", bar.clear)):
        if name == "work_center":
            qtbot.waitUntil(lambda: bar.work_center.findData("RC-007") > 0, timeout=30000)
        started = time.perf_counter()
        change()
        _wait_first_rows(page, qtbot)
        page.table.viewport().repaint()
        timings[name] = round((time.perf_counter() - started) * 1000, 1)

    filter_stall = heartbeat.stop()

    # Text search and server-side sorts: recorded, not goals of the issue (see the notes).
    heartbeat.start()
    extra: dict[str, float] = {}
    for name, flt in (("search_ekn", BatchFilter(search="EKN-10123")),
                      ("sort_products_total", BatchFilter(sort="products_total")),
                      ("sort_rate", BatchFilter(sort="aggregation_rate")),
                      ("sort_number", BatchFilter(sort="batch_number", descending=False))):
        started = time.perf_counter()
        page.model.set_filter(flt)
        _wait_first_rows(page, qtbot)
        extra[name] = round((time.perf_counter() - started) * 1000, 1)
    extra_stall = heartbeat.stop()

    # The stalls here are recorded, not asserted: on a two-core machine the database's
    # parallel full scans (the count, the unindexed sorts, the text search) take every CPU
    # for a moment, and that shows as GUI-thread latency the view cannot avoid.
    record("batches_view_start_and_filter", batches=BATCHES,
           first_100_rows_s=round(first_rows_s, 3), goal_first_rows_s=1.5,
           filter_to_first_rows_ms=timings, goal_filter_ms=300, other_first_rows_ms=extra,
           worst_gui_stall_filters_ms=round(filter_stall, 1),
           worst_gui_stall_sorts_and_search_ms=round(extra_stall, 1))
    assert first_rows_s <= 1.5
    assert max(timings.values()) <= 300


def test_scrolling_to_the_end_of_a_million_batches(started_app, qtbot, record):
    app, page, _ = started_app
    model = page.model
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    heartbeat = Heartbeat()
    pages = 0
    started = time.perf_counter()
    heartbeat.start()
    while model.has_more:
        before = model.rowCount()
        page.table.scrollToBottom()         # as End / dragging the scroll bar down does
        qtbot.waitUntil(lambda: model.rowCount() > before or not model.has_more,
                        timeout=30000)
        pages += 1
    page.table.scrollToBottom()
    QApplication.processEvents()
    worst_stall = heartbeat.stop()
    elapsed = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    # Back to the top: the evicted first rows come back from their keyset cursor.
    heartbeat.start()
    page.table.scrollToTop()
    qtbot.waitUntil(lambda: model.peek(0) is not None, timeout=10000)
    back_stall = heartbeat.stop()

    record("batches_view_scroll_to_end", rows=model.rowCount(), pages=pages,
           seconds=round(elapsed, 1), worst_gui_stall_ms=round(worst_stall, 1),
           back_to_top_worst_stall_ms=round(back_stall, 1), goal_stall_ms=50,
           resident_rows=model.resident_rows, blocks=model.block_count,
           max_rss_growth_mb=round((rss_after - rss_before) / 1024, 1))
    assert model.rowCount() == BATCHES
    assert model.resident_rows <= model.max_resident_rows + model.page_size
    assert worst_stall <= 50 and back_stall <= 50


def test_keyset_query_plans(million_url, record):
    """EXPLAIN of the list's queries on a million batches, for the notes (not a goal)."""
    from mesdesk.adapters.db.uow import SqlUnitOfWorkFactory
    from mesdesk.services.batches import list_batches

    engine = make_engine(million_url)
    factory = SqlUnitOfWorkFactory(engine)
    plans: dict[str, str] = {}
    captured: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "_sort_key" in statement:
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    cases = {
        "date_first_page": (BatchFilter(), False),
        "date_deep_page": (BatchFilter(), True),
        "open_only": (BatchFilter(is_closed=False), False),
        "products_total": (BatchFilter(sort="products_total"), True),
        "aggregation_rate": (BatchFilter(sort="aggregation_rate"), True),
        "search": (BatchFilter(search="EKN-10123"), False),
    }
    for name, (flt, deep) in cases.items():
        cursor = None
        if deep:
            cursor = list_batches(factory, flt, limit=1000).next_cursor
        captured.clear()
        list_batches(factory, flt, cursor=cursor, limit=1000)
        statement, parameters = captured[-1]
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            with raw.cursor() as dbcursor:
                dbcursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF, SUMMARY ON) "
                                 + statement, parameters)
                lines = [row[0] for row in dbcursor.fetchall()]
        plans[name] = " | ".join(line.strip() for line in lines
                                 if "Scan" in line or "Sort" in line or "Execution" in line)
    event.remove(engine, "before_cursor_execute", capture)
    engine.dispose()
    record("batches_view_query_plans", **plans)
