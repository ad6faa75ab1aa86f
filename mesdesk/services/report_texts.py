"""The words of a batch report, in English (the source) and Russian, and how it writes numbers
and times in each.

A report is a file people keep and forward, written in one language chosen when it is made
(``language``: ``"ru"`` or ``"en"``; the station's language by default, else Russian). Its
texts are English source strings looked up in one dictionary per language here, not
``tr()``: reports are made in jobs, CLI processes and workers where Qt is not loaded.

    t = report_texts("ru")
    t("Batch {number} of {date}", number=17, date=t.date(day))   # "Партия 17 от 30.01.2024"

A string missing from a dictionary falls back to the English (a test keeps every string the
renderers use translated).
"""

from __future__ import annotations

import datetime as dt

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"

RUSSIAN: dict[str, str] = {
    # titles and sections
    "Batch report": "Отчёт по партии",
    "Batch {number} of {date}": "Партия {number} от {date}",
    "Batch information": "Сведения о партии",
    "Statistics": "Статистика",
    "Aggregations per hour": "Агрегация по часам",
    "Products": "Продукты",
    # batch fields
    "Batch number": "Номер партии",
    "Batch date": "Дата партии",
    "Batch ID": "ID партии",
    "Work center": "Рабочий центр",
    "Work center identifier": "Идентификатор РЦ",
    "Shift": "Смена",
    "Team": "Бригада",
    "Nomenclature": "Номенклатура",
    "EKN code": "Код ЕКН",
    "Shift task": "Задание на смену",
    "Shift start": "Начало смены",
    "Shift end": "Окончание смены",
    "State": "Состояние",
    "open": "открыта",
    "closed": "закрыта",
    "Closed at": "Время закрытия",
    "Generated at": "Отчёт сформирован",
    "Time zone": "Часовой пояс",
    # statistics (§10)
    "Total products": "Всего продуктов",
    "Aggregated": "Агрегировано",
    "Remaining": "Осталось",
    "Aggregation rate, %": "Процент агрегации, %",
    "Shift duration, h": "Длительность смены, ч",
    "Shift duration": "Длительность смены",
    "Shift time elapsed, h": "Прошло времени смены, ч",
    "Shift time elapsed": "Прошло времени смены",
    "Products per hour": "Продуктов в час",
    "Estimated completion": "Ожидаемое завершение",
    "cannot be estimated": "не рассчитывается",
    "every product is aggregated": "все продукты агрегированы",
    "{hours} h {minutes} min": "{hours} ч {minutes} мин",
    # per hour
    "Hour": "Час",
    "Total so far": "Нарастающим итогом",
    "Aggregated before {time}": "Агрегировано до {time}",
    "Aggregated after {time}": "Агрегировано после {time}",
    "Hours of the shift ({zone})": "Часы смены ({zone})",
    "Products aggregated": "Агрегировано продуктов",
    "No product has been aggregated yet.": "Ни один продукт ещё не агрегирован.",
    # products
    "No.": "№",
    "Unique code": "Уникальный код",
    "Aggregated at": "Время агрегации",
    "Aggregated by": "Кем агрегирован",
    "aggregated": "агрегирован",
    "not aggregated": "не агрегирован",
    "This batch has no products.": "В партии нет продуктов.",
    "The first {shown} of {total} products are listed here; the full list is in the Excel "
    "report.": "Здесь показаны первые {shown} из {total} продуктов; полный список — в отчёте "
               "Excel.",
    "GS separators in codes are shown as <GS>.":
        "Разделители GS в кодах показаны как <GS>.",
    # page furniture and sheets
    "Page {page} of {pages}": "Страница {page} из {pages}",
    "Generated {time} ({zone})": "Сформирован {time} ({zone})",
    "Batch": "Партия",
    "Products ({part})": "Продукты ({part})",
    # analytics exports (§10 views as workbooks): sheets, headers, figures
    "Summary": "Сводка",
    "By shift": "По сменам",
    "Work centers": "Рабочие центры",
    "Per hour": "По часам",
    "Per day": "По дням",
    "Teams": "Бригады",
    "Batches": "Партии",
    "Figure": "Показатель",
    "Value": "Значение",
    "Total batches": "Всего партий",
    "Open batches": "Открытых партий",
    "Closed batches": "Закрытых партий",
    "Batches created": "Создано партий",
    "Batches closed": "Закрыто партий",
    "Products added": "Добавлено продуктов",
    "Today": "Сегодня",
    "Batches created today": "Создано партий сегодня",
    "Batches closed today": "Закрыто партий сегодня",
    "Products added today": "Добавлено продуктов сегодня",
    "Products aggregated today": "Агрегировано продуктов сегодня",
    "As of": "Данные на",
    "Date": "Дата",
    "Aggregated before the shift": "Агрегировано до начала смены",
    "Aggregated after the shift": "Агрегировано после окончания смены",
    "Team performance from": "Работа бригад с",
    "Team performance to": "Работа бригад по",
    "Hours worked": "Отработано часов",
    "Average": "Среднее",
    "Total": "Итого",
}

