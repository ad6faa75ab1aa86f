"""Barcode scanner capture (SPEC §5): keyboard-wedge scanners through an application-wide key
filter (:mod:`.wedge`), serial/COM scanners through QtSerialPort (:mod:`.serial`). Both hand over
a :class:`mesdesk.domain.scanner_input.CapturedScan`; telling scans from typing and splitting
serial lines is Qt-free, in :mod:`mesdesk.domain.scanner_input`."""

from mesdesk.ui.scanner.serial import SerialCapture, available_ports
from mesdesk.ui.scanner.wedge import WedgeCapture, thresholds_of

__all__ = ["SerialCapture", "WedgeCapture", "available_ports", "thresholds_of"]
