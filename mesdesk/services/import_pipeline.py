"""Storing an import's rows while the rest of the file is still being checked.

Checking rows is Python's work, storing them the database server's: run one after the other,
a 100,000-row sheet costs their sum; here the rows checked so far are stored by a thread of
their own while the caller checks the next ones, so it costs about the longer of the two.
It is still ONE unit of work, opened, used and ended by that one thread: nothing is visible
to anyone until ``finish`` commits, and ``abort`` (a bad file found late, a cancel, an
error) rolls everything back.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from .ports import UnitOfWork, UnitOfWorkFactory

Result = TypeVar("Result")
_FINISH, _ABORT = object(), object()
#: Chunks checked and waiting to be stored, at most. The database is the slower side: the
#: checking runs ahead and ends early, so the two do not share the GIL and the machine's
#: cores for the whole import (the chunks hold references to rows the caller keeps anyway).
AHEAD = 20
#: How long a hand-over waits before it looks whether the storing thread died.
_POLL_S = 0.5


class StoreBehind(Generic[Result]):
    """``put(chunk)`` hands checked rows to ``store(uow, chunk)`` on the storing thread, or
    ``add(row)`` one row at a time (handed ``chunk_rows`` at a time, the rest at ``finish``);
    ``finish(final)`` runs ``final(uow)`` there, commits and returns its result."""

    def __init__(self, uow_factory: UnitOfWorkFactory,
                 store: Callable[[UnitOfWork, Any], None], *, chunk_rows: int = 10_000) -> None:
        self._uow_factory = uow_factory
        self._store = store
        self._chunk_rows = chunk_rows
        self._rows: list[Any] = []
        self._chunks: queue.Queue[Any] = queue.Queue(maxsize=AHEAD)
        self._final: Callable[[UnitOfWork], Result] | None = None
        self._result: Result | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="mesdesk-import-store",
                                        daemon=True)
        self._thread.start()

    def put(self, chunk: Any) -> None:
        self._hand(chunk)

    def add(self, row: Any) -> None:
        self._rows.append(row)
        if len(self._rows) >= self._chunk_rows:
            self._hand(self._rows)
            self._rows = []

    def finish(self, final: Callable[[UnitOfWork], Result]) -> Result:
        if self._rows:
            self._hand(self._rows)
            self._rows = []
        self._final = final
        self._hand(_FINISH)
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result  # type: ignore[return-value]

    def abort(self) -> None:
        """Roll back whatever was stored (idempotent; never raises)."""
        if self._thread.is_alive():
            try:
                self._hand(_ABORT)
            except BaseException:  # noqa: BLE001 - the thread ended meanwhile
                pass
            self._thread.join()

    def _hand(self, item: Any) -> None:
        while True:
            if self._error is not None:
                raise self._error
            if not self._thread.is_alive():
                raise RuntimeError("the storing thread has ended")
            try:
                self._chunks.put(item, timeout=_POLL_S)
                return
            except queue.Full:
                continue

    def _run(self) -> None:
        try:
            with self._uow_factory() as uow:
                while True:
                    item = self._chunks.get()
                    if item is _ABORT:
                        return              # leaving the block rolls back
                    if item is _FINISH:
                        assert self._final is not None
                        self._result = self._final(uow)
                        uow.commit()
                        return
                    self._store(uow, item)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            self._error = exc
            self._drain()

    def _drain(self) -> None:
        """Empty the queue so that a caller blocked on a full one sees the error."""
        while True:
            try:
                self._chunks.get_nowait()
            except queue.Empty:
                return
