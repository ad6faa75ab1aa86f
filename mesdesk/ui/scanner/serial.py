"""Serial (COM) scanner capture: a QSerialPort read line by line (SPEC §5).

A scanner in serial mode (a real COM port, or USB in CDC/virtual-COM mode) sends bytes, not key
presses, so there is no keyboard layout and GS arrives as the byte 0x1D. Each line (CR, LF or
CRLF, as the scanner's suffix is set) is one scan; the splitting is the Qt-free
:class:`mesdesk.domain.scanner_input.SerialLineSplitter`.

Reading is event driven (``readyRead``) on the GUI thread: a scan is a few dozen bytes, so there
is nothing to block on. A port that goes away (the cable pulled, the USB scanner unplugged) is a
``ResourceError``: it is reported on :attr:`SerialCapture.error` and the port is closed; the app
keeps running and the operator may open it again.
"""

from __future__ import annotations

import logging
import sys
import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtSerialPort import QSerialPort, QSerialPortInfo

from mesdesk.domain.scanner_input import DiscardedLine, SerialLineSplitter

_log = logging.getLogger(__name__)


def available_ports() -> list[tuple[str, str]]:
    """``(name to open, description)`` of each serial port of this computer, for a settings
    combo: COM3 on Windows, the device path (/dev/ttyACM0) elsewhere."""
    ports = []
    for info in QSerialPortInfo.availablePorts():
        name = info.portName() if sys.platform == "win32" else info.systemLocation()
        about = " — ".join(part for part in (info.description(), info.manufacturer()) if part)
        ports.append((name, about))
    return sorted(ports)


class SerialCapture(QObject):
    """Reads scans from one serial port; see the module docstring."""

    scanned = Signal(object)       # CapturedScan
    state_changed = Signal(str)    # "open" | "closed" | "error"
    error = Signal(str)            # a readable English sentence naming the port

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._port: QSerialPort | None = None
        self._port_name = ""
        self._splitter = SerialLineSplitter()

    @property
    def is_open(self) -> bool:
        return self._port is not None and self._port.isOpen()

    @property
    def port_name(self) -> str:
        return self._port_name

    def open(self, port_name: str, baud: int) -> bool:
        """Open ``port_name`` (``COM3``, ``ttyUSB0`` or a full path) read-only, 8N1, no flow
        control. False, with :attr:`error` emitted, if it cannot be opened."""
        self.close()
        self._port_name = port_name
        port = QSerialPort(self)
        port.setPortName(port_name)
        configured = (port.setBaudRate(baud) and port.setDataBits(QSerialPort.DataBits.Data8)
                      and port.setParity(QSerialPort.Parity.NoParity)
                      and port.setStopBits(QSerialPort.StopBits.OneStop)
                      and port.setFlowControl(QSerialPort.FlowControl.NoFlowControl))
        if not (configured and port.open(QSerialPort.OpenModeFlag.ReadOnly)):
            reason = port.errorString()
            port.deleteLater()
            self._fail(self.tr("Cannot open the scanner port {port}: {reason}")
                       .format(port=port_name, reason=reason))
            return False
        port.readyRead.connect(self._read)
        port.errorOccurred.connect(self._on_error)
        self._port = port
        self._splitter.reset()
        self.state_changed.emit("open")
        return True

    def close(self) -> None:
        """Close the port if open (a partly received line is dropped)."""
        if self._close_port():
            self.state_changed.emit("closed")

    # -- internals ---------------------------------------------------------------------------

    def _close_port(self) -> bool:
        port, self._port = self._port, None
        if port is None:
            return False
        port.readyRead.disconnect(self._read)
        port.errorOccurred.disconnect(self._on_error)
        port.close()
        port.deleteLater()
        self._splitter.reset()
        return True

    def _read(self) -> None:
        port = self._port
        if port is None:
            return
        data = bytes(port.readAll().data())
        for item in self._splitter.feed(data):
            if isinstance(item, DiscardedLine):
                self.error.emit(self.tr(
                    "The scanner on {port} sent {size} bytes without a line end; they were "
                    "discarded. Set the scanner's suffix to CR or LF.")
                    .format(port=self._port_name, size=item.size))
            else:
                self.scanned.emit(item.to_scan(at=time.perf_counter()))

    def _on_error(self, code: QSerialPort.SerialPortError) -> None:
        if code == QSerialPort.SerialPortError.NoError or self._port is None:
            return
        reason = self._port.errorString()
        if code == QSerialPort.SerialPortError.ResourceError:
            _log.warning("scanner port %s went away: %s", self._port_name, reason)
            self._close_port()
            self._fail(self.tr("The scanner port {port} is no longer available ({reason}); "
                               "it was closed.").format(port=self._port_name, reason=reason))
        else:
            _log.warning("scanner port %s: %s", self._port_name, reason)
            self.error.emit(self.tr("Scanner port {port}: {reason}")
                            .format(port=self._port_name, reason=reason))
            self._port.clearError()

    def _fail(self, message: str) -> None:
        self.error.emit(message)
        self.state_changed.emit("error")
