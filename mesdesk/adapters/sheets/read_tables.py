"""The ``SheetReader`` of the import (``services.ports``): a file opened by what it holds."""

from __future__ import annotations

from pathlib import Path

from mesdesk.domain import problems as P
from mesdesk.services.input_files import InputFileError
from mesdesk.services.ports import Table

from .read_csv import CsvTable
from .read_excel import ExcelTable
from .read_format import sniff
from .read_json import JsonTable


class SheetFileReader:
    """Opens .xlsx/.xlsm/.xlsb/.xls/.ods workbooks, CSV text and 1C JSON files."""

    def open(self, path: Path, *, max_rows: int, shown_as: Path | None = None) -> Table:
        path = Path(path)
        shown = Path(shown_as) if shown_as is not None else path
        kind = sniff(path, shown)
        if kind == "encrypted":
            raise InputFileError(P.IMPORT_PASSWORD, shown)
        if kind == "csv":
            return CsvTable(path, shown)
        if kind == "json":
            return JsonTable(path, shown, max_rows=max_rows)
        return ExcelTable(path, shown, kind, max_rows=max_rows)
