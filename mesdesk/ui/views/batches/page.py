"""The Batches area of the supervisor's window (SPEC §3).

A filter bar, the batch list (keyset pages loaded off the GUI thread as it scrolls: the one
pager), the selected batch's detail, and the actions: new, edit, close, reopen, add codes,
import (Excel, CSV, 1C; dialog or drag-and-drop), export, report, open in Aggregation. What
the screen decides is in ``screen.BatchesScreen``; changing batches is ``editing``, importing
``sheet_import_flow`` (and a dropped 1C file ``import_flow``), exports and reports
``file_jobs``. Every
query and every change runs as an op; the GUI thread only turns answers into rows and widgets.
The actions follow the signed-in user's role (``show_role``, at every sign-in): an operator
views, adds codes and scans; what only a supervisor may do is disabled and says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QHideEvent
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QSizePolicy, QSplitter, QToolBar, QVBoxLayout, QWidget,
)

from mesdesk.services.analytics_dto import COMPARE_MAX, COMPARE_MIN
from mesdesk.services.dto import BatchDTO, BatchFilter
from mesdesk.services.lookups import FilterOptions

from ...widgets.file_result import FileResultBar
from ...widgets.job_progress import JobProgress
from .actions import BatchActions
from .detail import BatchDetailPanel
from .editing import BatchEditing
from .filter_bar import FilterBar, FilterValues
from ...text.formats import Formats
from .file_choices import ExportChoices
from .file_dialogs import ExportDialog, ImportDialog, ReportDialog
from .file_jobs import FileJobs
from .import_flow import ImportFlow, json_files, table_files
from .sheet_import_flow import SheetImportFlow
from .model import COLUMNS, BatchTableModel
from .remembered import restore_layout, save_layout, show_sort
from .list_status import BatchListStatus
from .live import LiveUpdates
from .screen import ACTION_USE_CASES, BatchesScreen, refused_actions
from ...text.roles import needs_role
from .table import BatchTable

class BatchesPage(QWidget):
    """``apply_batch_changes(ids)`` is the live-update hook (None: anything may have
    changed); ``open_in_aggregation(batch_id)`` asks for the scanning station."""

    open_in_aggregation = Signal(int)
    compare_requested = Signal(list)    # the ids of the chosen batches, 2 to 50
    batch_saved = Signal(object)        # BatchDTO, after a create, edit, close or reopen

    def __init__(self, backend, window, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchesPage")
        self.backend = backend
        self.window_ = window
        self.formats = Formats(backend.timezone)
        self.options: FilterOptions | None = None
        self._dialogs: set[QWidget] = set()     # parentless-safe references while open
        self._closed = False

        self.model = BatchTableModel(backend.run, backend.use, self.formats, self)
        self.filter_bar = FilterBar(self.formats, self)
        self.filter_bar.setObjectName("batchFilterBar")
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("batchToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("batchCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # Never cut short ("Batches: 0" showed as "0"): the toolbar folds its overflow instead.
        self.count_label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.table = BatchTable(self.model, self)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        self.table.activated.connect(lambda _: self.edit_batch())
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_clicked)
        self.model.pace_with(self.table)
        self.status = BatchListStatus(self, self.table, self.count_label)
        self.status.retry_button.clicked.connect(self.retry)
        self.empty, self.message_bar = self.status.empty, self.status.bar
        self.detail = BatchDetailPanel(backend.run, backend.use, self.formats, self)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("batchSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([420, 280])

        self.batch_actions = BatchActions(self, {
            "new": self.new_batch, "edit": self.edit_batch, "close": self.close_selected,
            "reopen": self.reopen_selected, "add_codes": self.add_codes,
            "import": self.choose_import_file, "export": self.choose_export,
            "report": self.choose_report, "compare": self.compare_chosen,
            "aggregation": self.open_selected_in_aggregation,
            "refresh": self.refresh, "find": self.filter_bar.focus_search,
            "copy": self.copy_selected})
        self.batch_actions.fill(self.toolbar)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.toolbar, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)
        layout.addWidget(self.filter_bar)
        layout.addLayout(top)
        layout.addWidget(self.message_bar)
        # An import started here shows its job's progress here too (and in the Jobs area).
        self.import_progress = JobProgress(backend, self)
        layout.addWidget(self.import_progress)
        # So do exports and reports; the finished file is offered under it.
        self.file_progress = JobProgress(backend, self)
        self.file_result = FileResultBar(backend, self.formats, self)
        layout.addWidget(self.file_progress)
        layout.addWidget(self.file_result)
        layout.addWidget(self.splitter, 1)
        self.setAcceptDrops(True)

        self.editing = BatchEditing(self, backend, self.formats, self._keep)
        self.editing.created.connect(self._batch_created)
        self.editing.updated.connect(self._batch_updated)
        self.editing.codes_added.connect(lambda batch_id: self.apply_batch_changes([batch_id]))
        self.importing = ImportFlow(self, backend, self.formats, window, self.import_progress,
                                    self._keep)
        self.importing.finished.connect(self._imported)
        self.sheet_import = SheetImportFlow(self, backend, self.formats, window,
                                            self.file_progress, self._keep)
        self.sheet_import.finished.connect(self._imported)
        self.files = FileJobs(self, backend, self.formats, self.file_progress, self.file_result,
                              self._keep)
        self.import_submitted, self.import_finished = (self.importing.submitted,
                                                       self.importing.finished)

        self.live = LiveUpdates(self)
        backend.changes.batches_changed.connect(self.apply_batch_changes)

        self.model.rows_arrived.connect(self._rows_arrived)
        self.model.loading_changed.connect(lambda _: self._update_state())
        self.model.load_failed.connect(self.status.show_failure)
        self.model.total_changed.connect(lambda _: self._update_state())
        self.model.modelReset.connect(self._selection_changed)
        self.model.layoutChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.refresh_actions())
        self.filter_bar.changed.connect(self._filter_changed)

        self.screen = BatchesScreen(*restore_layout(self.table, self._splitters()))
        self.model.set_filter(self.screen.filter)
        self._load_options()
        self.refresh_actions()

    # -- what is remembered -----------------------------------------------------------------------

    def _splitters(self) -> dict[str, QSplitter]:
        return {"splitter": self.splitter, "detail_splitter": self.detail.body}

    def save_layout(self) -> None:
        save_layout(self.table, self._splitters(), self.model.current_filter)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt name
        if not self._closed:
            self.save_layout()
        super().hideEvent(event)

    def shutdown(self) -> None:
        """Keep the layout; stop the live-update timer. Pending answers are dropped (their
        owner is this page)."""
        if self._closed:
            return
        self.save_layout()
        self._closed = True
        self.live.stop()
        for dialog in list(self._dialogs):
            dialog.close()

    def _keep(self, dialog: QWidget) -> None:
        self._dialogs.add(dialog)
        dialog.finished.connect(lambda _=0, d=dialog: self._dialogs.discard(d))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    # -- loading --------------------------------------------------------------------------------

    def _load_options(self) -> None:
        use = self.backend.use
        self.backend.run(lambda: use.filter_options(), self._options_arrived,
                         lambda error: None, self)    # the combos stay editable meanwhile

    def _options_arrived(self, options: FilterOptions) -> None:
        self.options = options
        self.filter_bar.set_options(options)

    def _filter_changed(self, values: FilterValues) -> None:
        self.model.set_filter(self.screen.filtered(
            search=values.search, is_closed=values.is_closed, work_center=values.work_center,
            shift=values.shift, team=values.team, date_from=values.date_from,
            date_to=values.date_to, keep_selected=self._selected_id()))

    def _sort_clicked(self, section: int, order: Qt.SortOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        flt = self.screen.sorted_by(COLUMNS[section].sort, descending, self._selected_id())
        if flt is None:
            # Not sortable on the server (the description): keep the indicator where it was.
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            show_sort(self.table, self.screen.filter.sort, self.screen.filter.descending)
            header.blockSignals(False)
            self.window_.statusBar().showMessage(
                self.tr("The list cannot be sorted by description."), 4000)
            return
        self.model.set_filter(flt)

    def show_filtered(self, flt: BatchFilter) -> None:
        """Show the batches of ``flt``'s filter fields in the filter bar and the list (a
        drill-down from elsewhere: Analytics); the sort stays the table's."""
        self.filter_bar.set_values(FilterValues(
            search=flt.search, is_closed=flt.is_closed, work_center=flt.work_center,
            shift=flt.shift, team=flt.team, date_from=flt.date_from, date_to=flt.date_to))

    def sort_by(self, key: str, descending: bool) -> None:
        """Sort as a header click would (server-side)."""
        show_sort(self.table, key, descending)

    def refresh(self) -> None:
        """F5: the list again from the top, keeping the selected batch and the place."""
        self.model.recount()
        self.live.refresh_keep_place()
        self.detail.refresh()
        self._load_options()

    def retry(self) -> None:
        self.message_bar.hide()
        self.model.retry()
        self.model.recount()

    def _rows_arrived(self) -> None:
        wanted = self.screen.select_id
        row = self.model.find_row(wanted) if wanted is not None else -1
        if self.screen.found_again(row >= 0, still_loading=self.model.fetching):
            if row >= 0:
                self.table.select_row(row)
            else:
                self._selection_changed()   # not in the first rows of the new list
        if self.model.error is None:
            self.message_bar.hide()
        self._update_state()

    def _update_state(self) -> None:
        self.status.show(self.screen, self.model, filtered=not self.filter_bar.values().empty)

    # -- live updates (live.py) -------------------------------------------------------------

    def apply_batch_changes(self, ids: list[int] | None) -> None:
        """Batches changed (elsewhere or here; None: anything may have): the rows on screen,
        the detail and the count follow, keeping the selection and the place."""
        if not self._closed:
            self.live.note(ids)

    # -- selection ------------------------------------------------------------------------------

    def selected_batch(self) -> BatchDTO | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(),
                                                                                QModelIndex()):
            return None
        return self.model.batch_at(index.row())

    def _selected_id(self) -> int | None:
        batch = self.selected_batch()
        return batch.id if batch else None

    def select_row(self, row: int) -> None:
        self.table.select_row(row)

    def select_batch(self, batch_id: int) -> bool:
        row = self.model.find_row(batch_id)
        if row >= 0:
            self.table.select_row(row)
            return True
        return False

    def _selection_changed(self, *_: Any) -> None:
        batch = self.selected_batch()
        shown = self.detail.batch
        waiting = batch is None and shown is not None and shown.id == self.screen.select_id
        if not waiting and (batch is None or shown is None or batch.id != shown.id):
            # (While the list reloads, the detail keeps the batch that may come back.)
            self.detail.show_batch(batch)
        self.refresh_actions()

    def refresh_actions(self) -> None:
        self.batch_actions.show(self.screen.allowed(self.selected_batch(), self.backend.may))
        self.batch_actions.show_chosen(len(self.table.selected_rows()), COMPARE_MIN, COMPARE_MAX)

    def show_role(self) -> None:
        """Someone (else) signed in: offer what their role may do."""
        self.refresh_actions()

    def _may(self, action: str) -> bool:
        """Whether the signed-in user's role may run ``action`` (a double-click, a drop or a
        key reaches the slots too); when not, the status bar says which role it needs."""
        if action not in refused_actions(self.backend.may):
            return True
        self.window_.statusBar().showMessage(needs_role(ACTION_USE_CASES[action]), 5000)
        return False

    def chosen_ids(self) -> list[int]:
        """The ids of the chosen rows, top to bottom (rows not loaded yet are left out)."""
        batches = (self.model.peek_batch(row) for row in self.table.selected_rows())
        return [batch.id for batch in batches if batch is not None]

    def compare_chosen(self) -> None:
        if not self._may("compare"):
            return
        ids = self.chosen_ids()
        if COMPARE_MIN <= len(ids) <= COMPARE_MAX:
            self.compare_requested.emit(ids)

    def context_menu(self):
        return self.batch_actions.context_menu()

    def _show_context_menu(self, position) -> None:
        index = self.table.indexAt(position)
        if index.isValid():
            self.table.select_row(index.row())
        menu = self.context_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def copy_selected(self) -> None:
        batch = self.selected_batch()
        if batch is not None:
            self.table.copy_row(self.model.find_row(batch.id))

    # -- changes (editing.py) and imports (import_flow.py) ------------------------------------

    def new_batch(self):
        if not self._may("new"):
            return None
        return self.editing.new_batch(self.options)

    def edit_batch(self):
        batch = self.selected_batch()
        if batch is None or not self._may("edit"):
            return None
        if batch.is_closed:
            self.window_.statusBar().showMessage(
                self.tr("Batch {number} is closed: reopen it before editing.").format(
                    number=batch.batch_number), 5000)
            return None
        return self.editing.edit_batch(batch, self.options)

    def close_selected(self):
        batch = self.selected_batch()
        if batch is None or batch.is_closed or not self._may("close"):
            return None
        return self.editing.close_batch(batch)

    def reopen_selected(self) -> None:
        batch = self.selected_batch()
        if batch is not None and batch.is_closed and self._may("reopen"):
            self.editing.reopen_batch(batch)

    def add_codes(self):
        batch = self.selected_batch()
        if batch is None or batch.is_closed or not self._may("add_codes"):
            return None
        return self.editing.add_codes(batch)

    def _batch_created(self, batch: BatchDTO) -> None:
        self.screen.select_id = batch.id
        self.model.recount()
        self.live.refresh_keep_place()
        self._load_options()
        self._said(self.tr("Batch {number} of {date} was created."), batch)

    def _batch_updated(self, batch: BatchDTO, message: str) -> None:
        self.model.update_rows([batch])
        if self.detail.batch is not None and self.detail.batch.id == batch.id:
            self.detail.refresh(batch)
        self.refresh_actions()
        self._said(message, batch)

    def _said(self, message: str, batch: BatchDTO) -> None:
        self.window_.statusBar().showMessage(message.format(
            number=batch.batch_number, date=self.formats.date(batch.batch_date)), 5000)
        self.batch_saved.emit(batch)

    def choose_import_file(self, path: Path | None = None) -> ImportDialog | None:
        if not self._may("import"):
            return None
        return self.sheet_import.choose(self.selected_batch(), path)

    def choose_export(self) -> ExportDialog | None:
        if not self._may("export"):
            return None
        return self.files.choose_export(ExportChoices(
            self.model.current_filter, self.model.total, self.selected_batch()))

    def choose_report(self) -> ReportDialog | None:
        batch = self.selected_batch()
        if batch is None or not self._may("report"):
            return None
        return self.files.choose_report(batch)

    def import_files(self, paths) -> None:
        if self._may("import"):
            self.importing.import_files(paths)

    def _imported(self, _report) -> None:
        self.apply_batch_changes(None)
        self._load_options()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt name
        may_import = "import" not in refused_actions(self.backend.may)
        if may_import and (json_files(event) or table_files(event)):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt name
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt name
        """A 1C exchange file is taken in as 1C sends it; a sheet opens the Import dialog."""
        files, tables = json_files(event), table_files(event)
        if not files and not tables:
            event.ignore()
            return
        event.acceptProposedAction()
        if files:
            self.import_files(files)
        if tables:
            self.choose_import_file(tables[0])

    def open_selected_in_aggregation(self) -> None:
        batch = self.selected_batch()
        if batch is None or batch.is_closed or not self._may("aggregation"):
            return
        self.open_in_aggregation.emit(batch.id)
        try:
            self.window_.show_area("aggregation")
        except ValueError:
            pass        # a window without that area (tests, embedding)
