"""The Files area (SPEC §8): the reports, exports and imports buckets, and the files not in
the object storage yet; open, save as, copy a link, upload into imports, delete, sync now.

Every read and every action runs off the GUI thread (``fetch_file``, ``file_link``… as ops;
an upload into imports and Sync now as jobs with their progress line). The shown tab is
re-read when the catalogue announces a change of entity ``file`` (coalesced by a
``Refresher``; nothing is read while the page is hidden: it reads once when shown), and the
selection is kept by (bucket, name).

Keys: Return open, Ctrl+S save as, Ctrl+K copy link, Ctrl+O upload into imports, Del delete
(in the table), F5 refresh.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from PySide6.QtCore import QDir, QItemSelectionModel, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import (
    QAction, QDesktopServices, QDragEnterEvent, QDropEvent, QGuiApplication, QHideEvent,
    QKeySequence, QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QHeaderView, QLabel, QMenu, QMessageBox, QTabBar,
    QTableView, QToolBar, QVBoxLayout, QWidget,
)

from mesdesk.domain.files import Bucket
from mesdesk.jobs.update import CANCELLED, SUCCEEDED, JobUpdate
from mesdesk.services.dto import FileEntry, FileLink, SyncSummary

from ...errors import describe
from ...text.formats import Formats
from ...text.jobs import error_text, status_name
from ...widgets.actions import page_action
from ...widgets.empty_state import EmptyState
from ...widgets.job_progress import JobProgress
from ...widgets.refresher import Refresher
from .model import (
    BUCKET_COLUMNS, IMPORTS_COLUMNS, NAME, PENDING_COLUMNS, FilesModel, Key, key_of,
)
from .texts import (
    AMBER, GREEN, PENDING_TAB, RED, TABS, banner_text, bucket_name, empty_text,
    sync_summary_text, tab_title,
)

log = logging.getLogger(__name__)

#: The entity of a live change that makes the shown tab read again.
FILE_ENTITY = "file"
#: The job kinds of an upload into imports and of Sync now (named in the jobs panel).
UPLOAD_JOB, SYNC_JOB = "file_upload", "file_sync"
IMPORTS = Bucket.IMPORTS.value


@dataclass(frozen=True, slots=True)
class FilesRead:
    """One read of the page: the tab's files, the files waiting for the object storage (the
    banner) and whether an object storage is configured at all."""

    tab: str
    entries: list[FileEntry]
    pending: list[FileEntry]
    storage_configured: bool


class FilesPage(QWidget):
    """``FilesPage(backend)``; ``shutdown()`` stops its reads (the app calls it on quit)."""

    #: How often the shown tab is re-read besides the announced changes (next-attempt times).
    REFRESH_MS = 30_000

    def __init__(self, backend: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filesPage")
        self.setAcceptDrops(True)
        self.backend = backend
        self.formats = Formats(backend.timezone)
        self._tab = TABS[0]
        self._loaded: str | None = None          # the tab the table shows the files of
        self._storage_configured = False
        self._dialogs: set[QWidget] = set()
        self._fitted: set[str] = set()           # tabs whose columns were fitted to rows
        self.model = FilesModel(self.formats, BUCKET_COLUMNS, self)
        self._build()
        self._build_actions()

        use = backend.use

        def read() -> FilesRead:
            tab = self._tab
            pending = use.pending_files()
            configured = use.upload_backlog() is not None
            entries = list(pending) if tab == PENDING_TAB else use.list_files(tab)
            return FilesRead(tab, list(entries), list(pending), configured)

        self._reads = Refresher(backend.ops, read=read, apply=self._arrived,
                                failed=self._read_failed, parent=self)
        self._reads.follow_connection(backend.changes)
        backend.changes.changed.connect(self._on_change)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.model.modelReset.connect(self._update_actions)
        self.model.rowsRemoved.connect(lambda *_: self._update_actions())
        self._update_actions()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = QLabel(self)
        self.banner.setObjectName("filesBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setStyleSheet(f"color: {AMBER}; background: #fff4e0; "
                                  "border: 1px solid #f0c890; padding: 6px;")
        self.banner.hide()

        self.tabs = QTabBar(self)
        self.tabs.setObjectName("filesTabs")
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(True)
        for tab in TABS:
            self.tabs.addTab(tab_title(tab))
        self.tabs.currentChanged.connect(self._tab_chosen)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("filesToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

        self.status = QLabel(self)
        self.status.setObjectName("filesStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()

        self.progress = JobProgress(self.backend, self)

        self.table = QTableView(self)
        self.table.setObjectName("filesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.empty = EmptyState(self.table)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(4)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)

    def _action(self, name: str, text: str, tip: str, slot, shortcut: QKeySequence | None,
                *, widget: QWidget | None = None) -> QAction:
        return page_action(self, name, text, tip, slot, shortcut, widget=widget)

    def _build_actions(self) -> None:
        keys = QKeySequence
        self.open_action = self._action(
            "openFile", self.tr("Open"), self.tr("Open the selected file"),
            self.open_selected, keys(Qt.Key.Key_Return), widget=self.table)
        self.save_action = self._action(
            "saveFileAs", self.tr("Save as…"), self.tr("Save a copy of the selected file"),
            self.save_selected, keys(keys.StandardKey.Save))
        self.link_action = self._action(
            "copyFileLink", self.tr("Copy link"),
            self.tr("Copy a link to the selected file"), self.copy_link, keys("Ctrl+K"))
        self.upload_action = self._action(
            "uploadImport", self.tr("Upload into imports…"),
            self.tr("Hand a file in to be imported"), self.choose_upload, keys("Ctrl+O"))
        self.delete_action = self._action(
            "deleteFile", self.tr("Delete…"),
            self.tr("Delete the selected file everywhere"), self.delete_selected,
            keys(keys.StandardKey.Delete), widget=self.table)
        self.sync_action = self._action(
            "syncFiles", self.tr("Sync now"),
            self.tr("Upload this station's waiting files to the object storage now"),
            self.sync_now, None)
        self.refresh_action = self._action(
            "refreshFiles", self.tr("Refresh"), self.tr("Read the list again"), self.refresh,
            keys(keys.StandardKey.Refresh))
        for action in (self.open_action, self.save_action, self.link_action,
                       self.upload_action, self.delete_action, self.sync_action,
                       self.refresh_action):
            self.toolbar.addAction(action)
        self.toolbar.insertSeparator(self.upload_action)
        self.toolbar.insertSeparator(self.sync_action)

    def _context_menu(self, point: QPoint) -> QMenu | None:
        index = self.table.indexAt(point)
        if index.isValid():
            self.select(key_of(self.model.entry(index.row())))
        menu = QMenu(self)
        menu.setObjectName("filesMenu")
        for action in (self.open_action, self.save_action, self.link_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(point))
        return menu

    # -- tabs, showing and reading --------------------------------------------------------------

    @property
    def current_tab(self) -> str:
        return self._tab

    def show_tab(self, tab: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(tab))

    @Slot(int)
    def _tab_chosen(self, index: int) -> None:
        self._tab = TABS[index]
        self.model.clear()
        self.model.set_columns(self._columns(self._tab))
        self._loaded = None
        self.empty.clear()
        self.say("")
        self._update_actions()
        self.refresh()

    @staticmethod
    def _columns(tab: str) -> tuple[int, ...]:
        if tab == IMPORTS:
            return IMPORTS_COLUMNS
        return PENDING_COLUMNS if tab == PENDING_TAB else BUCKET_COLUMNS

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        self._reads.every(self.REFRESH_MS)
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt name
        super().hideEvent(event)
        self._reads.stop_polling()

    def shutdown(self) -> None:
        self._reads.stop()
        for dialog in list(self._dialogs):
            dialog.close()

    @Slot()
    def refresh(self) -> None:
        """The shown tab again, off the GUI thread (one more read after one in flight)."""
        self._reads.refresh()

    @property
    def loading(self) -> bool:
        return self._reads.busy or self._reads.waiting

    @property
    def loaded(self) -> bool:
        """Whether the table shows a read of the shown tab."""
        return self._loaded == self._tab

    @Slot(object)
    def _on_change(self, change: dict) -> None:
        if change.get("entity") == FILE_ENTITY and self.isVisible():
            self.refresh()

    def _arrived(self, read: FilesRead) -> None:
        if read.tab != self._tab:               # the tab changed while it was read
            self.refresh()
            return
        chosen = self.selected_key()
        self._storage_configured = read.storage_configured
        self.model.set_entries(read.entries)
        self._loaded = read.tab
        text = banner_text(read.pending)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        if read.entries:
            self.empty.clear()
        else:
            self.empty.show_message(empty_text(read.tab, read.storage_configured))
        if chosen is not None and self.selected_key() != chosen:
            self.select(chosen)
        if read.entries and read.tab not in self._fitted:
            self._fitted.add(read.tab)
            self._fit_columns()
        self._update_actions()

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        name = self.model.section_of(NAME)
        if name >= 0:
            self.table.setColumnWidth(name, min(max(self.table.columnWidth(name), 220), 420))
        for section in range(self.model.columnCount()):
            if self.table.columnWidth(section) > 420:
                self.table.setColumnWidth(section, 420)

    def _read_failed(self, error: BaseException) -> None:
        log.warning("could not read the files", exc_info=error)
        self.say(self.tr("The files could not be read: {reason}").format(
            reason=describe(error)), True)

    def say(self, text: str, warning: bool = False) -> None:
        """One line under the toolbar: what was just done, or what went wrong."""
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {RED};" if warning else f"color: {GREEN};")
        self.status.setVisible(bool(text))

    # -- selection ------------------------------------------------------------------------------

    def selected_entry(self) -> FileEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def selected_key(self) -> Key | None:
        entry = self.selected_entry()
        return key_of(entry) if entry is not None else None

    def select(self, key: Key) -> bool:
        row = self.model.row_of(key)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def _update_actions(self) -> None:
        chosen = self.selected_entry() is not None
        for action in (self.open_action, self.save_action, self.link_action,
                       self.delete_action):
            action.setEnabled(chosen)
        self.upload_action.setEnabled(self._tab == IMPORTS)
        self.upload_action.setVisible(self._tab == IMPORTS)

    # -- what the actions do --------------------------------------------------------------------

    def _failed(self, error: BaseException) -> None:
        self.say(describe(error), True)

    def open_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        use, bucket, name = self.backend.use, entry.bucket, entry.name
        self.say(self.tr("Opening {name}…").format(name=name))
        self.backend.run(lambda: use.fetch_file(bucket, name),
                         success=lambda path: self._opened(name, path),
                         failure=self._failed, owner=self)

    def _opened(self, name: str, path: Path) -> None:
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.say(self.tr("Opened {name}.").format(name=name))
        else:
            self.say(self.tr("No program opens {name}; it is at {path}.").format(
                name=name, path=str(path)), True)

    def save_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        proposed = str(Path(QDir.homePath()) / PurePath(entry.name).name)
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Save {name} as").format(
            name=entry.name), proposed)
        if not target:
            return
        use, bucket, name, where = self.backend.use, entry.bucket, entry.name, Path(target)
        self.backend.run(lambda: use.fetch_file(bucket, name, where),
                         success=lambda path: self.say(self.tr("Saved to {path}.").format(
                             path=str(path))),
                         failure=self._failed, owner=self)

    def copy_link(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        use, bucket, name = self.backend.use, entry.bucket, entry.name
        self.backend.run(lambda: use.file_link(bucket, name), success=self._link_made,
                         failure=self._failed, owner=self)

    def _link_made(self, link: FileLink) -> None:
        QGuiApplication.clipboard().setText(link.url)
        if link.expires_at is not None:
            self.say(self.tr("Link copied; valid until {time}.").format(
                time=self.formats.datetime(link.expires_at)))
        else:
            self.say(self.tr("Link to the file on this computer copied (the file is not in "
                             "the object storage)."))

    def choose_upload(self) -> None:
        if self._tab != IMPORTS:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Upload into imports"), QDir.homePath(),
            self.tr("Batch files (*.xlsx *.xls *.csv *.json);;All files (*)"))
        if path:
            self.upload(Path(path))

    def upload(self, path: Path) -> None:
        """Hand ``path`` in to be imported (a job; the file sync imports it)."""
        use = self.backend.use
        self.say("")
        self.progress.start(UPLOAD_JOB, {"bucket": IMPORTS, "file": path.name},
                            lambda job: use.put_import_file(path, job=job),
                            on_end=lambda update: self._uploaded(path.name, update))

    def _uploaded(self, name: str, update: JobUpdate) -> None:
        self.progress.clear()
        if update.status == SUCCEEDED:
            self.say(self.tr("{file} was uploaded into imports; it is imported shortly.").format(
                file=name))
            self.refresh()
        else:
            self._job_failed(update)

    def _job_failed(self, update: JobUpdate) -> None:
        if update.status == CANCELLED:
            self.say(status_name(CANCELLED), True)
        else:
            self.say(error_text(update.error, update.error_problem)
                     or status_name(update.status), True)

    def delete_selected(self) -> QMessageBox | None:
        entry = self.selected_entry()
        if entry is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete file"),
                          self.tr("Delete {name} from {bucket}?").format(
                              name=entry.name, bucket=bucket_name(entry.bucket)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirmDeleteFile")
        box.setInformativeText(self.tr("It is removed from the object storage, this computer "
                                       "and the list. This cannot be undone."))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.buttonClicked.connect(lambda button: self._delete_answered(box, button, entry))
        box.finished.connect(lambda _: self._dialogs.discard(box))
        self._dialogs.add(box)
        box.open()
        return box

    def _delete_answered(self, box: QMessageBox, button: Any, entry: FileEntry) -> None:
        if box.standardButton(button) != QMessageBox.StandardButton.Yes:
            return
        use, bucket, name = self.backend.use, entry.bucket, entry.name
        self.backend.run(lambda: use.delete_file(bucket, name),
                         success=lambda deleted: self._deleted(entry, deleted),
                         failure=self._failed, owner=self)

    def _deleted(self, entry: FileEntry, deleted: bool) -> None:
        if deleted:
            self.say(self.tr("{name} was deleted.").format(name=entry.name))
        else:
            self.say(self.tr("{name} was deleted already.").format(name=entry.name))
        self.refresh()

    def sync_now(self) -> None:
        use = self.backend.use
        done: list[SyncSummary] = []            # the summary, kept by the job's own thread

        def work(job: Any) -> SyncSummary:
            summary = use.sync_files(job=job)
            done.append(summary)
            return summary

        self.say("")
        self.progress.start(SYNC_JOB, {"trigger": "files page"}, work, pool="io",
                            on_end=lambda update: self._synced(update, done))

    def _synced(self, update: JobUpdate, done: list[SyncSummary]) -> None:
        self.progress.clear()
        if update.status != SUCCEEDED:
            self._job_failed(update)
            return
        if done:
            summary = done[0]
        else:
            result = update.result if isinstance(update.result, dict) else {}
            summary = SyncSummary(**{key: int(result.get(key, 0) or 0)
                                     for key in ("uploaded", "failed", "waiting", "imported")})
        self.say(sync_summary_text(summary), bool(summary.failed))
        self.refresh()

    # -- drops on the Imports tab ---------------------------------------------------------------

    @staticmethod
    def _dropped_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt name
        if self._tab == IMPORTS and self._dropped_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt name
        if self._tab == IMPORTS:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt name
        files = self._dropped_files(event) if self._tab == IMPORTS else []
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        for path in files:
            self.upload(path)
