"""The pager's memory without Qt: blocks, least-recently-used eviction, keys, refresh reads."""

from __future__ import annotations

from dataclasses import dataclass

from mesdesk.ui.widgets.page_blocks import Blocks, blocks_of, fetch_until


@dataclass(frozen=True)
class Page:
    rows: tuple
    next_cursor: str | None


def key(row):
    return row[0]


def filled(*sizes: int) -> Blocks:
    blocks, n = Blocks(), 0
    for size in sizes:
        blocks.append(f"c{n}", [(n + i, f"row {n + i}") for i in range(size)])
        n += size
    return blocks


def test_rows_are_found_by_model_row_across_blocks():
    blocks = filled(100, 1000, 1000)
    assert blocks.row_count == 2100
    assert blocks.value(0) == (0, "row 0")
    assert blocks.value(1100) == (1100, "row 1100")
    assert blocks.value(2100) is None and blocks.value(-1) is None
    index, block = blocks.locate(150)
    assert index == 1 and block.start == 100 and block.cursor == "c100"


def test_the_least_recently_used_blocks_lose_their_rows_but_keep_their_cursor():
    blocks = filled(100, 100, 100, 100)
    blocks.touch(0)                       # the first block was just looked at
    blocks.evict(max_rows=200)
    assert blocks.resident_rows == 200
    assert blocks.blocks[0].rows is not None and blocks.blocks[3].rows is not None
    assert blocks.blocks[1].rows is None and blocks.blocks[1].cursor == "c100"
    assert blocks.value(150) is None      # shown as a placeholder until reloaded


def test_the_block_just_reloaded_is_never_the_one_evicted():
    blocks = filled(100, 100, 100)
    blocks.evict(max_rows=100, keep=0)
    assert blocks.blocks[0].rows is not None
    assert blocks.resident_rows == 100


def test_rows_are_found_and_replaced_by_key_in_their_places():
    blocks = filled(3, 3)
    assert blocks.find(key, 4) == 4 and blocks.find(key, 99) == -1
    found, changed = blocks.replace(key, [(4, "row 4, edited"), (99, "not shown")])
    assert found == {4} and changed == [4]
    assert blocks.value(4) == (4, "row 4, edited")


def test_a_refresh_reads_from_the_top_until_it_has_the_rows_on_screen_or_the_end():
    asked = []

    def fetch(cursor, limit):
        asked.append((cursor, limit))
        start = int(cursor or 0)
        rows = tuple((n, "") for n in range(start, min(start + limit, 2500)))
        end = start + len(rows)
        return Page(rows, str(end) if end < 2500 else None)

    pages = fetch_until(fetch, 100, 1000, target=1050)
    assert asked == [(None, 100), ("100", 1000)]          # 1,100 rows cover row 1,050
    assert [len(block.rows) for block in blocks_of(pages)] == [100, 1000]
    assert len(fetch_until(fetch, 100, 1000, target=10 ** 6)) == 4   # to the end


def test_empty_pages_make_no_block():
    blocks = blocks_of([(None, Page((), None))])
    assert blocks == []
