"""Pages of a long read fetched one ahead, on a thread of their own.

An export is two kinds of work taking turns: waiting for the database to send a page, and
Python turning the page into lines of a file. The driver lets go of the GIL while it waits,
so reading the next page while this one is written costs about the longer of the two instead
of their sum (a million products to CSV: 2.5 s of reading and 3.5 s of writing).

Each page is read in a unit of work of its own (the page generators open one per page), so
the thread shares no connection with the caller. Whatever the reading raises is raised to the
caller at that point of the stream; when the caller stops early (a cancel, a failure while
writing), the thread ends after the page it is reading and the generator is closed.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any, TypeVar

Page = TypeVar("Page")
_END = object()
#: How long a hand-over waits before it looks whether the reader was told to stop.
_POLL_S = 0.2


def read_ahead(pages: Iterator[Page], depth: int = 1) -> Iterator[Page]:
    """``pages``, with up to ``depth`` of them read before they are asked for."""
    handed: queue.Queue[tuple[Any, BaseException | None]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand(item: tuple[Any, BaseException | None]) -> bool:
        while not stop.is_set():
            try:
                handed.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for page in pages:
                if not hand((page, None)):
                    return
            hand((_END, None))
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller
            hand((_END, exc))
        finally:
            close = getattr(pages, "close", None)
            if close is not None:
                close()

    reader = threading.Thread(target=read, name="mesdesk-read-ahead", daemon=True)
    reader.start()
    try:
        while True:
            page, error = handed.get()
            if page is _END:
                if error is not None:
                    raise error
                return
            yield page
    finally:
        stop.set()
        # A generator left unclosed is finalized by whichever thread collects it, which may
        # be the reader itself (it cannot join itself; told to stop, it ends on its own).
        if reader is not threading.current_thread():
            reader.join()
