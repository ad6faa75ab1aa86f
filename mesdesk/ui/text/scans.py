"""What the scanning station says about a scan: the translated verdict text and its colours.

The core gives every scan a stable machine code (§4); the words are chosen here, in the
operator's language, with times in the production time zone.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from mesdesk.services.dto import ScanResult

from .problems import sentence
from ..scanner_sounds import REFUSED  # a scan the screen could not take (no batch chosen…)
from .formats import Formats

#: What the panel shows before the first scan.
READY = "ready"


def tr(text: str) -> str:
    return QCoreApplication.translate("ScanTexts", text)


@dataclass(frozen=True, slots=True)
class Look:
    background: str
    foreground: str
    symbol: str


LOOKS = {
    "accepted": Look("#2e7d32", "#ffffff", "✔"),
    "already_aggregated": Look("#f9a825", "#1a1a1a", "⟳"),
    "other_batch": Look("#6a1b9a", "#ffffff", "⇄"),
    "pending": Look("#1565c0", "#ffffff", "◷"),
    "bad_format": Look("#c62828", "#ffffff", "✖"),
    "layout": Look("#c62828", "#ffffff", "✖"),
    "not_found": Look("#c62828", "#ffffff", "✖"),
    "batch_closed": Look("#c62828", "#ffffff", "✖"),
    REFUSED: Look("#c62828", "#ffffff", "✖"),
    READY: Look("#eceff1", "#37474f", "▮▯▮"),
}


#: Every verdict a row of the recent-scans list can show.
VERDICTS = ("accepted", "already_aggregated", "other_batch", "pending", "bad_format", "layout",
            "not_found", "batch_closed", REFUSED)


def look(verdict: str) -> Look:
    return LOOKS.get(verdict, LOOKS[REFUSED])


def verdict_title(verdict: str) -> str:
    """The big word of the verdict panel and of the recent-scans list."""
    titles = {
        "accepted": tr("Accepted"),
        "already_aggregated": tr("Already aggregated"),
        "other_batch": tr("Another batch"),
        "pending": tr("Kept offline"),
        "bad_format": tr("Not a valid code"),
        "layout": tr("Wrong keyboard layout"),
        "not_found": tr("Code not found"),
        "batch_closed": tr("Batch is closed"),
        "repeat": tr("Repeat ignored"),
        REFUSED: tr("Scan not taken"),
        READY: tr("Ready to scan"),
    }
    return titles.get(verdict, verdict)


def verdict_detail(result: ScanResult, formats: Formats) -> str:
    """The sentence under the title: what exactly happened, in the operator's words."""
    verdict = result.verdict
    if verdict == "accepted":
        return tr("Aggregated into this batch.")
    if verdict == "already_aggregated":
        when = formats.datetime(result.aggregated_at) if result.aggregated_at else tr(
            "an earlier time")
        return tr("Unique code already used at {time}.").format(time=when)
    if verdict == "other_batch":
        if result.other_batch_number is not None:
            return tr("Unique code is attached to another batch: No. {number} of {date}.").format(
                number=result.other_batch_number, date=formats.date(result.other_batch_date))
        return tr("Unique code is attached to another batch.")
    if verdict == "pending":
        return tr("The database is unreachable. The scan is kept on this station and its "
                  "verdict follows on reconnect.")
    if result.problem is not None and not result.problem.code.startswith("scan."):
        # What exactly is wrong with the code, with its facts (position, GTIN, AI…), or why
        # the scan could not be decided (the batch was deleted meanwhile). The verdicts'
        # own problems (scan.*) are worded for the station below.
        return sentence(result.problem)
    if verdict == "bad_format":
        if result.position:
            return tr("The scan is not a valid marking code: the problem is at character "
                      "{position}.").format(position=result.position)
        return tr("The scan is not a valid marking code.")
    if verdict == "layout":
        return tr("The scanner typed in a non-Latin keyboard layout. Switch the keyboard "
                  "layout to English or set the scanner to send key codes.")
    if verdict == "not_found":
        return tr("No product has this unique code.")
    if verdict == "batch_closed":
        return tr("The batch is closed: nothing can be aggregated into it.")
    return result.message


def refused_no_batch() -> str:
    return tr("Choose a batch first: this scan was not recorded. Scan it again after choosing.")


def refused_failure(reason: str) -> str:
    return tr("The scan could not be recorded on this station: {reason}. Scan it again; if it "
              "keeps failing, call the supervisor.").format(reason=reason)
