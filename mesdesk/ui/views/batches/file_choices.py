"""What the supervisor chose in the Import, Export and Report dialogs, and what the choice
allows, apart from the widgets (Qt-free, tested without Qt).

A dialog offers only what makes sense now: "the selected batch" needs a selection, "what the
list shows" needs a list that is not empty, product codes go into one chosen batch. The page
turns a request into a job.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from mesdesk.services.dto import BatchDTO, BatchFilter

#: Spreadsheets and CSV, by extension (the reader also checks the content).
SHEET_SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")
#: Files the import takes: sheets and 1C JSON.
IMPORT_SUFFIXES = (*SHEET_SUFFIXES, ".json")


class ExportWhat(StrEnum):
    BATCHES = "batches"
    PRODUCTS = "products"


class ExportScope(StrEnum):
    LISTED = "listed"           # every batch the list's filters show
    SELECTED = "selected"       # the selected batch


class SheetFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


class ReportFormat(StrEnum):
    XLSX = "xlsx"
    PDF = "pdf"


class ImportInto(StrEnum):
    BATCHES = "batches"         # shift tasks
    SELECTED = "selected"       # product codes into the selected batch


@dataclass(frozen=True)
class ExportRequest:
    what: ExportWhat
    scope: ExportScope
    fmt: SheetFormat
    flt: BatchFilter
    batch_ids: tuple[int, ...] = ()

    @property
    def kind(self) -> str:
        """The job's kind (the Jobs area names it)."""
        return f"export_{self.what.value}"


@dataclass(frozen=True)
class ReportRequest:
    batch_id: int
    fmt: ReportFormat


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    into: ImportInto
    update_existing: bool = False
    batch_id: int | None = None


@dataclass(frozen=True)
class ExportChoices:
    """What the Export dialog offers: ``listed`` is the list's count (None while counting).
    The selected batch alone is offered for its product codes (a batch export of one row is
    what the list's filters give, by its number)."""

    flt: BatchFilter
    listed: int | None
    selected: BatchDTO | None

    @property
    def can_listed(self) -> bool:
        return self.listed != 0

    @property
    def can_selected(self) -> bool:
        return self.selected is not None

    def default_scope(self, what: ExportWhat) -> ExportScope:
        return ExportScope.LISTED if self.can_listed or not self.allowed(
            ExportScope.SELECTED, what) else ExportScope.SELECTED

    def allowed(self, scope: ExportScope, what: ExportWhat) -> bool:
        if scope is ExportScope.LISTED:
            return self.can_listed
        return self.can_selected and what is ExportWhat.PRODUCTS

    def request(self, what: ExportWhat, scope: ExportScope, fmt: SheetFormat) -> ExportRequest:
        if not self.allowed(scope, what):
            raise ValueError(f"{scope} is not offered now")
        ids = (self.selected.id,) if scope is ExportScope.SELECTED and self.selected else ()
        return ExportRequest(what, scope, fmt, self.flt, ids)


@dataclass(frozen=True)
class ImportChoices:
    """What the Import dialog offers; ``selected`` is the batch codes may go into."""

    selected: BatchDTO | None

    @property
    def can_codes(self) -> bool:
        return self.selected is not None and not self.selected.is_closed

    @staticmethod
    def takes(path: Path) -> bool:
        return path.suffix.lower() in IMPORT_SUFFIXES

    def request(self, path: Path | None, into: ImportInto, update_existing: bool
                ) -> ImportRequest | None:
        """The request, or None while it is incomplete (no file, or codes without a batch)."""
        if path is None or not str(path).strip():
            return None
        if into is ImportInto.SELECTED:
            if not self.can_codes or self.selected is None:
                return None
            return ImportRequest(Path(path), into, False, self.selected.id)
        return ImportRequest(Path(path), into, update_existing)
