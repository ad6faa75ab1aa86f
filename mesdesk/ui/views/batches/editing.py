"""Changing batches from the list: new, edit, close, reopen and add codes, each a dialog whose
work runs as an op (``backend.use``); a refusal is said next to the field or in a box."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from mesdesk.services.dto import AddProductsResult, BatchDTO
from mesdesk.services.input_files import read_codes as read_code_file
from mesdesk.services.input_files import split_codes

from ...errors import describe
from .batch_dialog import BatchDialog, BatchForm
from .codes_dialog import AddCodesDialog, CodesInput
from ...text.formats import Formats


def read_codes(text: str, files: tuple[Path, ...]) -> list[str]:
    """Codes from the pasted text and the chosen files, one per line (runs on a worker)."""
    codes = split_codes(text)
    for path in files:
        codes += read_code_file(path)
    return codes


class BatchEditing(QObject):
    """``created(batch)``, ``updated(batch)`` (an edit, a close or a reopen: with the status
    line's text) and ``codes_added(batch_id)`` when a change is stored."""

    created = Signal(object)
    updated = Signal(object, str)
    codes_added = Signal(int)

    def __init__(self, page: QWidget, backend: Any, formats: Formats,
                 keep: Callable[[QWidget], None]) -> None:
        super().__init__(page)
        self._page = page
        self._backend = backend
        self._formats = formats
        self._keep = keep

    def _open(self, dialog: QWidget) -> None:
        self._keep(dialog)
        dialog.open()

    # -- new and edit -----------------------------------------------------------------------------

    def new_batch(self, options) -> BatchDialog:
        dialog = BatchDialog(self._formats, options, None, self._page)
        dialog.submitted.connect(partial(self._save, dialog))
        self._open(dialog)
        return dialog

    def edit_batch(self, batch: BatchDTO, options) -> BatchDialog:
        dialog = BatchDialog(self._formats, options, batch, self._page)
        dialog.submitted.connect(partial(self._save, dialog))
        self._open(dialog)
        return dialog

    def _save(self, dialog: BatchDialog, form: BatchForm) -> None:
        use, tz = self._backend.use, self._backend.timezone
        if form.batch_id is None:
            item = form.one_c_item()
            work = partial(use.create_batch, item, tz)
        else:
            work = partial(use.update_batch, form.batch_id, dict(form.values), tz)
        self._backend.run(work, partial(self._saved, dialog, form),
                          partial(self._dialog_failed, dialog), self)

    def _saved(self, dialog: BatchDialog, form: BatchForm, batch: BatchDTO) -> None:
        try:
            dialog.saved()
        except RuntimeError:
            pass        # the dialog was closed meanwhile
        if form.batch_id is None:
            self.created.emit(batch)
        else:
            self.updated.emit(batch, self.tr("Batch {number} of {date} was saved."))

    def _dialog_failed(self, dialog: Any, error: BaseException) -> None:
        try:
            dialog.show_error(error)
        except RuntimeError:        # the dialog was closed meanwhile
            self.report(error)

    # -- close and reopen ---------------------------------------------------------------------

    def close_batch(self, batch: BatchDTO) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Close batch"),
                          self.tr("Close batch {number} of {date}?").format(
                              number=batch.batch_number,
                              date=self._formats.date(batch.batch_date)),
                          QMessageBox.StandardButton.NoButton, self._page)
        box.setObjectName("confirmClose")
        box.setInformativeText(self.tr(
            "{aggregated} of {total} products are aggregated. A closed batch takes no more "
            "scans or edits until it is reopened.").format(
            aggregated=self._formats.integer(batch.products_aggregated),
            total=self._formats.integer(batch.products_total)))
        confirm = box.addButton(self.tr("Close batch"), QMessageBox.ButtonRole.AcceptRole)
        confirm.setObjectName("confirmCloseButton")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(confirm)
        box.accepted.connect(partial(self._close_confirmed, batch.id))
        self._open(box)
        return box

    def _close_confirmed(self, batch_id: int) -> None:
        use, tz = self._backend.use, self._backend.timezone
        self._backend.run(lambda: use.close_batch(batch_id, tz),
                          partial(self._state_changed, True), self.report, self)

    def reopen_batch(self, batch: BatchDTO) -> None:
        use, tz, batch_id = self._backend.use, self._backend.timezone, batch.id
        self._backend.run(lambda: use.reopen_batch(batch_id, tz),
                          partial(self._state_changed, False), self.report, self)

    def _state_changed(self, closed: bool, batch: BatchDTO) -> None:
        self.updated.emit(batch, self.tr("Batch {number} of {date} was closed.") if closed
                          else self.tr("Batch {number} of {date} was reopened."))

    def report(self, error: BaseException) -> None:
        """A failed action, said in a sentence (never a traceback)."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Batches"), describe(error),
                          QMessageBox.StandardButton.Ok, self._page)
        box.setObjectName("batchError")
        self._open(box)

    # -- codes ------------------------------------------------------------------------------------

    def add_codes(self, batch: BatchDTO) -> AddCodesDialog:
        dialog = AddCodesDialog(self._formats, batch, self._page)
        dialog.submitted.connect(partial(self._add_codes, dialog, batch.id))
        self._open(dialog)
        return dialog

    def _add_codes(self, dialog: AddCodesDialog, batch_id: int, given: CodesInput) -> None:
        use, tokens = self._backend.use, self._backend.gs_tokens

        def work() -> AddProductsResult:
            return use.add_products(batch_id, read_codes(given.text, given.files),
                                    gs_tokens=tokens)

        self._backend.run(work, partial(self._codes_added, dialog, batch_id),
                          partial(self._dialog_failed, dialog), self)

    def _codes_added(self, dialog: AddCodesDialog, batch_id: int,
                     result: AddProductsResult) -> None:
        try:
            dialog.show_result(result)
        except RuntimeError:
            pass
        self.codes_added.emit(batch_id)
