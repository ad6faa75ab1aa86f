"""The self-test's step lines (mesdesk/selftest.py), without a database or Qt."""

from __future__ import annotations

import io

from mesdesk.domain import problems as P
from mesdesk.selftest import SelfTest, StepFailed


def test_a_step_prints_one_line_with_outcome_and_time(tmp_path) -> None:
    out = io.StringIO()
    test = SelfTest(tmp_path, out)
    assert test.step("demo batch made", lambda: "batch 7")
    line = out.getvalue().splitlines()[0]
    assert line.split()[:4] == ["demo", "batch", "made", "OK"]
    assert line.split()[5] == "s" and line.endswith("batch 7")
    assert test.passed


def test_a_failure_is_its_reason_never_a_traceback(tmp_path) -> None:
    out = io.StringIO()
    test = SelfTest(tmp_path, out)
    test.log_file = tmp_path / "mesdesk.log"

    def broken() -> str:
        raise KeyError("pgserver")

    def refused() -> str:
        raise P.TIMEZONE_UNKNOWN(timezone="Mars/Olympus", field="timezone")

    def wrong() -> str:
        raise StepFailed("verdict not_found: not in this batch")

    assert not test.step("embedded PostgreSQL starts", broken)
    assert not test.step("schema migrates", refused)
    assert not test.step("code scanned (station)", wrong)
    assert not test.step("PDF report written", lambda: "x", needs=False)
    lines = out.getvalue().splitlines()
    assert "FAILED" in lines[0] and "KeyError: 'pgserver'" in lines[0]
    assert str(tmp_path / "mesdesk.log") in lines[0]          # where the traceback went
    assert "Mars/Olympus" in lines[1] and "mesdesk.log" not in lines[1]   # a problem: its text
    assert lines[2].endswith("verdict not_found: not in this batch")
    assert "SKIPPED" in lines[3]
    assert "Traceback" not in out.getvalue()
    assert not test.passed
