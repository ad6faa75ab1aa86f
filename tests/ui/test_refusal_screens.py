"""Every refusal the Batches page can show, in English and in Russian, at 1366×768: each says
what is wrong and where, in the user's language, from the problem's code (issue 9). No English
left on a Russian screen, nothing parsed back from a sentence.

Set MESDESK_SCREENSHOTS to a folder to keep the pictures for a look.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from tests.support.factories import batch_item, create_batch, marking_code
from tests.ui.test_batches_view import dialog_button, fill_new_batch, open_page, select
from tests.support.screens import cyrillic, keep_screenshot


def said(text: str, language: str, english: str) -> None:
    """The refusal reads in the screen's language: the English one in English, a Russian
    sentence (no English sentence left) in Russian."""
    assert text, "the refusal is not shown"
    if language == "en":
        assert english in text, text
    else:
        assert cyrillic(text) and english not in text, text


def test_the_batch_dialogs_refuse_in_the_users_language(language, desktop, qtbot, uow_factory,
                                                        tz, engine):
    create_batch(uow_factory, tz, number=1)
    create_batch(uow_factory, tz, number=2)
    desktop.window.resize(1366, 768)
    page = open_page(desktop, qtbot)

    dialog = page.new_batch()
    fill_new_batch(dialog, "12a")
    dialog.editors["work_center"].setEditText("")
    qtbot.mouseClick(dialog_button(dialog), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    said(dialog.field_error("batch_number"), language, "whole number")
    said(dialog.field_error("work_center"), language, "required")
    assert dialog.errors["batch_number"].geometry().top() > \
        dialog.editors["batch_number"].geometry().bottom() - 1     # right under its field
    keep_screenshot(dialog, f"refusal_new_batch_fields_{language}")
    dialog.reject()

    select(page, qtbot, 2)
    dialog = page.edit_batch()
    dialog.editors["work_center"].setEditText("RC-404")
    qtbot.mouseClick(dialog_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_error("work_center") != "", timeout=10000)
    said(dialog.field_error("work_center"), language, "does not exist")
    assert "RC-404" in dialog.field_error("work_center")
    keep_screenshot(dialog, f"refusal_unknown_work_center_{language}")
    dialog.reject()

    with engine.begin() as connection:     # closed meanwhile at another station
        connection.execute(text("UPDATE batches SET is_closed = true, closed_at = now()"))
    dialog = page.edit_batch()
    dialog.editors["team"].setEditText("Бригада №4")
    qtbot.mouseClick(dialog_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.field_error("team") != ""
                    or dialog.general_error.isVisible() and dialog.general_error.text()
                    not in ("", dialog.tr("Saving…")), timeout=10000)
    shown = dialog.field_error("team") or dialog.general_error.text()
    said(shown, language, "closed")
    keep_screenshot(dialog, f"refusal_closed_batch_{language}")
    dialog.reject()


def test_import_and_codes_refuse_item_by_item_in_the_users_language(language, desktop, qtbot,
                                                                    uow_factory, tz, tmp_path):
    create_batch(uow_factory, tz, number=1, codes=[marking_code(1)])
    create_batch(uow_factory, tz, number=2)
    desktop.window.resize(1366, 768)
    page = open_page(desktop, qtbot)

    broken = tmp_path / "смены.json"
    broken.write_text('[{"НомерПартии": 1,,}]', encoding="utf-8")
    page.import_files([broken])
    qtbot.waitUntil(lambda: any(d.objectName() == "importError" for d in page._dialogs),
                    timeout=10000)
    box = next(d for d in page._dialogs if d.objectName() == "importError")
    said(box.text(), language, "not valid JSON")
    assert "смены.json" in box.text()
    keep_screenshot(box, f"refusal_import_file_{language}")
    box.close()

    path = tmp_path / "1c.json"
    path.write_text(json.dumps([batch_item(5), batch_item(6, НомерПартии="шесть"),
                                batch_item(1)], ensure_ascii=False), encoding="utf-8")
    with qtbot.waitSignal(page.import_finished, timeout=20000):
        page.import_files([path])
    result = next(d for d in page._dialogs if d.objectName() == "intakeResultDialog")
    QApplication.processEvents()
    assert result.model.rowCount() == 3
    rejected = [result.model.row_texts(row) for row in range(result.model.rowCount())]
    reasons = [cells[-1] for cells in rejected if cells[-1]]
    assert reasons, rejected
    for reason in reasons:
        said(reason, language, "whole number")
    keep_screenshot(result, f"refusal_import_items_{language}")
    result.reject()

    select(page, qtbot, 2)
    codes = page.add_codes()
    codes.set_text("\n".join([marking_code(1), marking_code(2), "01046000000000012100"]))
    qtbot.mouseClick(codes.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: codes.rejected_model is not None, timeout=10000)
    QApplication.processEvents()
    reasons = [codes.rejected_model.row_texts(row)[1]
               for row in range(codes.rejected_model.rowCount())]
    assert len(reasons) == 2
    for reason in reasons:
        assert reason and (language == "en" or cyrillic(reason)), reason
    keep_screenshot(codes, f"refusal_add_codes_{language}")
    codes.reject()
