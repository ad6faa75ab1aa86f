"""Live updates on the GUI thread: the change listener's callbacks as Qt signals.

The listener (``Runtime.listen``: LISTEN/NOTIFY with a polling fallback and reconnection) is
a plain thread; its callbacks only emit signals here, which Qt queues to the GUI thread, where
views refresh what changed (ARCHITECTURE, Threads).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class Listener(Protocol):
    def start(self) -> None: ...

    def stop(self, timeout: float = 1.0) -> None: ...


#: ``(on_change, on_state) -> an unstarted listener``; ``Runtime.listen`` fits.
ListenerFactory = Callable[[Callable[[dict], None], Callable[[str], None]], Listener]


def runtime_listener(runtime: Any, **options: Any) -> ListenerFactory:
    """The factory for a ``Runtime`` (``options`` go to ``ChangeListener``)."""
    return lambda on_change, on_state: runtime.listen(on_change, on_state, **options)


class ChangesBridge(QObject):
    """``batches_changed(ids)``: a list of batch ids, or None for "refresh every batch";
    ``changed(payload)``: every change as the database announced it (any entity);
    ``state_changed(state)``: connected | lost | reconnecting."""

    batches_changed = Signal(object)
    changed = Signal(object)
    state_changed = Signal(str)

    def __init__(self, factory: ListenerFactory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self._listener: Listener | None = None
        self._state = ""
        self.state_changed.connect(self._remember_state)

    @property
    def state(self) -> str:
        """The last state delivered on the GUI thread ("" before the first)."""
        return self._state

    @property
    def running(self) -> bool:
        return self._listener is not None

    def start(self) -> None:
        """Start listening; returns at once (the connection is made on the listener thread)."""
        if self._listener is not None:
            return
        self._listener = self._factory(self._on_change, self._on_state)
        self._listener.start()

    def stop(self) -> None:
        """Stop listening (returns within about a second); no signal follows."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()

    # -- called on the listener thread: emit only --------------------------------------------

    def _on_change(self, change: dict) -> None:
        if self._listener is None:
            return
        self.changed.emit(change)
        if change.get("entity", "batch") == "batch":
            ids = change.get("ids")
            self.batches_changed.emit(None if ids is None else list(ids))

    def _on_state(self, state: str) -> None:
        if self._listener is None:
            return
        self.state_changed.emit(state)

    def _remember_state(self, state: str) -> None:
        self._state = state
