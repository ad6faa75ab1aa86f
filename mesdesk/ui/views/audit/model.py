"""The audit log's table on the one pager: keyset pages of ``list_audit`` for the filter the
area shows, newest first."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import Qt

from mesdesk.domain.audit import changes_of
from mesdesk.services.dto import AuditFilter

from ...text.formats import Formats
from ...widgets.pager import Fetch, KeysetTableModel, Runner
from .texts import action_name, change_cells, entity_text

TIME, USER, STATION, ACTION, ENTITY, CHANGES = range(6)
PAGE_SIZE = 200
MAX_REFRESH = 2000


class AuditModel(KeysetTableModel):
    first_page_size = PAGE_SIZE
    page_size = PAGE_SIZE
    refresh_limit = MAX_REFRESH

    def __init__(self, run: Runner, use: Any, tz: tzinfo, parent=None) -> None:
        super().__init__(run, parent)
        self._use = use
        self._formats = Formats(tz)
        self._filter: AuditFilter | None = None

    @property
    def filter(self) -> AuditFilter | None:
        return self._filter

    def show(self, flt: AuditFilter) -> None:
        """Show the rows ``flt`` lists, from the first page."""
        self._filter = flt
        self.reload()

    def make_fetch(self) -> Fetch | None:
        flt, use = self._filter, self._use
        if flt is None:
            return None
        return lambda cursor, limit: use.list_audit(flt, cursor=cursor, limit=limit)

    def row_key(self, row: Any) -> Hashable:
        return row.id

    def column_total(self) -> int:
        return 6

    def headers(self) -> list[str]:
        return [self.tr("Time"), self.tr("User"), self.tr("Station"), self.tr("Action"),
                self.tr("Entity"), self.tr("Changes")]

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = self.headers()
        return headers[section] if 0 <= section < len(headers) else None

    def entry(self, row: int) -> Any:
        return self.peek(row)

    def row_of(self, entry_id: int) -> int:
        return self.find_row(entry_id)

    def cell(self, row: Any, column: int, role: int) -> Any:
        if row is None:
            return self.tr("Loading…") if role == Qt.ItemDataRole.DisplayRole and column == 0 \
                else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == TIME:
                return self._formats.datetime(row.at)
            if column == ACTION:
                return row.action
            if column == CHANGES:
                return "\n".join(self._change_lines(row)) or None
            return self.display(row, column) or None
        return None

    def display(self, row: Any, column: int) -> str:
        if column == TIME:
            return self._formats.datetime(row.at)
        if column == USER:
            return row.actor or "—"
        if column == STATION:
            return row.station or "—"
        if column == ACTION:
            return action_name(row.action)
        if column == ENTITY:
            return entity_text(row.entity, row.entity_id)
        if column == CHANGES:
            return "; ".join(self._change_lines(row))
        return ""

    def _change_lines(self, row: Any) -> list[str]:
        lines = []
        for change in changes_of(row.changes):
            field, before, after = change_cells(change, self._formats)
            lines.append(f"{field}: {before} → {after}" if change.has_before
                         else f"{field}: {after}")
        return lines
