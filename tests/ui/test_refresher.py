"""The one refresher every screen uses: one read in flight, one follow-up, nothing read while
the database is lost; ops deliver on the GUI thread. On a runtime without a database
(tests/support/fakes.py): these are the widget layer's own rules."""

from __future__ import annotations

import threading

import pytest

from mesdesk.config import Settings
from mesdesk.ui.backend import Backend
from mesdesk.ui.widgets.refresher import Refresher
from tests.support.fakes import runtime_without_database


class GatedRead:
    """A read that waits until the test opens its gate, counting the reads that started."""

    def __init__(self) -> None:
        self.started = 0
        self.gate = threading.Semaphore(0)
        self.threads: list[str] = []

    def __call__(self) -> int:
        self.started += 1
        self.threads.append(threading.current_thread().name)
        self.gate.acquire(timeout=10)
        return self.started


@pytest.fixture
def backend(qapp, tmp_path):
    runtime = runtime_without_database(Settings(data_dir=tmp_path, config_dir=tmp_path,
                                                station="bench-1"))
    backend = Backend.build(runtime)
    yield backend
    backend.close()
    runtime.close()


def test_asks_during_a_read_become_one_follow_up(qtbot, backend):
    read, shown = GatedRead(), []
    refresher = Refresher(backend.ops, read=read, apply=shown.append)
    refresher.refresh()
    for _ in range(5):
        refresher.refresh()                   # five asks while the first read runs
    assert read.started == 1 and refresher.busy
    read.gate.release()
    qtbot.waitUntil(lambda: read.started == 2)
    read.gate.release()
    qtbot.waitUntil(lambda: shown == [1, 2] and not refresher.busy)
    assert read.started == 2                  # one follow-up, not five
    assert all(name.startswith("mesdesk-op") for name in read.threads)


def test_nothing_is_read_while_the_database_is_lost_and_once_when_it_is_back(qtbot, backend):
    read, shown = GatedRead(), []
    refresher = Refresher(backend.ops, read=read, apply=shown.append)
    refresher.follow_connection(backend.changes)
    backend.changes.state_changed.emit("lost")
    refresher.refresh()
    refresher.refresh()
    assert read.started == 0 and refresher.paused
    read.gate.release()
    backend.changes.state_changed.emit("connected")
    qtbot.waitUntil(lambda: shown == [1])
    assert read.started == 1


def test_a_failed_read_is_told_and_the_next_ask_reads_again(qtbot, backend):
    errors, shown = [], []
    outcomes = iter([RuntimeError("server gone"), 7])

    def read():
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    refresher = Refresher(backend.ops, read=read, apply=shown.append, failed=errors.append)
    refresher.refresh()
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert str(errors[0]) == "server gone" and not refresher.busy
    refresher.refresh()
    qtbot.waitUntil(lambda: shown == [7])


def test_an_op_delivers_on_the_gui_thread_and_not_to_a_deleted_owner(qtbot, backend):
    from PySide6.QtWidgets import QLabel

    delivered = []
    backend.run(lambda: 41 + 1, success=lambda value: delivered.append(
        (value, threading.current_thread() is threading.main_thread())))
    qtbot.waitUntil(lambda: delivered == [(42, True)])

    gone = QLabel()
    gate = threading.Event()
    future = backend.run(lambda: gate.wait(10), success=delivered.append, owner=gone)
    gone.deleteLater()
    qtbot.waitUntil(lambda: not _alive(gone))
    gate.set()
    qtbot.waitUntil(lambda: future.done() and backend.ops.pending == 0)
    assert delivered == [(42, True)]


def test_a_screen_test_that_reaches_the_database_fails_loudly(qtbot, backend):
    errors = []
    backend.run(lambda: backend.use.list_batches(), failure=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert "replace the use case" in str(errors[0])


def _alive(widget) -> bool:
    from mesdesk.ui.widgets.ops import alive

    return alive(widget)


def test_spaced_reads_gather_every_ask_in_between_into_one(qtbot, backend):
    """Every scan of every station asks for the counters: at most one read per interval."""
    import time

    starts: list[float] = []

    def read() -> int:
        starts.append(time.monotonic())
        return len(starts)

    shown: list[int] = []
    refresher = Refresher(backend.ops, read=read, apply=shown.append)
    refresher.at_most_every(300)
    refresher.refresh()
    qtbot.waitUntil(lambda: shown == [1])
    for _ in range(10):
        refresher.refresh()                   # ten asks right after the first read
    assert len(starts) == 1                   # none of them reads at once
    qtbot.waitUntil(lambda: shown == [1, 2], timeout=3000)
    assert starts[1] - starts[0] >= 0.3       # the one follow-up waited for its turn
    assert not refresher.busy and not refresher.waiting   # no queue of ten behind it


def test_what_the_user_did_is_read_at_once_even_when_reads_are_spaced(qtbot, backend):
    import time

    starts: list[float] = []

    def read() -> int:
        starts.append(time.monotonic())
        return len(starts)

    shown: list[int] = []
    refresher = Refresher(backend.ops, read=read, apply=shown.append)
    refresher.at_most_every(5_000)            # the flood waits five seconds...
    refresher.refresh()
    qtbot.waitUntil(lambda: shown == [1])
    refresher.refresh()
    assert refresher.waiting and len(starts) == 1
    refresher.refresh_now()                   # ...a chosen batch does not
    qtbot.waitUntil(lambda: shown == [1, 2], timeout=2000)
    assert starts[1] - starts[0] < 5
