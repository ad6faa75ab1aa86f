"""One error funnel: every failure a user sees is a readable sentence, never a traceback.

``sys.excepthook`` and ``threading.excepthook`` route here; background task failures too. The
sentence comes from ``describe``: a refusal's catalogued problem translated by its code
(``ui/text/problems.py``).
"""

from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.domain.problems import Problem

from .text.problems import problem_text

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def describe(error: BaseException) -> str:
    """The sentence a user reads for ``error``, in the user's language: a refusal's problem,
    else a problem made for what broke (the details go to the log, never on screen)."""
    return problem_text(problem_of(error))


def problem_of(error: BaseException) -> Problem:
    if isinstance(error, DomainError):
        return error.problem
    if isinstance(error, OSError) and error.strerror:
        return P.LOCAL_FILE_FAILED.problem(reason=error.strerror)
    return P.INTERNAL.problem(kind=type(error).__name__)


class ErrorPresenter(QObject):
    """Shows failures in a message box on the GUI thread; callable from any thread."""

    _raised = Signal(object)

    def __init__(self, parent_widget: QWidget | None = None) -> None:
        super().__init__()
        self._parent_widget = parent_widget
        self._raised.connect(self._show)
        self.shown: list[str] = []   # what was said, newest last (tests and the status bar)

    def set_parent_widget(self, widget: QWidget) -> None:
        self._parent_widget = widget

    def report(self, error: BaseException) -> None:
        if isinstance(error, DomainError) and error.problem.code == P.AUTH_NOT_SIGNED_IN.code:
            # A read that came due while the station is locked: the sign-in screen in front
            # of the pages says all there is to say.
            log.info("refused while nobody is signed in: %s", error.problem.code)
            return
        if not isinstance(error, DomainError):
            log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
        self._raised.emit(error)

    @Slot(object)
    def _show(self, error: BaseException) -> None:
        text = describe(error)
        self.shown.append(text)
        box = QMessageBox(QMessageBox.Icon.Warning, tr("MESDesk"), text,
                          QMessageBox.StandardButton.Ok, self._parent_widget)
        box.setModal(False)
        box.open()

    def install_hooks(self) -> None:
        def excepthook(kind, value, traceback) -> None:
            if issubclass(kind, KeyboardInterrupt):
                sys.__excepthook__(kind, value, traceback)
                return
            self.report(value)

        def thread_excepthook(args: threading.ExceptHookArgs) -> None:
            if args.exc_value is not None:
                self.report(args.exc_value)

        sys.excepthook = excepthook
        threading.excepthook = thread_excepthook
