"""The Batches area of the supervisor's window (SPEC §3).

A filter bar, the batch list (keyset pages loaded off the GUI thread as it scrolls, see
paging.py), the selected batch's detail, and the actions: new, edit, close, reopen, add codes,
import a 1C file (dialog or drag-and-drop), open in Aggregation. Every query and every change
runs on the task pool; the GUI thread only turns the answers into rows and widgets.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction, QDragEnterEvent, QDropEvent, QGuiApplication, QHideEvent, QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QFrame, QHBoxLayout, QHeaderView, QLabel, QMenu,
    QMessageBox, QPushButton, QSplitter, QTableView, QToolBar, QVBoxLayout, QWidget,
)

from mesdesk.domain import problems as P
from mesdesk.domain.search import matches as search_matches
from mesdesk.domain.search import number_searched, search_words
from mesdesk.services.batches import add_products, close_batch, reopen_batch, update_batch
from mesdesk.services.dto import SORTABLE_COLUMNS, AddProductsResult, BatchDTO, BatchFilter
from mesdesk.services.input_files import read_codes as read_code_file
from mesdesk.services.input_files import split_codes
from mesdesk.services.intake import intake_batches
from mesdesk.services.lookups import FilterOptions, batches_by_ids, filter_options, find_batch

from ...errors import describe
from ...widgets.actions import page_action
from ...widgets.empty_state import EmptyState
from ...widgets.job_progress import JobProgress
from ...widgets.rate_delegate import RateBarDelegate
from .detail import BatchDetailPanel
from .dialogs import AddCodesDialog, BatchDialog, BatchForm, CodesInput
from .filter_bar import FilterBar, FilterValues
from .formatting import Formats
from .importing import ImportReport, IntakeResultDialog, describe_import_error, run_import
from .model import COLUMNS, RATE, RATE_ROLE, BatchTableModel, column_of_sort

SETTINGS_PREFIX = "batches/"
LIVE_UPDATE_DELAY_MS = 250       # changes arriving together are applied together


def matches(flt: BatchFilter, batch: BatchDTO) -> bool:
    """Would the server list ``batch`` under ``flt``? (Mirrors the repository's filter.)"""
    if flt.is_closed is not None and batch.is_closed != flt.is_closed:
        return False
    if flt.batch_number is not None and batch.batch_number != flt.batch_number:
        return False
    if flt.date_from is not None and batch.batch_date < flt.date_from:
        return False
    if flt.date_to is not None and batch.batch_date > flt.date_to:
        return False
    if flt.work_center and batch.work_center != flt.work_center:
        return False
    if flt.shift and batch.shift != flt.shift:
        return False
    if flt.team and batch.team != flt.team:
        return False
    words, number = search_words(flt.search), number_searched(flt.search)
    if words or number is not None:
        found = bool(words) and search_matches(words, batch.nomenclature, batch.ekn_code,
                                               batch.task_description)
        if not found and batch.batch_number != number:
            return False
    return True


def read_codes(text: str, files: tuple[Path, ...]) -> list[str]:
    """Codes from the pasted text and the chosen files, one per line (runs on a worker)."""
    codes = split_codes(text)
    for path in files:
        codes += read_code_file(path)
    return codes


class BatchesPage(QWidget):
    """``apply_batch_changes(ids)`` is the live-update hook (None: anything may have
    changed); ``open_in_aggregation(batch_id)`` asks for the scanning station."""

    open_in_aggregation = Signal(int)
    batch_saved = Signal(object)        # BatchDTO, after a create, edit, close or reopen
    import_finished = Signal(object)    # ImportReport
    _import_submitted = Signal(int)     # job id, emitted from the worker that submitted it

    def __init__(self, backend, window, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchesPage")
        self.backend = backend
        self.window_ = window
        self.formats = Formats(backend.timezone)
        self.options: FilterOptions | None = None
        self._dialogs: set[QWidget] = set()     # parentless-safe references while open
        self._pending_ids: set[int] = set()
        self._pending_any = False
        self._select_id: int | None = None
        self._closed = False

        self.model = BatchTableModel(backend.run, backend.uow_factory, self.formats, self)
        self.filter_bar = FilterBar(self.formats, self)
        self.filter_bar.setObjectName("batchFilterBar")
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("batchToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("batchCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.table = self._build_table()
        self.model.pace_with(self.table)
        self.empty = EmptyState(self.table)
        self.message_bar = self._build_message_bar()
        self.detail = BatchDetailPanel(backend.run, backend.uow_factory, self.formats, self)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("batchSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([420, 280])

        self._build_actions()
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
        self._import_submitted.connect(self.import_progress.track)
        layout.addWidget(self.import_progress)
        layout.addWidget(self.splitter, 1)
        self.setAcceptDrops(True)

        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(LIVE_UPDATE_DELAY_MS)
        self._live.timeout.connect(self._apply_pending_changes)
        backend.changes.batches_changed.connect(self.apply_batch_changes)

        self.model.rows_arrived.connect(self._rows_arrived)
        self.model.loading_changed.connect(lambda _: self._update_state())
        self.model.load_failed.connect(self._load_failed)
        self.model.total_changed.connect(lambda _: self._update_count())
        self.model.modelReset.connect(self._selection_changed)
        self.model.layoutChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.filter_bar.changed.connect(self._filter_changed)

        sort, descending = self._restore_layout()
        self.model.set_filter(BatchFilter(sort=sort, descending=descending))
        self._load_options()
        self._update_actions()

    # -- building -------------------------------------------------------------------------------

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("batchTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._show_context_menu)
        table.activated.connect(lambda _: self.edit_batch())
        vertical = table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(24)
        header = table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setStretchLastSection(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_header_menu)
        for number, column in enumerate(COLUMNS):
            # Never narrower than the (translated) header text.
            header.resizeSection(number, max(column.width, header.sectionSizeHint(number)))
            header.setSectionHidden(number, column.hidden)
        header.sortIndicatorChanged.connect(self._sort_clicked)
        table.setItemDelegateForColumn(RATE, RateBarDelegate(RATE_ROLE, table))
        return table

    def _build_message_bar(self) -> QFrame:
        bar = QFrame(self)
        bar.setObjectName("batchMessageBar")
        bar.setStyleSheet("#batchMessageBar { background: #fdecea; border: 1px solid #f5c2c0; "
                          "border-radius: 4px; }")
        self.message_text = QLabel(bar)
        self.message_text.setObjectName("batchMessage")
        self.message_text.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Try again"), bar)
        self.retry_button.clicked.connect(self.retry)
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.message_text, 1)
        layout.addWidget(self.retry_button)
        bar.hide()
        return bar

    def _action(self, name: str, text: str, tip: str, slot, shortcut: QKeySequence | None = None
                ) -> QAction:
        return page_action(self, name, text, tip, slot, shortcut)

    def _build_actions(self) -> None:
        keys = QKeySequence
        self.new_action = self._action(
            "newBatch", self.tr("New batch"), self.tr("Create a batch by hand"),
            self.new_batch, keys(keys.StandardKey.New))
        self.edit_action = self._action(
            "editBatch", self.tr("Edit"), self.tr("Edit the selected batch"),
            self.edit_batch, keys(Qt.Key.Key_F2))
        self.close_action = self._action(
            "closeBatch", self.tr("Close batch"),
            self.tr("Close the selected batch: no more aggregation until it is reopened"),
            self.close_selected, keys("Ctrl+L"))
        self.reopen_action = self._action(
            "reopenBatch", self.tr("Reopen"), self.tr("Reopen the selected closed batch"),
            self.reopen_selected, keys("Ctrl+Shift+L"))
        self.add_codes_action = self._action(
            "addCodes", self.tr("Add codes"),
            self.tr("Add product codes to the selected batch: paste them or load a file"),
            self.add_codes, keys("Ctrl+Shift+V"))
        self.import_action = self._action(
            "import1c", self.tr("Import 1C file"),
            self.tr("Import shift tasks or product codes from a 1C JSON file (or drop the "
                    "file on this page)"), self.choose_import_file, keys(keys.StandardKey.Open))
        self.aggregation_action = self._action(
            "openAggregation", self.tr("Open in Aggregation"),
            self.tr("Scan codes into the selected batch"), self.open_selected_in_aggregation,
            keys("Ctrl+Return"))
        self.refresh_action = self._action(
            "refreshBatches", self.tr("Refresh"), self.tr("Load the list again"),
            self.refresh, keys(keys.StandardKey.Refresh))
        self.find_action = self._action(
            "findBatches", self.tr("Search"), self.tr("Go to the search field"),
            self.filter_bar.focus_search, keys(keys.StandardKey.Find))
        self.copy_action = self._action(
            "copyBatch", self.tr("Copy row"), self.tr("Copy the selected row as text"),
            self.copy_selected, keys(keys.StandardKey.Copy))
        for action in (self.new_action, self.edit_action, self.close_action,
                       self.reopen_action, self.add_codes_action, self.import_action,
                       self.aggregation_action, self.refresh_action):
            self.toolbar.addAction(action)
        self.toolbar.insertSeparator(self.add_codes_action)
        self.toolbar.insertSeparator(self.import_action)
        self.toolbar.insertSeparator(self.refresh_action)

    # -- settings -------------------------------------------------------------------------------

    def _restore_layout(self) -> tuple[str, bool]:
        settings = QSettings()
        header = self.table.horizontalHeader()
        header.blockSignals(True)       # the saved sort is applied below, by the filter
        state = settings.value(SETTINGS_PREFIX + "header")
        if isinstance(state, QByteArray) and not state.isEmpty():
            header.restoreState(state)
        for key, splitter in (("splitter", self.splitter), ("detail_splitter", self.detail.body)):
            value = settings.value(SETTINGS_PREFIX + key)
            if isinstance(value, QByteArray) and not value.isEmpty():
                splitter.restoreState(value)
        sort = str(settings.value(SETTINGS_PREFIX + "sort", "batch_date"))
        if sort not in SORTABLE_COLUMNS:
            sort = "batch_date"
        descending = str(settings.value(SETTINGS_PREFIX + "descending", "true")).lower() \
            in ("true", "1")
        header.setSortIndicator(column_of_sort(sort), Qt.SortOrder.DescendingOrder if descending
                                else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        return sort, descending

    def save_layout(self) -> None:
        settings = QSettings()
        settings.setValue(SETTINGS_PREFIX + "header",
                          self.table.horizontalHeader().saveState())
        settings.setValue(SETTINGS_PREFIX + "splitter", self.splitter.saveState())
        settings.setValue(SETTINGS_PREFIX + "detail_splitter", self.detail.body.saveState())
        flt = self.model.current_filter
        settings.setValue(SETTINGS_PREFIX + "sort", flt.sort)
        settings.setValue(SETTINGS_PREFIX + "descending", "true" if flt.descending else "false")

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
        self._live.stop()
        for dialog in list(self._dialogs):
            dialog.close()

    # -- loading --------------------------------------------------------------------------------

    def _load_options(self) -> None:
        factory = self.backend.uow_factory
        self.backend.run(lambda: filter_options(factory), self._options_arrived,
                         lambda error: None, self)    # the combos stay editable meanwhile

    def _options_arrived(self, options: FilterOptions) -> None:
        self.options = options
        self.filter_bar.set_options(options)

    def _filter_changed(self, values: FilterValues) -> None:
        flt = self.model.current_filter
        self._select_id = self._selected_id()
        self.model.set_filter(BatchFilter(
            is_closed=values.is_closed, date_from=values.date_from, date_to=values.date_to,
            work_center=values.work_center, shift=values.shift, team=values.team,
            search=values.search, sort=flt.sort, descending=flt.descending))

    def _sort_clicked(self, section: int, order: Qt.SortOrder) -> None:
        flt = self.model.current_filter
        if COLUMNS[section].sort is None:
            # Not sortable on the server (the description): keep the indicator where it was.
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(column_of_sort(flt.sort), Qt.SortOrder.DescendingOrder
                                    if flt.descending else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)
            self.window_.statusBar().showMessage(
                self.tr("The list cannot be sorted by description."), 4000)
            return
        self._select_id = self._selected_id()
        self.model.sort(section, order)

    def sort_by(self, key: str, descending: bool) -> None:
        """Sort as a header click would (server-side)."""
        self.table.horizontalHeader().setSortIndicator(
            column_of_sort(key), Qt.SortOrder.DescendingOrder if descending
            else Qt.SortOrder.AscendingOrder)

    def refresh(self) -> None:
        """F5: the list again from the top, keeping the selected batch and the place."""
        self.model.recount()
        self._refresh_keep_place()
        self.detail.refresh()
        self._load_options()

    def retry(self) -> None:
        self.message_bar.hide()
        self.model.retry()
        self.model.recount()

    def _rows_arrived(self) -> None:
        if self._select_id is not None:
            row = self.model.find_row(self._select_id)
            if row >= 0:
                self._select_id = None
                self.select_row(row)
            elif not self.model.fetching:
                self._select_id = None      # not in the first rows of the new list
                self._selection_changed()
        if self.model.error is None:
            self.message_bar.hide()
        self._update_state()

    def _load_failed(self, reason: str) -> None:
        self.message_text.setText(self.tr("The batches could not be loaded: {reason}").format(
            reason=reason))
        self.message_bar.show()
        self._update_state()

    def _update_state(self) -> None:
        model = self.model
        if model.rowCount() > 0:
            self.empty.clear()
        elif model.error is not None:
            self.empty.show_message(self.tr("The batches could not be loaded."), model.error)
        elif model.loading or not model.loaded_once:
            self.empty.show_message(self.tr("Loading batches…"))
        elif not self.filter_bar.values().empty:
            self.empty.show_message(
                self.tr("No batches match these filters."),
                self.tr("Change the filters or clear them to see every batch."))
        else:
            self.empty.show_message(
                self.tr("There are no batches yet."),
                self.tr("Import a 1C file (Ctrl+O, or drop it here) or create a batch "
                        "(Ctrl+N)."))
        self._update_count()

    def _update_count(self) -> None:
        f = self.formats
        loaded, total = self.model.rowCount(), self.model.total
        if total is None:
            text = self.tr("Batches loaded: {loaded}; counting…").format(
                loaded=f.integer(loaded)) if loaded else ""
        elif loaded >= total or not self.model.has_more:
            text = self.tr("Batches: {total}").format(total=f.integer(total))
        else:
            text = self.tr("Batches: {loaded} of {total} loaded").format(
                loaded=f.integer(loaded), total=f.integer(total))
        self.count_label.setText(text)

    # -- live updates ---------------------------------------------------------------------------

    def apply_batch_changes(self, ids: list[int] | None) -> None:
        """Batches changed (elsewhere or here): refresh what is shown, off the GUI thread,
        keeping the selection and the scroll position. ``None``: anything may have changed.
        Changes arriving within LIVE_UPDATE_DELAY_MS are applied together."""
        if self._closed:
            return
        if ids is None:
            self._pending_any = True
        else:
            self._pending_ids.update(ids)
        if not self._live.isActive():
            self._live.start()

    def _apply_pending_changes(self) -> None:
        any_change, ids = self._pending_any, sorted(self._pending_ids)
        self._pending_any, self._pending_ids = False, set()
        if not any_change and not ids:
            return
        self.model.recount()
        if any_change:
            self._refresh_keep_place()
            self.detail.refresh()
            return
        factory = self.backend.uow_factory
        self.backend.run(lambda: batches_by_ids(factory, ids),
                         partial(self._changed_batches_arrived, ids), lambda error: None, self)

    def _changed_batches_arrived(self, ids: list[int], batches: list[BatchDTO]) -> None:
        found = self.model.update_rows(batches)
        shown = self.detail.batch
        for batch in batches:
            if shown is not None and batch.id == shown.id:
                self.detail.refresh(batch)
        if shown is not None and shown.id in ids and shown.id not in {b.id for b in batches}:
            self.detail.refresh()
        flt = self.model.current_filter
        if any(batch.id not in found and matches(flt, batch) for batch in batches):
            self._refresh_keep_place()      # a new (or not loaded) batch belongs in the list
        self._update_actions()

    def _visible_rows(self) -> tuple[int, int]:
        first = self.table.rowAt(0)
        last = self.table.rowAt(self.table.viewport().height() - 1)
        count = self.model.rowCount()
        if first < 0:
            return (0, -1) if count == 0 else (0, count - 1)
        return first, last if last >= 0 else count - 1

    def _refresh_keep_place(self) -> None:
        _, last = self._visible_rows()
        if self.model.refresh(last + 1):
            return
        # Deep in a long list: refresh the rows on screen in place instead.
        first, last = self._visible_rows()
        ids = [batch.id for batch in (self.model.peek_batch(row) for row in range(first, last + 1))
               if batch is not None]
        if ids:
            factory = self.backend.uow_factory
            self.backend.run(lambda: batches_by_ids(factory, ids),
                             partial(self._changed_batches_arrived, ids), lambda error: None,
                             self)

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
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def select_batch(self, batch_id: int) -> bool:
        row = self.model.find_row(batch_id)
        if row >= 0:
            self.select_row(row)
            return True
        return False

    def _selection_changed(self, *_: Any) -> None:
        batch = self.selected_batch()
        shown = self.detail.batch
        waiting = batch is None and shown is not None and shown.id == self._select_id
        if not waiting and (batch is None or shown is None or batch.id != shown.id):
            # (While the list reloads, the detail keeps the batch that may come back.)
            self.detail.show_batch(batch)
        self._update_actions()

    def _update_actions(self) -> None:
        batch = self.selected_batch()
        chosen = batch is not None
        is_open = chosen and not batch.is_closed
        self.edit_action.setEnabled(is_open)
        self.close_action.setEnabled(is_open)
        self.reopen_action.setEnabled(chosen and batch.is_closed)
        self.add_codes_action.setEnabled(is_open)
        self.aggregation_action.setEnabled(is_open)
        self.copy_action.setEnabled(chosen)
        if chosen and batch.is_closed:
            reason = self.tr("The batch is closed: reopen it first.")
            for action in (self.edit_action, self.add_codes_action, self.aggregation_action):
                action.setToolTip(reason)
        else:
            self.edit_action.setToolTip(self.tr("Edit the selected batch (F2)"))
            self.add_codes_action.setToolTip(self.tr(
                "Add product codes to the selected batch: paste them or load a file "
                "(Ctrl+Shift+V)"))
            self.aggregation_action.setToolTip(self.tr(
                "Scan codes into the selected batch (Ctrl+Return)"))

    # -- menus ----------------------------------------------------------------------------------

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        for action in (self.edit_action, self.close_action, self.reopen_action,
                       self.add_codes_action, self.aggregation_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.copy_action)
        menu.addSeparator()
        for action in (self.new_action, self.import_action, self.refresh_action):
            menu.addAction(action)
        return menu

    def _show_context_menu(self, position) -> None:
        index = self.table.indexAt(position)
        if index.isValid():
            self.select_row(index.row())
        menu = self.context_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def header_menu(self) -> QMenu:
        """Show or hide columns."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for number in range(len(COLUMNS)):
            title = self.model.headerData(number, Qt.Orientation.Horizontal)
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(number))
            action.toggled.connect(partial(self._toggle_column, number))
        return menu

    def _show_header_menu(self, position) -> None:
        menu = self.header_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.horizontalHeader().mapToGlobal(position))

    def _toggle_column(self, number: int, shown: bool) -> None:
        header = self.table.horizontalHeader()
        visible = sum(1 for n in range(len(COLUMNS)) if not header.isSectionHidden(n))
        if not shown and visible <= 1:
            return      # keep at least one column
        header.setSectionHidden(number, not shown)

    def copy_selected(self) -> None:
        batch = self.selected_batch()
        if batch is None:
            return
        header = self.table.horizontalHeader()
        row = self.model.find_row(batch.id)
        columns = [header.logicalIndex(visual) for visual in range(header.count())]
        texts = [self.model.data(self.model.index(row, column)) or "" for column in columns
                 if not header.isSectionHidden(column)]
        QGuiApplication.clipboard().setText("\t".join(texts))

    # -- new and edit ---------------------------------------------------------------------------

    def _keep(self, dialog: QWidget) -> None:
        self._dialogs.add(dialog)
        dialog.finished.connect(lambda _=0, d=dialog: self._dialogs.discard(d))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def new_batch(self) -> BatchDialog:
        dialog = BatchDialog(self.formats, self.options, None, self)
        dialog.submitted.connect(partial(self._save_batch, dialog))
        self._keep(dialog)
        dialog.open()
        return dialog

    def edit_batch(self) -> BatchDialog | None:
        batch = self.selected_batch()
        if batch is None:
            return None
        if batch.is_closed:
            self.window_.statusBar().showMessage(
                self.tr("Batch {number} is closed: reopen it before editing.").format(
                    number=batch.batch_number), 5000)
            return None
        dialog = BatchDialog(self.formats, self.options, batch, self)
        dialog.submitted.connect(partial(self._save_batch, dialog))
        self._keep(dialog)
        dialog.open()
        return dialog

    def _save_batch(self, dialog: BatchDialog, form: BatchForm) -> None:
        factory, tz = self.backend.uow_factory, self.backend.timezone
        if form.batch_id is None:
            work = partial(create_batch, factory, form, tz)
        else:
            batch_id, values = form.batch_id, dict(form.values)
            work = partial(update_batch, factory, batch_id, values, tz)
        self.backend.run(work, partial(self._batch_saved, dialog, form),
                         partial(self._dialog_failed, dialog), self)

    def _dialog_failed(self, dialog: Any, error: BaseException) -> None:
        try:
            dialog.show_error(error)
        except RuntimeError:        # the dialog was closed meanwhile
            self._report(error)

    def _batch_saved(self, dialog: BatchDialog, form: BatchForm, batch: BatchDTO) -> None:
        try:
            dialog.saved()
        except RuntimeError:
            pass
        if form.batch_id is None:
            message = self.tr("Batch {number} of {date} was created.")
            self._select_id = batch.id
            self.model.recount()
            self._refresh_keep_place()
            self._load_options()
        else:
            message = self.tr("Batch {number} of {date} was saved.")
            self._batch_updated(batch)
        self.window_.statusBar().showMessage(message.format(
            number=batch.batch_number, date=self.formats.date(batch.batch_date)), 5000)
        self.batch_saved.emit(batch)

    def _batch_updated(self, batch: BatchDTO) -> None:
        self.model.update_rows([batch])
        if self.detail.batch is not None and self.detail.batch.id == batch.id:
            self.detail.refresh(batch)
        self._update_actions()

    # -- close and reopen -----------------------------------------------------------------------

    def close_selected(self) -> QMessageBox | None:
        batch = self.selected_batch()
        if batch is None or batch.is_closed:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Close batch"),
                          self.tr("Close batch {number} of {date}?").format(
                              number=batch.batch_number,
                              date=self.formats.date(batch.batch_date)),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirmClose")
        box.setInformativeText(self.tr(
            "{aggregated} of {total} products are aggregated. A closed batch takes no more "
            "scans or edits until it is reopened.").format(
            aggregated=self.formats.integer(batch.products_aggregated),
            total=self.formats.integer(batch.products_total)))
        confirm = box.addButton(self.tr("Close batch"), QMessageBox.ButtonRole.AcceptRole)
        confirm.setObjectName("confirmCloseButton")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(confirm)
        box.accepted.connect(partial(self._close_confirmed, batch.id))
        self._keep(box)
        box.open()
        return box

    def _close_confirmed(self, batch_id: int) -> None:
        factory, tz = self.backend.uow_factory, self.backend.timezone
        self.backend.run(lambda: close_batch(factory, batch_id, tz),
                         partial(self._state_changed, True), self._report, self)

    def reopen_selected(self) -> None:
        batch = self.selected_batch()
        if batch is None or not batch.is_closed:
            return
        factory, tz, batch_id = self.backend.uow_factory, self.backend.timezone, batch.id
        self.backend.run(lambda: reopen_batch(factory, batch_id, tz),
                         partial(self._state_changed, False), self._report, self)

    def _state_changed(self, closed: bool, batch: BatchDTO) -> None:
        self._batch_updated(batch)
        text = self.tr("Batch {number} of {date} was closed.") if closed else \
            self.tr("Batch {number} of {date} was reopened.")
        self.window_.statusBar().showMessage(text.format(
            number=batch.batch_number, date=self.formats.date(batch.batch_date)), 5000)
        self.batch_saved.emit(batch)

    def _report(self, error: BaseException) -> None:
        """A failed action, said in a sentence (never a traceback)."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Batches"), describe(error),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("batchError")
        self._keep(box)
        box.open()

    # -- codes ----------------------------------------------------------------------------------

    def add_codes(self) -> AddCodesDialog | None:
        batch = self.selected_batch()
        if batch is None or batch.is_closed:
            return None
        dialog = AddCodesDialog(self.formats, batch, self)
        dialog.submitted.connect(partial(self._add_codes, dialog, batch.id))
        self._keep(dialog)
        dialog.open()
        return dialog

    def _add_codes(self, dialog: AddCodesDialog, batch_id: int, given: CodesInput) -> None:
        factory = self.backend.uow_factory
        token = self.backend.settings.gs_token
        tokens = (token,) if token else ()

        def work() -> AddProductsResult:
            return add_products(factory, batch_id, read_codes(given.text, given.files),
                                gs_tokens=tokens)

        self.backend.run(work, partial(self._codes_added, dialog, batch_id),
                         partial(self._dialog_failed, dialog), self)

    def _codes_added(self, dialog: AddCodesDialog, batch_id: int,
                     result: AddProductsResult) -> None:
        try:
            dialog.show_result(result)
        except RuntimeError:
            pass
        self.apply_batch_changes([batch_id])

    # -- import ---------------------------------------------------------------------------------

    def choose_import_file(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Import a 1C file"))
        dialog.setObjectName("importFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters([self.tr("1C JSON files (*.json)"), self.tr("All files (*)")])
        dialog.filesSelected.connect(lambda paths: self.import_files([Path(p) for p in paths]))
        self._keep(dialog)
        dialog.open()
        return dialog

    def import_files(self, paths: list[Path]) -> None:
        for path in paths:
            self._import(Path(path))

    def _import(self, path: Path) -> None:
        factory, tz = self.backend.uow_factory, self.backend.timezone
        token = self.backend.settings.gs_token
        tokens = (token,) if token else ()
        jobs = self.backend.jobs
        self.window_.statusBar().showMessage(
            self.tr("Importing {file}…").format(file=path.name))
        submitted = self._import_submitted.emit
        settings = self.backend.settings
        limits = {"max_file_mb": settings.intake_max_file_mb,
                  "max_items": settings.intake_max_items}
        self.backend.run(lambda: run_import(factory, jobs, tz, path, tokens, submitted, limits),
                         self._imported, partial(self._import_failed, path), self)

    def _imported(self, report: ImportReport) -> None:
        self.import_progress.clear()
        self.window_.statusBar().showMessage(
            self.tr("{file} was imported.").format(file=report.file_name), 5000)
        dialog = IntakeResultDialog(report, self.formats, self)
        self._keep(dialog)
        dialog.open()
        self.apply_batch_changes(None)
        self._load_options()
        self.import_finished.emit(report)

    def _import_failed(self, path: Path, error: BaseException) -> None:
        self.import_progress.clear()
        self.window_.statusBar().clearMessage()
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Import of {file}").format(
            file=path.name), describe_import_error(error), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("importError")
        self._keep(box)
        box.open()

    @staticmethod
    def _json_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls()
                if url.isLocalFile() and url.toLocalFile().lower().endswith(".json")]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt name
        if self._json_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt name
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt name
        files = self._json_files(event)
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_files(files)

    # -- aggregation ----------------------------------------------------------------------------

    def open_selected_in_aggregation(self) -> None:
        batch = self.selected_batch()
        if batch is None or batch.is_closed:
            return
        self.open_in_aggregation.emit(batch.id)
        try:
            self.window_.show_area("aggregation")
        except ValueError:
            pass        # a window without that area (tests, embedding)


def create_batch(uow_factory, form: BatchForm, tz) -> BatchDTO:
    """A new batch through the 1C intake, as the core creates batches (runs on a worker).

    Refuses a (number, date) that exists: the intake would overwrite it, and "New batch"
    must never change another batch.
    """
    number, day = form.values["batch_number"], form.values["batch_date"]
    existing = find_batch(uow_factory, number, day)
    if existing is not None:
        raise P.BATCH_NUMBER_DATE_TAKEN(number=number, date=day, id=existing.id,
                                        field="batch_number")
    result = intake_batches(uow_factory, [form.one_c_item()], tz)
    if result.rejected:
        problem = result.rejected[0].problem
        raise problem.type(**{k: v for k, v in problem.params.items() if k != "index"})
    created = find_batch(uow_factory, number, day)
    if created is None:     # another station renumbered it in the same instant
        raise P.BATCH_NOT_STORED(number=number, date=day)
    return created
