"""Reading the files users hand to MESDesk (1C JSON, code lists), for the CLI and the GUI.

Runs on a worker, never the GUI thread. A 1C file is read item by item
(:mod:`mesdesk.services.json_stream`) within the intake limits of the settings, so memory
stays bounded whatever the file holds. Every refusal is an ``InputFileError`` whose
``problem`` names the kind (the GUI translates by it) and whose message says it in English
(the CLI prints it), with the facts in ``facts``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, overload

from mesdesk.config import Settings
from mesdesk.domain import problems as P
from mesdesk.domain.errors import ValidationError
from mesdesk.domain.problems import ProblemType

from .json_stream import ARRAY_START, CHUNK_BYTES, Refusal, walk

MAX_CODES_BYTES = 64 * 1024 * 1024
MB = 1024 * 1024


class InputFileError(ValidationError):
    """A file that cannot be taken in: its catalogued problem names the file and the facts."""

    def __init__(self, problem: ProblemType, path: Path, **facts: Any) -> None:
        super().__init__(problem, file=str(path), **facts)
        self.path = path


def read_text(path: Path, *, limit: int) -> str:
    """The file as text: UTF-8 with or without BOM, not empty, not over ``limit`` bytes."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputFileError(P.FILE_TOO_BIG, path, size_mb=size // MB, limit_mb=limit // MB)
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise InputFileError(P.FILE_IS_FOLDER, path) from exc
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputFileError(P.FILE_UNREADABLE, path, reason=reason) from exc
    if not data.strip():
        raise InputFileError(P.FILE_EMPTY, path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(P.FILE_ENCODING, path, offset=exc.start) from exc


WRAPPER_KEYS = ("items", "data", "batches", "products")   # {"items": [...]}, in that order
DEFAULT_LIMITS_MB = Settings.intake_max_file_mb
DEFAULT_MAX_ITEMS = Settings.intake_max_items


class OneCItems(Sequence[Any]):
    """The items of a 1C file, read from the file each time they are gone through.

    Made by :func:`read_1c_items` after one pass that checked the whole file and counted
    its items; going through them reads the file again, one item at a time, so that memory
    holds one item, not the file. Indexing walks to the item (fine for ``items[0]``).
    """

    def __init__(self, path: Path, array: str, count: int, stamp: tuple[int, int]) -> None:
        self.path = path
        self._array = array
        self._count = count
        self._stamp = stamp

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Any]:
        seen = 0
        with _open(self.path) as raw:
            if _stamp(raw) != self._stamp:
                raise InputFileError(P.FILE_CHANGED, self.path)
            for array, item in _events(self.path, raw):
                if array == self._array and item is not ARRAY_START:
                    seen += 1
                    yield item
        if seen != self._count:
            raise InputFileError(P.FILE_CHANGED, self.path)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return list(self)[index]
        position = index + self._count if index < 0 else index
        if not 0 <= position < self._count:
            raise IndexError(index)
        return next(islice(self, position, None))

    def __repr__(self) -> str:
        return f"<{self._count} items of {self.path}>"


def read_1c_items(path: Path, *, max_file_mb: int = DEFAULT_LIMITS_MB,
                  max_items: int = DEFAULT_MAX_ITEMS) -> OneCItems:
    """The items of a 1C JSON file (an array, or an object holding one under one of
    :data:`WRAPPER_KEYS`), checked whole before the first item is handed out.

    Memory stays bounded whatever the file holds: a file over ``max_file_mb`` is refused by
    its size, one with more than ``max_items`` items as soon as the reader meets the next.
    """
    counts: dict[str, int] = {}
    with _open(path) as raw:
        stamp = _stamp(raw)
        if stamp[0] > max_file_mb * MB:
            raise InputFileError(P.FILE_TOO_BIG, path, size_mb=-(-stamp[0] // MB),
                                 limit_mb=max_file_mb)
        for array, item in _events(path, raw):
            if item is ARRAY_START:
                counts[array] = 0
                continue
            if array == "?":
                raise InputFileError(P.FILE_SHAPE, path)
            counts[array] += 1
            if counts[array] > max_items:
                raise InputFileError(P.FILE_TOO_MANY_ITEMS, path, limit=max_items)
    if not counts:
        if stamp[0] == 0 or _blank(path):
            raise InputFileError(P.FILE_EMPTY, path)
        raise InputFileError(P.FILE_SHAPE, path)
    array = _chosen(counts)
    if not counts[array]:
        raise InputFileError(P.FILE_NO_ITEMS, path)
    return OneCItems(path, array, counts[array], stamp)


def _chosen(counts: dict[str, int]) -> str:
    """The array of the file: the document itself, else the last of the first wrapper key
    present (as ``json.loads`` would read it: a repeated key's last value wins)."""
    if "" in counts:
        return ""
    for key in WRAPPER_KEYS:
        named = [name for name in counts if name.split("#")[0] == key]
        if named:
            return named[-1]
    raise AssertionError(counts)


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except IsADirectoryError as exc:
        raise InputFileError(P.FILE_IS_FOLDER, path) from exc
    except OSError as exc:
        raise InputFileError(P.FILE_UNREADABLE, path,
                             reason=exc.strerror or type(exc).__name__) from exc


def _stamp(raw: BinaryIO) -> tuple[int, int]:
    status = os.fstat(raw.fileno())
    return status.st_size, status.st_mtime_ns


def _events(path: Path, raw: BinaryIO) -> Iterator[tuple[str, Any]]:
    try:
        yield from walk(raw, WRAPPER_KEYS)
    except Refusal as refusal:
        raise InputFileError(refusal.problem, path, **refusal.facts) from None
    except OSError as exc:
        raise InputFileError(P.FILE_UNREADABLE, path,
                             reason=exc.strerror or type(exc).__name__) from exc


def _blank(path: Path) -> bool:
    """Only white space (and a BOM): said as empty, like an empty file."""
    with _open(path) as raw:
        return all(not chunk.strip(b" \t\r\n\xef\xbb\xbf")
                   for chunk in iter(lambda: raw.read(CHUNK_BYTES), b""))


def split_codes(text: str) -> list[str]:
    """One code per line; GS characters inside a line are kept."""
    return [line.rstrip("\r") for line in text.split("\n") if line.strip()]


def read_codes(path: Path) -> list[str]:
    return split_codes(read_text(path, limit=MAX_CODES_BYTES))
