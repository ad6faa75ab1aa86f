"""The ``SheetWriter`` port: an export written as ``.xlsx`` or ``.csv`` by its format, or an
``.xlsx`` workbook of several data sheets (``tables``: the analytics exports).

No library error reaches a user: a full disk, a folder that went away or a refusal of
XlsxWriter becomes ``export.write_failed`` with the reason; what the rows themselves raise
(a cancelled job, a lost database) passes through unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from xlsxwriter.exceptions import XlsxWriterException

from mesdesk.domain import problems as P
from mesdesk.domain.export_sheets import DataSheet, SheetColumn

from .write_csv import write_csv
from .write_xlsx import SHEET_ROW_LIMIT, write_workbook, write_xlsx

log = logging.getLogger(__name__)


class ExportWriter:
    """Writes exports; ``row_limit`` is the rows of an ``.xlsx`` sheet, the header included
    (Excel's 1,048,576; tests make it small to see a sheet continue)."""

    def __init__(self, *, row_limit: int = SHEET_ROW_LIMIT) -> None:
        self.row_limit = row_limit

    def __call__(self, path: Path, fmt: str, title: str, columns: Sequence[SheetColumn],
                 rows: Iterable[Sequence[Any]], parameters: Mapping[str, Any]) -> int:
        with _library_errors(path):
            if fmt == "xlsx":
                return write_xlsx(Path(path), title, columns, rows, parameters,
                                  row_limit=self.row_limit)
            if fmt == "csv":
                return write_csv(Path(path), columns, rows)
        raise P.EXPORT_FORMAT_UNKNOWN(name=fmt)

    def tables(self, path: Path, sheets: Iterable[DataSheet],
               parameters: Mapping[str, Any]) -> int:
        """An ``.xlsx`` workbook of several data sheets and the Parameters sheet."""
        with _library_errors(path):
            return write_workbook(Path(path), sheets, parameters, row_limit=self.row_limit)


@contextmanager
def _library_errors(path: Path) -> Iterator[None]:
    """A failure of the file or of XlsxWriter as ``export.write_failed``."""
    try:
        yield
    except OSError as exc:
        log.warning("could not write the export %s", path, exc_info=True)
        raise P.EXPORT_WRITE_FAILED(reason=exc.strerror or type(exc).__name__) from exc
    except (XlsxWriterException, UnicodeError) as exc:
        log.warning("could not write the export %s", path, exc_info=True)
        raise P.EXPORT_WRITE_FAILED(reason=f"{type(exc).__name__}: {exc}") from exc


write_export = ExportWriter()
