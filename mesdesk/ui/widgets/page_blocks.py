"""The pager's memory, Qt-free: the rows of a long table as blocks (one keyset page each), of
which only the most recently used keep their rows.

A block knows the model rows it covers and the keyset cursor that loads it; an evicted block
keeps just that cursor (a short string), so a million-row table holds ~1,000 cursors and at
most ``max_resident_rows`` rows. ``KeysetTableModel`` (``pager.py``) reloads an evicted block
when it comes into view.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

KeyOf = Callable[[Any], Hashable]
#: ``fetch(cursor, limit) -> Page`` (mesdesk.services.dto.Page: ``rows``, ``next_cursor``).
Fetch = Callable[[str | None, int], Any]


@dataclass(eq=False)
class Block:
    start: int                  # first model row
    count: int                  # rows it covers (fixed once inserted)
    cursor: str | None          # keyset cursor that loads it (None: from the top)
    rows: list[Any] | None      # None when evicted
    loading: bool = False
    failed: bool = False
    dead: bool = False          # padding while a refresh shrinks the model


class Blocks:
    def __init__(self) -> None:
        self.install([])

    def install(self, blocks: list[Block], *, keep_lru: bool = False) -> None:
        """Use ``blocks`` (in row order) from now on; ``keep_lru``: the recency order of the
        blocks so far stays (they are kept at the same indexes)."""
        self.blocks = blocks
        self._starts = [block.start for block in blocks]
        self.row_count = sum(block.count for block in blocks)
        if keep_lru:
            return
        self._resident: OrderedDict[int, None] = OrderedDict()   # block index, LRU order
        self.resident_rows = 0
        for index, block in enumerate(blocks):
            if block.rows is not None and not block.dead:
                self._resident[index] = None
                self.resident_rows += block.count

    def append(self, cursor: str | None, rows: list[Any]) -> int:
        """A page's rows after the last row; returns the new block's index."""
        start = self.row_count
        self.blocks.append(Block(start, len(rows), cursor, rows))
        self._starts.append(start)
        self.row_count += len(rows)
        index = len(self.blocks) - 1
        self.make_resident(index)
        return index

    def locate(self, row: int) -> tuple[int, Block] | None:
        """The block holding model row ``row`` and its index."""
        if not 0 <= row < self.row_count:
            return None
        index = bisect.bisect_right(self._starts, row) - 1
        return index, self.blocks[index]

    def value(self, row: int) -> Any:
        """The stored row, or None (evicted, padding, or gone); touches nothing."""
        found = self.locate(row)
        if found is None or found[1].rows is None:
            return None
        block = found[1]
        offset = row - block.start
        return block.rows[offset] if offset < len(block.rows) else None

    def touch(self, index: int) -> None:
        """Block ``index`` was used: it is the last to be evicted."""
        if not self.blocks[index].dead and index in self._resident:
            self._resident.move_to_end(index)

    def make_resident(self, index: int) -> None:
        if index not in self._resident:
            self.resident_rows += self.blocks[index].count
        self._resident[index] = None
        self._resident.move_to_end(index)

    def evict(self, max_rows: int, keep: int | None = None) -> None:
        """Drop the rows of the least recently used blocks past ``max_rows`` (never ``keep``,
        by default the most recently used)."""
        if self.resident_rows <= max_rows:
            return
        newest = keep if keep is not None else next(reversed(self._resident), None)
        for index in list(self._resident):          # least recently used first
            if self.resident_rows <= max_rows:
                return
            if index == newest:
                continue
            del self._resident[index]
            block = self.blocks[index]
            block.rows = None
            self.resident_rows -= block.count

    def stored(self) -> Iterator[tuple[int, int, Any]]:
        """(model row, offset in its block's rows, row) of every row in memory."""
        for block in self.blocks:
            if block.rows is None or block.dead:
                continue
            for offset, row in enumerate(block.rows):
                if row is not None:
                    yield block.start + offset, offset, row

    def find(self, key_of: KeyOf, key: Hashable) -> int:
        """The model row of ``key`` among the rows in memory, or -1."""
        return next((model_row for model_row, _, row in self.stored() if key_of(row) == key), -1)

    def replace(self, key_of: KeyOf, rows: list[Any]) -> tuple[set[Hashable], list[int]]:
        """Put ``rows`` in the places of the rows in memory with the same keys; returns the
        keys found and the model rows changed."""
        wanted = {key_of(row): row for row in rows}
        found: set[Hashable] = set()
        changed: list[int] = []
        if not wanted:
            return found, changed
        for block in self.blocks:
            if block.rows is None or block.dead:
                continue
            for offset, row in enumerate(block.rows):
                if row is None:
                    continue
                key = key_of(row)
                if key in wanted:
                    block.rows[offset] = wanted[key]
                    found.add(key)
                    changed.append(block.start + offset)
        return found, changed

    def reset_failures(self) -> None:
        for block in self.blocks:
            block.failed = False


def fetch_until(fetch: Fetch, first: int, size: int, target: int) -> list[tuple[str | None, Any]]:
    """Pages from the top (the first of ``first`` rows, then ``size``) until ``target`` rows or
    the end, each with the cursor that loaded it: a refresh's work, on a worker thread."""
    pages: list[tuple[str | None, Any]] = []
    cursor: str | None = None
    total = 0
    while True:
        page = fetch(cursor, first if not pages else size)
        pages.append((cursor, page))
        total += len(page.rows)
        cursor = page.next_cursor
        if cursor is None or total >= target:
            return pages


def blocks_of(pages: Sequence[tuple[str | None, Any]]) -> list[Block]:
    """The blocks of pages read from the top (empty pages make none)."""
    blocks: list[Block] = []
    start = 0
    for cursor, page in pages:
        if page.rows:
            blocks.append(Block(start, len(page.rows), cursor, list(page.rows)))
            start += len(page.rows)
    return blocks
