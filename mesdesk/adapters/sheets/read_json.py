"""A 1C JSON file handed in for import: its items, read one at a time by the intake's own
streaming reader (``services.input_files.read_1c_items``: the same limits and refusals)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from mesdesk.services.input_files import InputFileError, read_1c_items
from mesdesk.services.ports import TableRow

#: The file's size was checked against the settings before it was copied for reading.
_ANY_SIZE_MB = 1 << 20


class JsonTable:
    """The items of a 1C file: each a row with its ``index`` and the item as its values."""

    format = "json"
    first_column = 0

    def __init__(self, path: Path, shown: Path, *, max_rows: int) -> None:
        self._shown = shown
        try:
            self._items = read_1c_items(path, max_file_mb=_ANY_SIZE_MB, max_items=max_rows)
        except InputFileError as exc:
            raise _as_shown(exc, shown) from None
        self.expected_rows: int | None = len(self._items)

    def rows(self) -> Iterator[TableRow]:
        try:
            for index, item in enumerate(self._items):
                yield TableRow(None, item, index=index)
        except InputFileError as exc:
            raise _as_shown(exc, self._shown) from None

    def close(self) -> None:
        pass


def _as_shown(exc: InputFileError, shown: Path) -> InputFileError:
    """The refusal naming the file the user chose, not the copy that was read."""
    facts = {name: value for name, value in exc.params.items() if name != "file"}
    return InputFileError(exc.type, shown, **facts)
