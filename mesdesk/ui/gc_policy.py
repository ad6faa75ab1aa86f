"""Keep Python's cycle collector from stalling the GUI.

A full (generation 2) collection walks every tracked object with the GIL held, so every thread,
the GUI thread too, waits for it. Once PySide6, SQLAlchemy and MESDesk are imported that is
~100,000 objects, 50–90 ms on a modest workstation: a visible hitch whenever paging or any other
steady allocation triggers one. ``freeze_startup_heap()`` collects and moves everything that
exists at that moment into the permanent generation (``gc.freeze``), so later full collections
walk only what was made since: a few milliseconds. Frozen objects are still freed by reference
counting; only cycles among them are never collected, which is why this is done once the start
-up objects are in place and not repeatedly.

Call it once the window and its views are built (a second call, e.g. a second window in tests,
freezes what was added since, and is cheap).
"""

from __future__ import annotations

import gc
import time


def freeze_startup_heap() -> float:
    """Collect, then freeze what is alive; returns the milliseconds it took."""
    started = time.perf_counter()
    gc.collect()
    gc.freeze()
    return (time.perf_counter() - started) * 1000