CATALOGUES: dict[str, dict[str, str]] = {"ru": RUSSIAN, "en": {}}

# How each language writes times: Python's strftime for text, Excel's number format for cells.
_TEXT_FORMATS = {
    "ru": {"date": "%d.%m.%Y", "datetime": "%d.%m.%Y %H:%M", "seconds": "%d.%m.%Y %H:%M:%S"},
    "en": {"date": "%Y-%m-%d", "datetime": "%Y-%m-%d %H:%M", "seconds": "%Y-%m-%d %H:%M:%S"},
}
_EXCEL_FORMATS = {
    "ru": {"date": "dd.mm.yyyy", "datetime": "dd.mm.yyyy hh:mm",
           "seconds": "dd.mm.yyyy hh:mm:ss"},
    "en": {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm",
           "seconds": "yyyy-mm-dd hh:mm:ss"},
}
_NBSP = "\u00a0"


def report_language(configured: str | None) -> str:
    """The language a report is written in: the configured one when reports have it, else
    Russian (a system locale in "" is the desktop's business, not a report's)."""
    value = (configured or "").strip().lower().replace("-", "_").split("_")[0]
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


class ReportTexts:
    """The texts and number/time formats of one language; call it to translate."""

    def __init__(self, language: str) -> None:
        if language not in CATALOGUES:
            raise ValueError(f"not a report language: {language!r}")
        self.language = language
        self._catalogue = CATALOGUES[language]
        self._text_formats = _TEXT_FORMATS[language]
        self.excel_formats = _EXCEL_FORMATS[language]

    def __call__(self, english: str, **facts: object) -> str:
        text = self._catalogue.get(english, english)
        return text.format(**facts) if facts else text

    # -- numbers --------------------------------------------------------------------------

    def integer(self, value: int) -> str:
        """Thousands grouped: 12,500 in English, 12 500 (no-break space) in Russian."""
        grouped = f"{value:,}"
        return grouped.replace(",", _NBSP) if self.language == "ru" else grouped

    def decimal(self, value: float, digits: int = 1) -> str:
        text = f"{value:,.{digits}f}"
        if self.language == "ru":
            text = text.replace(",", _NBSP).replace(".", ",")
        return text

    def duration(self, hours: float) -> str:
        """Hours as "12 h 05 min" (rounded to the minute)."""
        minutes = max(round(hours * 60), 0)
        return self("{hours} h {minutes} min", hours=minutes // 60,
                    minutes=f"{minutes % 60:02d}")

    # -- times ----------------------------------------------------------------------------

    def date(self, value: dt.date) -> str:
        return value.strftime(self._text_formats["date"])

    def datetime(self, value: dt.datetime, tz: dt.tzinfo, *, seconds: bool = False) -> str:
        """An aware time as the production clock shows it."""
        local = value.astimezone(tz)
        return local.strftime(self._text_formats["seconds" if seconds else "datetime"])


def report_texts(language: str) -> ReportTexts:
    return ReportTexts(language)


def visible_text(text: str) -> str:
    """Text with its control characters made visible, for a printed page: GS as ``<GS>``
    (how the app and the CLI show it), the others as ``<U+0007>``. Line breaks and tabs
    become spaces."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char == "\x1d":
            out.append("<GS>")
        elif char in "\t\r\n":
            out.append(" ")
        elif ord(char) < 32 or 0x7F <= ord(char) < 0xA0:
            out.append(f"<U+{ord(char):04X}>")
        else:
            out.append(char)
    return "".join(out)


def shortened(text: str, limit: int) -> str:
    """At most ``limit`` characters, ending in "…" when cut (a cell, a page, has its limits)."""
    return text if len(text) <= limit else text[:limit - 1] + "…"
