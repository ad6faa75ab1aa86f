"""The Audit area (issue 15): every change, who made it (user and station), what it was done
to and what it changed, newest first.

The table is the one pager (``AuditModel`` on ``widgets.pager``): keyset pages read off the
GUI thread, more as the table is scrolled to its end. The filter choices (users, actions,
entities) come from a ``Refresher``. Changes announced by any station (NOTIFY) re-read what is
loaded, at most once a second, keeping the selection and the scroll position. The detail pane
shows the selected entry's changes as field, before and after; "Export to Excel" writes every
entry the filters select as a job (``ExportLine``, as Analytics does).
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter,
    QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from mesdesk.domain.audit import changes_of

from ...text.formats import Formats
from ...widgets.empty_state import EmptyState
from ...widgets.refresher import Refresher
from ..analytics.export_line import ExportLine
from .filter_bar import AuditFilterBar
from .model import ACTION, CHANGES, ENTITY, STATION, TIME, USER, AuditModel
from .texts import action_name, change_cells, entity_text

log = logging.getLogger(__name__)

#: Announced changes re-read the log at most this often (a busy floor changes many times a
#: second).
LIVE_SPACING_MS = 1000


class DetailPane(QWidget):
    """The selected entry: what, who, where, when, and its changes as field / before / after."""

    def __init__(self, formats: Formats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditDetail")
        self._formats = formats
        self.title = QLabel(self)
        self.title.setObjectName("auditDetailTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 14px; font-weight: 600;")
        self.facts = QFormLayout()
        self.facts.setContentsMargins(0, 0, 0, 0)
        self.when, self.who, self.where, self.what = (self._fact() for _ in range(4))
        for label, value in ((self.tr("Time"), self.when), (self.tr("User"), self.who),
                             (self.tr("Station"), self.where), (self.tr("Entity"), self.what)):
            self.facts.addRow(label, value)
        self.changes = QTableWidget(0, 3, self)
        self.changes.setObjectName("auditChanges")
        self.changes.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Before"),
                                                self.tr("After")])
        self.changes.verticalHeader().hide()
        self.changes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.changes.setWordWrap(True)
        self.changes.setAlternatingRowColors(True)
        header = self.changes.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty = EmptyState(self.changes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(self.facts)
        layout.addWidget(self.changes, 1)
        self.show_entry(None)

    def _fact(self) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setWordWrap(True)
        return label

    def show_entry(self, entry: Any) -> None:
        self.changes.setRowCount(0)
        if entry is None:
            self.title.setText(self.tr("No entry selected"))
            for label in (self.when, self.who, self.where, self.what):
                label.setText("")
            self.empty.show_message(self.tr("Select an entry to see what it changed."))
            return
        self.title.setText(self.tr("{action}: {entity}").format(
            action=action_name(entry.action), entity=entity_text(entry.entity, entry.entity_id)))
        self.when.setText(self._formats.datetime(entry.at))
        self.who.setText(entry.actor or "—")
        self.where.setText(entry.station or "—")
        self.what.setText(entity_text(entry.entity, entry.entity_id))
        changes = changes_of(entry.changes)
        self.changes.setRowCount(len(changes))
        for row, change in enumerate(changes):
            for column, text in enumerate(change_cells(change, self._formats)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 1 and not change.has_before:
                    item.setForeground(self.palette().placeholderText())
                self.changes.setItem(row, column, item)
        self.changes.resizeRowsToContents()
        if changes:
            self.empty.clear()
        else:
            self.empty.show_message(self.tr("This entry records no changed values."))


class AuditPage(QWidget):
    """``AuditPage(backend)``; ``shutdown()`` stops its reads (the app calls it on quit)."""

    def __init__(self, backend: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditPage")
        self.backend = backend
        self.formats = Formats(backend.timezone)
        self._error: str | None = None
        self._closed = False
        self.model = AuditModel(backend.run, backend.use, backend.timezone, self)
        self._build()
        self.model.rows_arrived.connect(self._update_state)
        self.model.loading_changed.connect(lambda _: self._update_state())
        self.model.exhausted_changed.connect(lambda _: self._update_state())
        self.model.load_failed.connect(self._failed)
        self.model.dataChanged.connect(lambda *_: self._current_changed())
        self.model.modelReset.connect(self._current_changed)
        self.filter_bar.changed.connect(self.filters_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        use = backend.use
        self._choices = Refresher(backend.ops, read=lambda: use.audit_choices(),
                                  apply=self.filter_bar.set_choices, parent=self)
        self._choices.follow_connection(backend.changes)
        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(LIVE_SPACING_MS)
        self._live.timeout.connect(self.refresh)
        backend.changes.changed.connect(self._on_change)
        self._choices.refresh()
        self.filters_changed()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel(self.tr("Audit log"), self)
        title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("auditCount")
        self.count_label.setStyleSheet("color: palette(placeholder-text);")
        self.export = ExportLine(self.backend, self.formats, "audit", self)
        self.export.button.setToolTip(self.tr(
            "Write every entry the filters select to an Excel workbook"))
        self.export.button.clicked.connect(self.export_audit)
        self.clear_button = QPushButton(self.tr("Clear filters"), self)
        self.clear_button.setObjectName("auditClearFilters")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.clear_button)
        top.addWidget(self.export.button)

        self.filter_bar = AuditFilterBar(self.backend.timezone, self)
        self.clear_button.clicked.connect(self.filter_bar.clear)
        self.notice = QLabel(self)
        self.notice.setObjectName("auditNotice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setStyleSheet("color: #a15c00;")
        self.notice.hide()

        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.model.pace_with(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        widest_action = max(metrics.horizontalAdvance(action_name(a)) for a in (
            "update", "close", "create_from_1c", "add_products_from_1c", "demo"))
        time_width = metrics.horizontalAdvance(self.formats.datetime(
            datetime(2026, 12, 28, 23, 58, tzinfo=timezone.utc))) + 16
        for column, width in ((TIME, time_width), (USER, 110), (STATION, 90),
                              (ACTION, min(widest_action + 16, 220)),
                              (ENTITY, min(metrics.horizontalAdvance(
                                  entity_text("webhook_subscription", "999")) + 16, 220))):
            self.table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        header.setMinimumSectionSize(60)
        header.setSectionResizeMode(CHANGES, QHeaderView.ResizeMode.Stretch)
        self.empty = EmptyState(self.table)

        self.detail = DetailPane(self.formats, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("auditSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([820, 380])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.export)
        layout.addWidget(self.splitter, 1)

    # -- reading --------------------------------------------------------------------------------

    def filters_changed(self) -> None:
        """The log again from its first page for the filters shown."""
        if self.filter_bar.ignored_id():
            self.notice.setText(self.tr("An ID is looked for within one entity: choose the "
                                        "entity too."))
            self.notice.show()
        else:
            self.notice.hide()
        self.model.show(self.filter_bar.query())
        self._update_state()

    def refresh(self) -> None:
        """What is loaded read again, keeping the selection and the place; the filter
        choices too."""
        if self._closed:
            return
        self._choices.refresh()
        if not self.model.loaded_once and not self.model.fetching:
            self.filters_changed()
        elif not self.model.refresh(self.model.rowCount()):
            self.filters_changed()

    def _on_change(self, _payload: Any) -> None:
        if self._closed:
            return
        if not self._live.isActive():
            self._live.start()
        self._choices.refresh()

    def _failed(self, reason: str) -> None:
        if self._error is None:
            log.warning("could not read the audit log: %s", reason)
        self._error = reason
        self._update_state()

    def _update_state(self) -> None:
        rows = self.model.rowCount()
        if self.model.error is None:
            self._error = None
        if rows:
            self.empty.clear()
        elif self._error is not None:
            self.empty.show_message(self.tr("The audit log could not be read."), self._error)
        elif not self.model.loaded_once:
            self.empty.show_message(self.tr("Loading the audit log…"))
        elif self.filter_bar.narrowed():
            self.empty.show_message(
                self.tr("No entries match these filters."),
                self.tr("Choose another user, action or entity, a longer time range, or "
                        "clear the filters."))
        else:
            self.empty.show_message(
                self.tr("Nothing has been changed yet."),
                self.tr("Every change is listed here as it is made: batches created, edited, "
                        "closed or imported, webhook subscriptions, reports and exports, with "
                        "who made it, on which station and when."))
        if not self.model.loaded_once:
            self.count_label.setText("")
        elif self.model.has_more:
            self.count_label.setText(self.tr("newest {count} shown; more as you scroll").format(
                count=self.formats.integer(rows)))
        else:
            self.count_label.setText(self.tr("{count} entries").format(
                count=self.formats.integer(rows)))
        self.export.set_available(self.model.loaded_once and rows > 0)

    # -- selection ------------------------------------------------------------------------------

    def selected_entry(self) -> Any:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(
                index.row(), QModelIndex()):
            return None
        return self.model.entry(index.row())

    def select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    def _current_changed(self, *_: Any) -> None:
        self.detail.show_entry(self.selected_entry())

    # -- export ---------------------------------------------------------------------------------

    def export_audit(self) -> None:
        """Every entry the filters select, to an Excel workbook (a job)."""
        flt, tz, use = self.filter_bar.query(), self.backend.timezone, self.backend.use
        self.export.start("export_audit", {"filter": flt.as_dict()},
                          lambda job, _language, who: use.export_audit(
                              flt, tz, parameters=who, job=job),
                          self.tr("Export of the audit log"))

    def shutdown(self) -> None:
        """No more reads: the app is closing its op runner."""
        self._closed = True
        self._live.stop()
        self._choices.stop()
