"""Spreadsheets and CSV: reading files handed in for import (``read_*``) and writing exports
(``write_*``). The format libraries (python-calamine, openpyxl, XlsxWriter) live here only."""

from .read_tables import SheetFileReader

__all__ = ["SheetFileReader"]
