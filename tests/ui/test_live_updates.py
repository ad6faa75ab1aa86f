"""Live updates in the desktop app (SPEC §1): a change committed elsewhere reaches the pages
within a second, the status bar follows the database connection across a server restart, and
the status bar's counts are read off the GUI thread."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QWidget

from mesdesk.services.batches import close_batch
from tests.support.factories import create_batch

CONNECTED = "Database: shared, connected"
LOST = "Database: shared, connection lost"
RECONNECTING = "Database: shared, reconnecting…"


class ProbePage(QWidget):
    """A page that records the batch changes it is told of, subscribed in its constructor
    like the batches page."""

    def __init__(self, backend) -> None:
        super().__init__()
        self.calls: list[list[int] | None] = []
        backend.changes.batches_changed.connect(self.apply_batch_changes)

    def apply_batch_changes(self, ids: list[int] | None) -> None:
        self.calls.append(ids)

    def saw(self, batch_id: int) -> bool:
        return any(ids is not None and batch_id in ids for ids in self.calls)


def _probe(desktop, qtbot) -> ProbePage:
    probe = ProbePage(desktop.backend)
    desktop.window.set_page("probe", probe)
    qtbot.waitUntil(lambda: desktop.changes is not None and desktop.changes.state == "connected",
                    timeout=5000)
    return probe


def test_a_change_committed_elsewhere_reaches_the_pages_within_a_second(desktop, qtbot,
                                                                        uow_factory, tz):
    probe = _probe(desktop, qtbot)
    # The test's own engine: another connection, as another station would have.
    batch_id = create_batch(uow_factory, tz)
    qtbot.waitUntil(lambda: probe.saw(batch_id), timeout=1000)
    probe.calls.clear()

    committed = time.monotonic()
    close_batch(uow_factory, batch_id, tz)
    qtbot.waitUntil(lambda: probe.saw(batch_id), timeout=1000)
    assert time.monotonic() - committed < 1.0
    assert probe.calls == [[batch_id]]


def test_the_status_bar_follows_the_database_across_a_restart(desktop, qtbot, postgres):
    probe = _probe(desktop, qtbot)
    assert desktop.window.database_status.text() == CONNECTED
    shown: list[str] = []
    desktop.changes.state_changed.connect(
        lambda _state: shown.append(desktop.window.database_status.text()))
    try:
        postgres.stop()
        qtbot.waitUntil(lambda: LOST in shown, timeout=10000)
        assert desktop.window.database_status.property("state") in ("lost", "reconnecting")
    finally:
        postgres.start()
    qtbot.waitUntil(lambda: shown[-1:] == [CONNECTED], timeout=15000)
    assert shown == [LOST, RECONNECTING, CONNECTED]
    assert desktop.window.database_status.text() == CONNECTED
    # changes may have been missed meanwhile: every page is told to refresh everything
    qtbot.waitUntil(lambda: None in probe.calls, timeout=1000)


def test_the_offline_scans_count_is_read_off_the_gui_thread(desktop, qtbot):
    desktop.set_status_poll_interval(100)
    journal_written = []
    runtime = desktop.backend.runtime
    desktop.backend.run(lambda: runtime.journal.append(1, "0104601234567891215ABC", "test"),
                        success=journal_written.append)
    qtbot.waitUntil(lambda: bool(journal_written), timeout=5000)
    qtbot.waitUntil(
        lambda: desktop.window.offline_status.text() == "Offline scans waiting: 1", timeout=5000)
