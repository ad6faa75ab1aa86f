"""The Russian translation is complete for the code as it is, keeps every placeholder, and
the built .qm translates in the running app.

A new ``tr()`` string anywhere in mesdesk/ui fails here with its text: run
``python tools/translations.py update``, translate it in resources/translations/mesdesk_ru.ts,
and ``python tools/translations.py check``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_tool():
    spec = importlib.util.spec_from_file_location("mesdesk_translations_tool",
                                                  ROOT / "tools" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


@pytest.fixture(scope="module")
def listed():
    return tool.parse_ts(tool.ts_path("ru"))


@pytest.fixture(scope="module")
def extraction():
    """What pyside6-lupdate finds in mesdesk/ui now (into a temporary file)."""
    return tool.extract()


def _lines(items) -> str:
    return "\n  " + "\n  ".join(items)


def test_no_entry_is_unfinished_or_vanished(listed):
    assert listed, "mesdesk_ru.ts has no messages"
    bad = [f"{m.state or 'empty'}: [{m.context}] {m.source!r}" for m in listed
           if m.state in ("vanished", "obsolete") or not m.finished]
    assert not bad, "Not translated in mesdesk_ru.ts:" + _lines(bad)


def test_every_placeholder_survives_translation(listed):
    bad = []
    for m in listed:
        expected = tool.placeholders(m.source)
        for form in m.translation:
            got = tool.placeholders(form)
            if m.numerus:
                expected, got = expected - {"%n"}, got - {"%n"}
            if got != expected:
                bad.append(f"[{m.context}] {m.source!r} -> {form!r}")
    assert not bad, "Placeholders differ between source and translation:" + _lines(bad)


def test_every_string_in_the_code_is_in_the_ts_file(listed, extraction):
    in_file = {m.key for m in listed}
    missing = [f"[{c}] {s!r}" for c, s, _ in sorted(
        {m.key for m in extraction.messages} - in_file)]
    assert not missing, ("Strings in mesdesk/ui missing from mesdesk_ru.ts (run "
                         "tools/translations.py update, then translate them):" + _lines(missing))


def test_the_ts_file_has_nothing_the_code_no_longer_says(listed, extraction):
    in_code = {m.key for m in extraction.messages}
    stale = [f"[{c}] {s!r}" for c, s, _ in sorted({m.key for m in listed} - in_code)]
    assert not stale, ("mesdesk_ru.ts lists strings the code no longer has (run "
                       "tools/translations.py update):" + _lines(stale))


def test_every_tr_call_can_be_found_at_run_time(extraction):
    """A bare tr() in a module without a tr helper lands in no context the app asks for."""
    assert not extraction.problems, _lines(extraction.problems)


def test_module_helpers_and_constant_contexts_are_filed_where_the_app_looks():
    """lupdate files a module helper's tr() under the empty context and drops
    QT_TRANSLATE_NOOP(CONTEXT, ...): the tool puts both where QCoreApplication looks."""
    found = {m.key[:2] for m in tool.extract([ROOT / "mesdesk" / "ui" / "errors.py",
                                               ROOT / "mesdesk" / "ui" / "pages.py"]).messages}
    assert ("Errors", "MESDesk") in found
    assert ("Pages", "Connecting to the database…") in found
    assert not any(context == "" for context, _ in found)


def test_the_merge_keeps_translations_and_suggests_moved_ones():
    Message = tool.Message
    old = [Message("A", "Open", translation=["Открыта"], state=""),
           Message("A", "Gone", translation=["Нет"], state="")]
    fresh = [Message("A", "Open"), Message("B", "Open"), Message("B", "New")]
    merged, counts = tool.merge(fresh, old)
    assert [(m.context, m.source, m.translation, m.state) for m in merged] == [
        ("A", "Open", ["Открыта"], ""),
        ("B", "Open", ["Открыта"], "unfinished"),
        ("B", "New", [], "unfinished"),
    ]
    assert counts == {"kept": 1, "suggested": 1, "new": 1, "dropped": 1}


def test_the_ts_file_survives_a_write_and_read(tmp_path, listed):
    copy = tmp_path / "copy.ts"
    tool.write_ts(copy, "ru", listed)
    again = tool.parse_ts(copy)
    assert [(m.key, m.translation, m.state) for m in again] == \
        [(m.key, m.translation, m.state) for m in sorted(
            listed, key=lambda m: m.context)]


@pytest.fixture(scope="module")
def built_qm():
    """The .qm is a build product (`make translations`); build it here when it is stale."""
    qm, ts = tool.qm_path("ru"), tool.ts_path("ru")
    if not qm.is_file() or qm.stat().st_mtime < ts.stat().st_mtime:
        assert tool.build(("ru",)) == 0
    return qm


def test_the_built_qm_translates_the_app(qapp, built_qm):
    from PySide6.QtCore import QCoreApplication, QLocale

    from mesdesk.ui import i18n
    from mesdesk.ui.errors import describe
    from mesdesk.ui.main_window import MainWindow

    previous = QLocale()
    try:
        assert i18n.install(qapp, "ru") == "ru"
        assert len(i18n._installed) >= 1
        assert QCoreApplication.translate("MainWindow", "Batches") == "Партии"
        assert QCoreApplication.translate("Pages", "Connecting to the database…") != \
            "Connecting to the database…"
        assert describe(RuntimeError("x")).startswith("Что-то пошло не так")
        window = MainWindow()
        try:
            assert window.titles()["settings"] == "Настройки"
            window.set_offline_scans(3)
            assert window.offline_status.text() == "Офлайн-сканы в очереди: 3"
        finally:
            window.deleteLater()
    finally:
        i18n.install(qapp, "en")
        QLocale.setDefault(previous)
    assert QCoreApplication.translate("MainWindow", "Batches") == "Batches"
