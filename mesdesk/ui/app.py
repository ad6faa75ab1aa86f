"""The desktop app's entry point.

Until the supervisor's window lands (its own issue) this opens a small main window that
connects off the GUI thread and says what it is connected to.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget

from mesdesk import __version__


@dataclass(frozen=True)
class ConnectionInfo:
    mode: str
    batches: int
    open_batches: int


class Connector(QObject):
    """Opens the runtime on a worker thread; results arrive on the GUI thread as signals."""

    connected = Signal(object)
    failed = Signal(str)

    def __init__(self, database_url: str | None) -> None:
        super().__init__()
        self._database_url = database_url
        self.runtime = None

    def start(self) -> None:
        threading.Thread(target=self._work, name="mesdesk-connect", daemon=True).start()

    def _work(self) -> None:
        from mesdesk.bootstrap import Runtime
        from mesdesk.config import load_settings
        from mesdesk.domain.errors import DomainError
        from mesdesk.services.batches import count_batches
        from mesdesk.services.dto import BatchFilter

        try:
            self.runtime = Runtime.open(load_settings(database_url=self._database_url))
            info = ConnectionInfo(
                mode=self.runtime.mode,
                batches=count_batches(self.runtime.uow_factory),
                open_batches=count_batches(self.runtime.uow_factory, BatchFilter(is_closed=False)))
        except DomainError as exc:
            self.failed.emit(exc.message)
            return
        except Exception as exc:  # noqa: BLE001 - shown to the user, never a traceback
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.connected.emit(info)

    def close(self) -> None:
        if self.runtime is not None:
            self.runtime.close()


class MainWindow(QMainWindow):
    def __init__(self, connector: Connector) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("MESDesk"))
        self.resize(960, 600)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        title = QLabel(self.tr("MESDesk {version}").format(version=__version__), body)
        title.setStyleSheet("font-size: 22px; font-weight: 600;")
        self.status = QLabel(self.tr("Connecting to the database…"), body)
        self.status.setWordWrap(True)
        note = QLabel(self.tr(
            "This window shows the connection only: the batch, scanning and analytics screens "
            "are being built. Until they arrive, everything is available from the command "
            "line: run “mesdesk --help”."), body)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(title)
        layout.addWidget(self.status)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.setCentralWidget(body)
        connector.connected.connect(self.show_connected)
        connector.failed.connect(self.show_failed)

    def show_connected(self, info: ConnectionInfo) -> None:
        mode = self.tr("embedded database") if info.mode == "embedded" else \
            self.tr("shared database")
        self.status.setText(self.tr("Connected to the {mode}: {batches} batches, {open} open.")
                            .format(mode=mode, batches=info.batches, open=info.open_batches))
        self.statusBar().showMessage(mode)

    def show_failed(self, message: str) -> None:
        self.status.setText(self.tr("The database is unavailable: {reason}").format(
            reason=message))


def run(database_url: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    connector = Connector(database_url)
    window = MainWindow(connector)
    window.show()
    connector.start()
    try:
        return app.exec()
    finally:
        connector.close()
