"""A serial (COM) scanner, played by a pseudo-terminal: bytes written to the master side arrive
on the port the capture opened, exactly as a scanner's would (SPEC §5)."""

from __future__ import annotations

import os
import sys

import pytest

from mesdesk.domain.scanner_input import GS
from mesdesk.ui.scanner import SerialCapture, available_ports
from tests.support.factories import marking_code

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

CODE = "0104600439931256215Qbld6f\"/FhY" + GS + "91EE06" + GS + "92dGVzdGVzdA=="


class Scanner:
    """The master side of a pseudo-terminal: what is written here, the port reads."""

    def __init__(self) -> None:
        import tty

        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.port_name = os.ttyname(self._slave)
        self._open = True

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def unplug(self) -> None:
        if self._open:
            os.close(self.master)
            os.close(self._slave)
            self._open = False


@pytest.fixture
def scanner():
    scanner = Scanner()
    yield scanner
    scanner.unplug()


@pytest.fixture
def capture(qtbot, scanner):
    capture = SerialCapture()
    capture.states = []
    capture.scans = []
    capture.errors = []
    capture.state_changed.connect(capture.states.append)
    capture.scanned.connect(capture.scans.append)
    capture.error.connect(capture.errors.append)
    assert capture.open(scanner.port_name, 9600), capture.errors
    yield capture
    capture.close()


def test_a_code_with_gs_bytes_and_crlf_arrives_as_one_scan(capture, scanner, qtbot) -> None:
    assert capture.is_open
    assert capture.states == ["open"]

    scanner.send(CODE.encode() + b"\r\n")
    qtbot.waitUntil(lambda: len(capture.scans) == 1)

    [scan] = capture.scans
    assert (scan.raw, scan.source, scan.terminator, scan.keys) == (
        CODE, "serial", "crlf", len(CODE) + 2)
    assert scan.raw.count(GS) == 2


def test_two_codes_in_one_write_are_two_scans_in_order(capture, scanner, qtbot) -> None:
    first, second = marking_code(1), marking_code(2)
    scanner.send(f"{first}\r{second}\r".encode())
    qtbot.waitUntil(lambda: len(capture.scans) == 2)
    assert [(scan.raw, scan.terminator) for scan in capture.scans] == [
        (first, "cr"), (second, "cr")]


def test_a_code_split_across_two_writes_is_one_scan(capture, scanner, qtbot) -> None:
    first, second = marking_code(1), marking_code(2)
    scanner.send(f"{first}\n{second[:20]}".encode())
    qtbot.waitUntil(lambda: len(capture.scans) == 1)  # the first write has been read
    scanner.send(f"{second[20:]}\n".encode())
    qtbot.waitUntil(lambda: len(capture.scans) == 2)
    assert [scan.raw for scan in capture.scans] == [first, second]
    assert capture.errors == []


def test_an_over_long_line_is_reported_and_the_next_scan_still_works(
        capture, scanner, qtbot) -> None:
    scanner.send(b"A" * 5000)
    qtbot.waitUntil(lambda: len(capture.errors) == 1)
    assert scanner.port_name in capture.errors[0]
    assert "line end" in capture.errors[0]

    scanner.send(b"AAAA\r\n" + CODE.encode() + b"\r\n")
    qtbot.waitUntil(lambda: len(capture.scans) == 1)
    assert capture.scans[0].raw == CODE


def test_a_port_that_does_not_exist_reports_an_error_naming_it(qtbot) -> None:
    capture = SerialCapture()
    with qtbot.waitSignal(capture.error) as blocker:
        assert capture.open("/dev/mesdesk-no-such-scanner", 9600) is False
    assert "/dev/mesdesk-no-such-scanner" in blocker.args[0]
    assert not capture.is_open
    capture.close()  # closing what never opened is harmless


def test_an_unplugged_scanner_is_reported_and_the_port_closed(capture, scanner, qtbot) -> None:
    scanner.unplug()
    qtbot.waitUntil(lambda: capture.errors != [])
    assert scanner.port_name in capture.errors[0]
    assert "no longer available" in capture.errors[0]
    assert capture.states == ["open", "error"]
    assert not capture.is_open


def test_close_closes_the_port(capture) -> None:
    capture.close()
    assert not capture.is_open
    assert capture.states == ["open", "closed"]
    capture.close()
    assert capture.states == ["open", "closed"]


def test_the_ports_for_a_settings_combo_are_name_and_description() -> None:
    ports = available_ports()
    assert all(isinstance(name, str) and name and isinstance(description, str)
               for name, description in ports)
