"""The scanning station at 1366×768 in English and Russian, with demo data: every verdict state,
the offline banner and the chooser, nothing clipped, nothing left untranslated.

Set MESDESK_SCREENSHOTS to a folder to keep the pictures for a look.
"""

from __future__ import annotations


import pytest
from PySide6.QtWidgets import QApplication, QLabel

from mesdesk.services.aggregation import aggregate_scan
from mesdesk.services.batches import close_batch, reopen_batch
from mesdesk.services.demo import fill_demo
from tests.support.factories import create_batch, marking_code
from tests.support.keys import KeyClock, scan
from tests.support.screens import keep_screenshot

CODES = [marking_code(seed) for seed in range(1, 40)]


def clipped_labels(root) -> list[str]:
    """Visible one-line labels whose text is wider than the label."""
    found = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or label.wordWrap() or not label.text():
            continue
        if label.sizeHint().width() > label.width() + 1:
            found.append(f"{label.objectName() or '?'}: {label.text()!r} "
                         f"({label.sizeHint().width()} > {label.width()})")
    return found


@pytest.fixture
def station(language, request, uow_factory, tz):
    fill_demo(uow_factory, tz, batches=20)
    batch = create_batch(uow_factory, tz, number=9001, codes=CODES[:30],
                         Номенклатура="Вода питьевая «Родник» 0,5 л, ПЭТ",
                         ИдентификаторРЦ="RC-LINE-2", РабочийЦентр="Линия розлива №2")
    other = create_batch(uow_factory, tz, number=9002, codes=CODES[30:])
    for code in CODES[:12]:
        aggregate_scan(uow_factory, batch, code, by="line 2")
    desktop = request.getfixturevalue("desktop")
    page = desktop.window.page("aggregation")
    desktop.window.show_area("aggregation")
    return desktop, page, batch, other


def test_every_verdict_state_reads_well(station, qtbot, language, uow_factory, tz):
    desktop, page, batch, other = station
    clock = KeyClock()
    qtbot.waitUntil(lambda: len(page.chooser.batch_ids()) >= 2, timeout=5000)
    QApplication.processEvents()
    keep_screenshot(desktop.window, f"station_chooser_{language}")
    assert clipped_labels(page) == []

    scan(CODES[12], clock=clock)                      # no batch yet: refused
    qtbot.waitUntil(lambda: page.verdict.verdict == "refused", timeout=5000)
    keep_screenshot(desktop.window, f"station_refused_{language}")

    page.choose_batch(batch)
    qtbot.waitUntil(lambda: "9001" in page.header.number.text(), timeout=5000)
    cases = [
        (CODES[13], "accepted"),
        (CODES[3], "already_aggregated"),
        (CODES[31], "other_batch"),
        (marking_code(500), "not_found"),
        ("01" + "4" * 14 + "21ABC", "bad_format"),
        ("0146004399", "bad_format_truncated"),
        ("ҐҐҐҐҐҐҐҐҐҐ", "layout"),
    ]
    details = {   # the parser's problem in the operator's language
        ("en", "bad_format"): "GTIN 44444444444444 has a wrong check digit (expected 2).",
        ("ru", "bad_format"): "У GTIN 44444444444444 неверная контрольная цифра (должна быть 2).",
        ("en", "bad_format_truncated"): "The code ends inside the GTIN (AI 01): 8 of its 14 "
                                        "digits arrived.",
        ("ru", "bad_format_truncated"): "Код обрывается внутри GTIN (AI 01): пришло 8 из 14 "
                                        "цифр.",
    }
    for code, name in cases:
        verdict = name.removesuffix("_truncated")
        before = page.verdict.sequence
        scan(code, clock=clock)
        qtbot.waitUntil(lambda: page.verdict.sequence > before, timeout=5000)
        assert page.verdict.verdict == verdict
        if (language, name) in details:
            assert page.verdict.detail.text() == details[language, name]
        QApplication.processEvents()
        keep_screenshot(desktop.window, f"station_{name}_{language}")
        keep_screenshot(page.verdict, f"verdict_{name}_{language}")
        assert clipped_labels(page) == [], verdict
        if language == "ru":
            assert page.verdict.title.text() != page.verdict.title.text().encode(
                "ascii", "ignore").decode(), "the verdict title is not translated"
    close_batch(uow_factory, batch, tz)
    qtbot.waitUntil(lambda: page.header.closed_note.isVisible(), timeout=5000)
    scan(CODES[14], clock=clock)
    qtbot.waitUntil(lambda: page.verdict.verdict == "batch_closed", timeout=5000)
    keep_screenshot(desktop.window, f"station_batch_closed_{language}")
    assert clipped_labels(page) == []
    reopen_batch(uow_factory, batch, tz)

    page.set_diagnostics_visible(True)
    QApplication.processEvents()
    keep_screenshot(desktop.window, f"station_diagnostics_{language}")


def test_the_offline_banner(station, qtbot, language, postgres, engine):
    desktop, page, batch, other = station
    clock = KeyClock()
    page.choose_batch(batch)
    qtbot.waitUntil(lambda: "9001" in page.header.number.text(), timeout=5000)
    engine.dispose()
    postgres.stop()
    try:
        for code in CODES[20:23]:
            scan(code, clock=clock)
        qtbot.waitUntil(lambda: page.recent_model.rowCount() >= 3
                        and page.verdict.verdict == "pending", timeout=15000)
        qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=5000)
        QApplication.processEvents()
        keep_screenshot(desktop.window, f"station_offline_{language}")
        assert "3" in page.banner.text()
        assert clipped_labels(page) == []
    finally:
        postgres.start()
    qtbot.waitUntil(lambda: page.verdict.verdict == "accepted", timeout=20000)
    # the kept scans are counted at once, not at the next change from another station
    qtbot.waitUntil(lambda: page.header.aggregated.text().startswith("15 "), timeout=5000)
    QApplication.processEvents()
    keep_screenshot(desktop.window, f"station_back_online_{language}")
