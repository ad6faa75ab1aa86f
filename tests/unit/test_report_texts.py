"""The words of a batch report (and of the analytics exports): every text the renderers say has its Russian, with the same
facts; numbers and times as each language writes them; GS made visible on paper."""

from __future__ import annotations

import ast
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mesdesk.domain.problems import placeholders
from mesdesk.services.report_texts import (RUSSIAN, ReportTexts, report_language, report_texts,
                                           shortened, visible_text)

ROOT = Path(__file__).resolve().parents[2]
SPEAKERS = sorted((ROOT / "mesdesk" / "adapters" / "reports").glob("*.py")) + [
    ROOT / "mesdesk" / "services" / "report_texts.py",
    ROOT / "mesdesk" / "services" / "analytics_sheets.py"]


def _said() -> set[str]:
    """The English literals passed to ``t(...)`` (or ``self(...)`` in the catalogue)."""
    found: set[str] = set()
    for path in SPEAKERS:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("t", "self") and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                found.add(node.args[0].value)
    return found


def test_every_text_a_report_says_is_translated_with_the_same_facts():
    said = _said()
    assert len(said) > 40
    missing = sorted(said - set(RUSSIAN))
    assert not missing, f"no Russian for: {missing}"
    unused = sorted(set(RUSSIAN) - said)
    assert not unused, f"translated but never said: {unused}"
    for english, russian in RUSSIAN.items():
        assert placeholders(english) == placeholders(russian), english


@pytest.mark.parametrize("configured, language", [
    ("ru", "ru"), ("en", "en"), ("ru_RU", "ru"), ("en-GB", "en"), ("EN", "en"), ("", "ru"),
    (None, "ru"), ("de", "ru")])
def test_the_report_language_follows_the_settings_else_russian(configured, language):
    assert report_language(configured) == language


def test_numbers_and_times_as_each_language_writes_them():
    ru, en = report_texts("ru"), report_texts("en")
    assert ru.integer(1234567) == "1\u00a0234\u00a0567" and en.integer(1234567) == "1,234,567"
    assert ru.decimal(60.0) == "60,0" and en.decimal(1234.5) == "1,234.5"
    assert ru.duration(12.0) == "12 ч 00 мин" and en.duration(1.5) == "1 h 30 min"
    assert en.duration(-0.2) == "0 h 00 min"
    moment = datetime(2024, 1, 30, 3, 15, 9, tzinfo=timezone.utc)
    zone = ZoneInfo("Asia/Yekaterinburg")
    assert ru.datetime(moment, zone) == "30.01.2024 08:15"
    assert en.datetime(moment, zone, seconds=True) == "2024-01-30 08:15:09"
    assert ru.date(date(2024, 1, 30)) == "30.01.2024"
    assert ru("Batch {number} of {date}", number=7, date="30.01.2024") == "Партия 7 от 30.01.2024"
    assert en("Batch report") == "Batch report"
    assert ru("a text no one translated") == "a text no one translated"
    with pytest.raises(ValueError):
        ReportTexts("de")


def test_control_characters_are_shown_not_printed():
    assert visible_text("0104600\x1d91EE10\x1d92AB") == "0104600<GS>91EE10<GS>92AB"
    assert visible_text("a\x07b\x00c\x7fd") == "a<U+0007>b<U+0000>c<U+007F>d"
    assert visible_text("line\none\ttab") == "line one tab"
    assert visible_text("Молоко 3,2 % 1 л") == "Молоко 3,2 % 1 л"
    assert shortened("abcdef", 4) == "abc…" and shortened("abc", 4) == "abc"
