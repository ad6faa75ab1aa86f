"""What a view shows when a job has made a file (an export, a report): its name and size, and
Open file, Show in folder, Save as… (SPEC §7, issue 11).

Opening goes through ``QDesktopServices`` (the system's viewer for .xlsx, .csv, .pdf). Save as
copies the stored file off the GUI thread (``backend.run``): a report of 100,000 products is
tens of megabytes, and a network share can be slow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from mesdesk.services.dto import MadeFile
from mesdesk.services.file_output import copy_out

from ..errors import describe
from ..text.formats import Formats


class FileResultBar(QWidget):
    """Hidden until ``show_file``; ``saved(path)`` after a Save as… copy succeeded."""

    saved = Signal(object)      # Path

    def __init__(self, backend: Any, formats: Formats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fileResultBar")
        self._backend = backend
        self._formats = formats
        self._file: MadeFile | None = None
        self.label = QLabel(self)
        self.label.setObjectName("fileResultText")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("Open file"), self)
        self.folder_button = QPushButton(self.tr("Show in folder"), self)
        self.save_button = QPushButton(self.tr("Save as…"), self)
        self.close_button = QPushButton(self.tr("Dismiss"), self)
        self.open_button.clicked.connect(self.open_file)
        self.folder_button.clicked.connect(self.show_in_folder)
        self.save_button.clicked.connect(self.choose_target)
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        for button in (self.open_button, self.folder_button, self.save_button,
                       self.close_button):
            layout.addWidget(button)
        self.hide()

    @property
    def file(self) -> MadeFile | None:
        return self._file

    def show_file(self, made: MadeFile, title: str) -> None:
        """``title`` says what the file is ("Export of 120 batches"); the name and size
        follow."""
        self._file = made
        self.label.setStyleSheet("")
        self.label.setText(self.tr("{title}: {name} ({size})").format(
            title=title, name=made.object, size=self._formats.file_size(made.bytes)))
        self.label.setToolTip(str(made.path) if made.path else made.file_url)
        here = made.path is not None
        self.open_button.setEnabled(here)
        self.folder_button.setEnabled(here)
        self.save_button.setEnabled(here)
        self.show()

    def open_file(self) -> bool:
        if self._file is None or self._file.path is None:
            return False
        return self._open(QUrl.fromLocalFile(str(self._file.path)))

    def show_in_folder(self) -> bool:
        if self._file is None or self._file.path is None:
            return False
        return self._open(QUrl.fromLocalFile(str(self._file.path.parent)))

    def choose_target(self) -> QFileDialog | None:
        if self._file is None or self._file.path is None:
            return None
        dialog = QFileDialog(self, self.tr("Save a copy as"))
        dialog.setObjectName("saveCopyDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(self._file.object)
        suffix = Path(self._file.object).suffix.lstrip(".")
        if suffix:
            dialog.setDefaultSuffix(suffix)
        dialog.fileSelected.connect(lambda path: self.save_copy(Path(path)))
        dialog.open()
        return dialog

    def save_copy(self, target: Path) -> None:
        """Copy the file to ``target`` off the GUI thread."""
        source = self._file.path if self._file is not None else None
        if source is None:
            return
        self.label.setText(self.tr("Saving a copy to {path}…").format(path=str(target)))
        self._backend.run(lambda: copy_out(source, target), success=self._copied,
                          failure=self._copy_failed, owner=self)

    def _copied(self, target: Path) -> None:
        self.label.setStyleSheet("")
        self.label.setText(self.tr("Saved a copy to {path}").format(path=str(target)))
        self.saved.emit(target)

    def _copy_failed(self, error: BaseException) -> None:
        self.label.setStyleSheet("color: #b00020;")
        self.label.setText(self.tr("The copy could not be saved: {reason}").format(
            reason=describe(error)))

    def _open(self, url: QUrl) -> bool:
        if QDesktopServices.openUrl(url):
            return True
        self.label.setStyleSheet("color: #b00020;")
        self.label.setText(self.tr("Nothing on this computer opens {path}.").format(
            path=url.toLocalFile()))
        return False
