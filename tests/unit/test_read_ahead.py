"""Pages read ahead on a thread: the same pages in the same order, the reader's error raised
where it happened, and a caller that stops early stops the reader too."""

from __future__ import annotations

import threading

import pytest

from mesdesk.services.read_ahead import read_ahead


def test_every_page_comes_in_order():
    assert list(read_ahead(iter(range(1000)), depth=2)) == list(range(1000))


def test_the_readers_error_is_raised_after_the_pages_before_it():
    def pages():
        yield "first"
        yield "second"
        raise ConnectionError("server went away")

    got = []
    with pytest.raises(ConnectionError, match="server went away"):
        for page in read_ahead(pages()):
            got.append(page)
    assert got == ["first", "second"]


def test_a_caller_that_stops_early_ends_the_reader_and_closes_the_pages():
    read, closed = [], threading.Event()

    def pages():
        try:
            for n in range(1_000_000):
                read.append(n)
                yield n
        finally:
            closed.set()

    stream = read_ahead(pages())
    assert next(stream) == 0
    stream.close()                          # a cancel while writing
    assert closed.is_set()                  # closed before close() returned
    assert len(read) <= 3                   # one handed, one waiting, one being read
    assert not any(t.name == "mesdesk-read-ahead" for t in threading.enumerate())
