"""Scanning-station benchmarks (issue 4), the whole desktop app on a real PostgreSQL holding
1,000,000 products:

- terminator key -> verdict painted, p99 <= 30 ms (keys delivered as a wedge scanner types
  them, through the application-wide capture, the scan thread, the journal and the database);
- 20 scans/s sustained (default 10 minutes; MESDESK_BENCH_SUSTAIN_S shortens it for a trial)
  with no growth in memory or latency.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import date

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from mesdesk.adapters.db.engine import make_engine
from mesdesk.adapters.db.uow import SqlUnitOfWorkFactory
from mesdesk.services.intake import intake_batches
from tests.benchmarks.test_bench_core import code_for, seed_products
from tests.support.factories import batch_item
from tests.support.keys import KeyClock, scan
from tests.support.qt import isolate_qsettings
from mesdesk.bootstrap import Overrides
from tests.support.identity import signed_in

TIMEZONE = "Europe/Moscow"
BATCHES = 50
PER_BATCH = 20_000           # 50 x 20,000 = 1,000,000 products
SUSTAIN_S = float(os.environ.get("MESDESK_BENCH_SUSTAIN_S", "600"))
RATE = 20                    # scans per second


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.99) - 1)]


@pytest.fixture(scope="module")
def million_products(postgres):
    from zoneinfo import ZoneInfo

    from mesdesk.adapters.db.migrate import upgrade

    url = postgres.create_database("mesdesk_bench_scan")
    engine = make_engine(url, pool_size=2)
    upgrade(engine)
    day = date(2026, 11, 25)
    factory = SqlUnitOfWorkFactory(engine, station="bench")
    intake_batches(factory, [batch_item(i + 1, day) for i in range(BATCHES)],
                   ZoneInfo(TIMEZONE))
    with factory() as uow:
        ids = sorted(b.id for b in uow.batches.find_by_keys(
            [(i + 1, day) for i in range(BATCHES)]).values())
    seed_products(engine, ids, first=0, per_batch=PER_BATCH)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM products")).scalar() == 1_000_000
    engine.dispose()
    yield url, ids


@pytest.fixture
def station(million_products, qtbot, tmp_path, monkeypatch, qapp):
    from mesdesk.config import load_settings
    from mesdesk.ui.app import DesktopApp

    url, ids = million_products
    isolate_qsettings(tmp_path / "qsettings", "MESDesk-bench")
    monkeypatch.setenv("MESDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MESDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MESDESK_TIMEZONE", TIMEZONE)
    app = DesktopApp(load_settings(database_url=url), Overrides(identity=signed_in()))
    qtbot.addWidget(app.window)
    app.window.resize(1366, 768)
    app.start()
    qtbot.waitUntil(lambda: app.backend is not None, timeout=30000)
    page = app.window.page("aggregation")
    app.window.show_area("aggregation")
    yield app, page, ids
    app.shutdown()


def scan_and_wait(page, code: str, clock: KeyClock, qtbot) -> float:
    """One scan through the keyboard; the ms from its terminator to its verdict painted."""
    before = page.verdict.sequence
    scan(code, clock=clock, target=page)
    qtbot.waitUntil(lambda: page.verdict.sequence > before
                    and page.verdict.painted_sequence == page.verdict.sequence, timeout=5000)
    return (page.verdict.painted_at - page.last_outcome.capture.at) * 1000


def test_terminator_to_verdict_painted(station, qtbot, record):
    app, page, ids = station
    batch = ids[0]
    page.choose_batch(batch)
    qtbot.waitUntil(lambda: page.header.number.text() != "", timeout=10000)
    clock = KeyClock()
    for n in range(100):                           # warm the pools, plans and caches
        scan_and_wait(page, code_for(n), clock, qtbot)
    timings = [scan_and_wait(page, code_for(n), clock, qtbot) for n in range(100, 2100)]
    assert page.verdict.verdict == "accepted"
    median, worst99 = statistics.median(timings), p99(timings)
    record("scan_terminator_to_painted", scans=len(timings), p50_ms=round(median, 2),
           p99_ms=round(worst99, 2), max_ms=round(max(timings), 2), goal_p99_ms=30)
    assert worst99 <= 30


def test_twenty_scans_a_second_sustained(station, qtbot, record):
    app, page, ids = station
    batch = ids[1]
    page.choose_batch(batch)
    qtbot.waitUntil(lambda: page.header.number.text() != "", timeout=10000)
    clock = KeyClock()
    first = PER_BATCH          # batch ids[1] holds code_for(PER_BATCH ...)
    total = int(SUSTAIN_S * RATE)
    assert total < PER_BATCH
    latencies: list[tuple[float, float]] = []    # (seconds since start, ms)
    memory: list[tuple[float, float]] = []
    state = {"sent": 0, "seen": 0}
    started = time.perf_counter()

    def tick() -> None:
        if state["sent"] >= total:
            return
        scan(code_for(first + state["sent"]), clock=clock, target=page)
        state["sent"] += 1

    def painted() -> None:
        outcome = page.last_outcome
        if outcome is None or page.verdict.painted_sequence != page.verdict.sequence:
            return
        if state["seen"] != page.verdict.sequence:
            state["seen"] = page.verdict.sequence
            latencies.append((time.perf_counter() - started,
                              (page.verdict.painted_at - outcome.capture.at) * 1000))

    sender = QTimer()
    sender.setInterval(1000 // RATE)
    sender.timeout.connect(tick)
    watcher = QTimer()
    watcher.setInterval(1)
    watcher.timeout.connect(painted)
    sampler = QTimer()
    sampler.setInterval(10_000)
    sampler.timeout.connect(lambda: memory.append((time.perf_counter() - started, rss_mb())))
    memory.append((0.0, rss_mb()))
    for timer in (sender, watcher, sampler):
        timer.start()
    qtbot.waitUntil(lambda: state["sent"] >= total and page.recent_model.rowCount() > 0
                    and page.last_outcome is not None
                    and page.last_outcome.result.code == code_for(first + total - 1),
                    timeout=int(SUSTAIN_S * 1000) + 60_000)
    elapsed = time.perf_counter() - started
    for timer in (sender, watcher, sampler):
        timer.stop()
    QApplication.processEvents()
    memory.append((elapsed, rss_mb()))

    window = min(60.0, SUSTAIN_S / 5)
    early = [ms for at, ms in latencies if at <= window]
    late = [ms for at, ms in latencies if at >= elapsed - window]
    settled = [mb for at, mb in memory if at >= window]     # after the first minute's warm-up
    growth = (settled[-1] - settled[0]) if len(settled) >= 2 else 0.0
    with app.backend.runtime.engine.connect() as connection:
        aggregated = connection.execute(text(
            "SELECT products_aggregated FROM batches WHERE id = :id"), {"id": batch}).scalar()
    record("scan_sustained_20_per_s", seconds=round(elapsed, 1), scans=total,
           aggregated=aggregated, rate_per_s=round(total / elapsed, 2),
           p50_ms=round(statistics.median(ms for _, ms in latencies), 2),
           p99_first_ms=round(p99(early), 2), p99_last_ms=round(p99(late), 2),
           rss_start_mb=round(memory[0][1], 1), rss_end_mb=round(memory[-1][1], 1),
           rss_growth_after_warmup_mb=round(growth, 1))
    assert aggregated == total
    assert total / elapsed >= RATE * 0.95
    assert p99(late) <= max(30.0, p99(early) * 1.5)
    assert growth <= 20
