"""The PDF batch report read back as its reader sees it: the text (Cyrillic readable), the
chart's hours, a big batch summarised, and the first page looked at as an image."""

from __future__ import annotations

import os
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text as sql

from mesdesk.domain.codes import GS
from mesdesk.services.reports import report_data
from tests.support.factories import create_batch, identity_of, marking_code
from tests.support.reports import (DAY, FORMULA, MILK, aggregate_at, empty_batch, ink_outside,
                                   inked, make, milk_batch, pdf_pages, pdf_text, render_page,
                                   seed_products)


def _flat(text: str) -> str:
    """Extracted text with line breaks and no-break spaces as plain spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def _keep(image_path: Path, name: str) -> None:
    """``MESDESK_SCREENSHOTS=/tmp/shots`` keeps the pictures (as the screen tests do)."""
    folder = os.environ.get("MESDESK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(image_path, Path(folder) / f"{name}.png")


def test_russian_pdf_text_is_readable(uow_factory, tz, tmp_path):
    batch_id = milk_batch(uow_factory, tz)
    result = make(uow_factory, tmp_path, batch_id, "pdf", tz, language="ru")
    assert result.rows == 10 and result.object.endswith(".pdf")
    assert result.path.read_bytes().startswith(b"%PDF")
    text = _flat(pdf_text(result.path))
    for words in ("Отчёт по партии", "Партия 1001 от 30.01.2024", MILK, "Сведения о партии",
                  "Статистика", "Агрегация по часам", "Продукты", "Всего продуктов 10",
                  "Агрегировано 6", "Процент агрегации, % 60,0", "Длительность смены 12 ч 00 мин",
                  "Asia/Yekaterinburg", FORMULA, "Страница 1 из", "не агрегирован",
                  "Разделители GS в кодах показаны как <GS>."):
        assert words in text, words
    # Codes with their GS shown, not dropped: the first code's element strings are there.
    first = marking_code(0)
    assert identity_of(first) in text.replace(" ", "")
    assert "<GS>91EE10<GS>92" in text.replace(" ", "")
    assert GS not in text


def test_english_pdf(uow_factory, tz, tmp_path):
    batch_id = milk_batch(uow_factory, tz)
    text = _flat(pdf_text(make(uow_factory, tmp_path, batch_id, "pdf", tz,
                               language="en").path))
    for words in ("Batch report", "Batch 1001 of 2024-01-30", MILK, "Batch information",
                  "Aggregations per hour", "Total products 10", "Aggregation rate, % 60.0",
                  "Shift duration 12 h 00 min", "Page 1 of", "not aggregated",
                  "2024-01-30 07:30:00"):
        assert words in text, words


def test_aggregations_per_hour_of_the_shift(uow_factory, tz, tmp_path):
    batch_id = milk_batch(uow_factory, tz)
    data = report_data(uow_factory, batch_id, tz, language="ru")
    hours = [(hour.start.astimezone(tz).hour, hour.count) for hour in data.hourly.hours]
    assert [hour for hour, _ in hours] == list(range(8, 20))
    assert dict(hours) == {**{h: 0 for h in range(8, 20)}, 8: 2, 10: 1, 19: 1}
    assert (data.hourly.earlier, data.hourly.later, data.hourly.total) == (1, 1, 6)
    text = _flat(pdf_text(make(uow_factory, tmp_path, batch_id, "pdf", tz).path))
    assert "Агрегировано до 30.01.2024 08:00 1 1" in text
    assert "30.01.2024 08:00–09:00 2 3" in text
    assert "30.01.2024 09:00–10:00 0 3" in text
    assert "30.01.2024 19:00–20:00 1 5" in text
    assert "Агрегировано после 30.01.2024 20:00 1 6" in text
    assert "Часы смены (Asia/Yekaterinburg)" in text


def test_hours_follow_the_production_clock_half_an_hour_off_utc(uow_factory, tmp_path):
    kolkata = ZoneInfo("Asia/Kolkata")           # UTC+5:30: a UTC hour is not a local one
    codes = [marking_code(200 + i) for i in range(3)]
    batch_id = create_batch(uow_factory, kolkata, number=5005, day=DAY, codes=codes)
    aggregate_at(uow_factory, batch_id, [
        (identity_of(codes[0]), datetime(2024, 1, 30, 8, 10, tzinfo=kolkata)),
        (identity_of(codes[1]), datetime(2024, 1, 30, 8, 50, tzinfo=kolkata)),
        (identity_of(codes[2]), datetime(2024, 1, 30, 9, 20, tzinfo=kolkata))])
    data = report_data(uow_factory, batch_id, kolkata, language="en")
    local = [(hour.start.astimezone(kolkata).strftime("%H:%M"), hour.count)
             for hour in data.hourly.hours[:3]]
    assert local == [("08:00", 2), ("09:00", 1), ("10:00", 0)]


def test_a_big_batch_lists_the_first_products_and_says_where_the_rest_is(
        uow_factory, engine, tz, tmp_path):
    batch_id = empty_batch(uow_factory, tz, number=6006)
    seed_products(engine, batch_id, 5000, aggregated_from=datetime(2024, 1, 30, 8, 0, tzinfo=tz),
                  every=2)
    result = make(uow_factory, tmp_path, batch_id, "pdf", tz, language="ru")
    assert result.rows == 200
    text = _flat(pdf_text(result.path))
    assert ("Здесь показаны первые 200 из 5 000 продуктов; полный список — в отчёте Excel."
            in text)
    assert "Всего продуктов 5 000" in text and "Агрегировано 2 500" in text
    # The table per hour sums up all of them: every other product aggregated, two minutes
    # apart from 08:00: 30 an hour in the shift, the other 2,140 after it.
    assert "30.01.2024 08:00–09:00 30 30" in text
    assert "30.01.2024 19:00–20:00 30 360" in text
    assert "Агрегировано после 30.01.2024 20:00 2 140 2 500" in text
    assert pdf_pages(result.path) <= 10
    english = _flat(pdf_text(make(uow_factory, tmp_path, batch_id, "pdf", tz,
                                  language="en").path))
    assert ("The first 200 of 5,000 products are listed here; the full list is in the Excel "
            "report." in english)


def test_a_batch_without_products(uow_factory, tz, tmp_path):
    batch_id = empty_batch(uow_factory, tz)
    result = make(uow_factory, tmp_path, batch_id, "pdf", tz, language="ru")
    assert result.rows == 0
    text = _flat(pdf_text(result.path))
    assert "В партии нет продуктов." in text
    assert "Ни один продукт ещё не агрегирован." in text
    assert "Ожидаемое завершение не рассчитывается" in text


def test_an_open_batch_shows_its_estimated_completion(uow_factory, tz, tmp_path):
    now = datetime.now(tz).replace(second=0, microsecond=0)
    start = (now - timedelta(hours=2)).replace(tzinfo=None)
    codes = [marking_code(300 + i) for i in range(30)]
    batch_id = create_batch(uow_factory, tz, number=7007, day=now.date(), codes=codes,
                            ДатаВремяНачалаСмены=start.isoformat(),
                            ДатаВремяОкончанияСмены=(start + timedelta(hours=12)).isoformat())
    aggregate_at(uow_factory, batch_id, [(identity_of(code), now - timedelta(minutes=5 + m))
                                         for m, code in zip(range(0, 110, 11), codes)])
    data = report_data(uow_factory, batch_id, tz, language="en")
    completion = data.statistics.estimated_completion
    assert completion is not None
    text = _flat(pdf_text(make(uow_factory, tmp_path, batch_id, "pdf", tz,
                               language="en").path))
    shown = re.search(r"Estimated completion (\d{4}-\d\d-\d\d \d\d:\d\d)", text)
    assert shown, text
    expected = datetime.strptime(shown.group(1), "%Y-%m-%d %H:%M").replace(tzinfo=tz)
    assert abs(expected - (now + timedelta(hours=4))) <= timedelta(minutes=15)


def test_markup_and_control_characters_print_as_typed(uow_factory, engine, tz, tmp_path):
    batch_id = create_batch(uow_factory, tz, number=8008, day=DAY,
                            Номенклатура="<b>Сыр</b> & «масло»")
    # Intake refuses control characters; a row written before it did may still hold one.
    with engine.begin() as connection:
        connection.execute(sql("UPDATE batches SET team = 'Смена' || chr(7) || 'А'"))
    text = _flat(pdf_text(make(uow_factory, tmp_path, batch_id, "pdf", tz).path))
    assert "<b>Сыр</b> & «масло»" in text
    assert "Смена<U+0007>А" in text


def test_a_night_shift_chart_says_the_day_after_midnight(uow_factory, tz, tmp_path):
    codes = [marking_code(300 + i) for i in range(3)]
    start = datetime(2024, 1, 30, 20, 0)
    batch_id = create_batch(uow_factory, tz, number=6006, day=DAY, codes=codes,
                            ДатаВремяНачалаСмены=start.isoformat(),
                            ДатаВремяОкончанияСмены=(start + timedelta(hours=12)).isoformat())
    aggregate_at(uow_factory, batch_id, [
        (identity_of(codes[0]), datetime(2024, 1, 30, 21, 5, tzinfo=tz)),
        (identity_of(codes[1]), datetime(2024, 1, 31, 0, 30, tzinfo=tz)),
        (identity_of(codes[2]), datetime(2024, 1, 31, 3, 40, tzinfo=tz))])
    result = make(uow_factory, tmp_path, batch_id, "pdf", tz)
    text = _flat(pdf_text(result.path))
    assert "20:00 30.01.2024" in text and "00:00 31.01.2024" in text     # under the bars
    assert "31.01.2024 00:00–01:00 1 2" in text                          # the table per hour
    png = tmp_path / "report-night-shift.png"
    image = render_page(result.path, png)
    assert ink_outside(image, margin_mm=7) == 0
    _keep(png, "report-night-shift")


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_first_page_looks_right(uow_factory, tz, tmp_path, language):
    """The first page as a reader sees it: something drawn, and nothing in the outer 7 mm of
    the page (a text that ran off its column, a clipped header, would be there)."""
    batch_id = milk_batch(uow_factory, tz)
    result = make(uow_factory, tmp_path, batch_id, "pdf", tz, language=language)
    png = tmp_path / f"report-first-page-{language}.png"
    image = render_page(result.path, png)
    assert image.size == (1191, 1684)                 # A4 at 144 dpi
    assert ink_outside(image, margin_mm=7) == 0
    assert inked(image) > 20_000                      # title, tables and chart are drawn
    _keep(png, f"report-first-page-{language}")
