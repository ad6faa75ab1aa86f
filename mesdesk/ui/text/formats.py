"""Numbers, dates and times as the user's locale writes them, in fixed widths so a column of
them lines up; times in the production time zone (shifts are planned in it)."""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

GS = "\x1d"


def tr(text: str) -> str:
    return QCoreApplication.translate("BatchFormats", text)


def _fixed_width(pattern: str) -> str:
    """``M/d/yy h:mm AP`` -> ``MM/dd/yyyy hh:mm AP``: one width for every value."""
    pattern = re.sub(r"(?<!y)yy(?!y)", "yyyy", pattern)
    for letter in "dMhH":
        pattern = re.sub(rf"(?<!{letter}){letter}(?!{letter})", letter * 2, pattern)
    return pattern


class Formats:
    """Built once per view; cheap to call from ``data()``."""

    def __init__(self, tz: tzinfo, locale: QLocale | None = None) -> None:
        self.tz = tz
        self.locale = locale or QLocale()
        if self.locale.language() == QLocale.Language.C:
            # The "C" locale is no one's language: ISO 8601 reads everywhere.
            self.date_format = "yyyy-MM-dd"
            self.time_format = "HH:mm"
        else:
            self.date_format = _fixed_width(self.locale.dateFormat(QLocale.FormatType.ShortFormat))
            self.time_format = _fixed_width(self.locale.timeFormat(QLocale.FormatType.ShortFormat))
        self.datetime_format = f"{self.date_format} {self.time_format}"

    # -- Python values to text --------------------------------------------------------------

    def date(self, value: date | None) -> str:
        if value is None:
            return ""
        return self.locale.toString(QDate(value.year, value.month, value.day), self.date_format)

    def datetime(self, value: datetime | None) -> str:
        if value is None:
            return ""
        local = value.astimezone(self.tz) if value.tzinfo else value
        return self.locale.toString(self.qdatetime(local), self.datetime_format)

    def integer(self, value: int | None) -> str:
        return "" if value is None else self.locale.toString(int(value))

    def file_size(self, size: int | None) -> str:
        """Bytes as people read them: 812 bytes, 14.2 KB, 23.5 MB (the locale's decimals)."""
        if size is None:
            return ""
        if size < 1024:
            return tr("{value} bytes").format(value=self.integer(size))
        for unit in (tr("{value} KB"), tr("{value} MB")):
            size /= 1024
            if size < 1024:
                return unit.format(value=self.decimal(size, 1))
        return tr("{value} GB").format(value=self.decimal(size / 1024, 1))

    def decimal(self, value: float | None, digits: int = 1) -> str:
        return "" if value is None else self.locale.toString(float(value), "f", digits)

    def percent(self, value: float | None) -> str:
        if value is None:
            return ""
        return tr("{value} %").format(value=self.decimal(value, 1))

    def hours(self, value: float | None) -> str:
        if value is None:
            return ""
        return tr("{value} h").format(value=self.decimal(value, 1))

    @staticmethod
    def code(value: str) -> str:
        """A marking code with its GS separators made visible."""
        return value.replace(GS, "<GS>")

    # -- Qt values --------------------------------------------------------------------------

    @staticmethod
    def qdate(value: date) -> QDate:
        return QDate(value.year, value.month, value.day)

    @staticmethod
    def qdatetime(value: datetime) -> QDateTime:
        """Wall-clock fields of ``value`` (already in the wanted zone) as a QDateTime."""
        return QDateTime(QDate(value.year, value.month, value.day),
                         QTime(value.hour, value.minute, value.second))

    def wall_clock(self, value: datetime) -> QDateTime:
        """``value`` shown in the production time zone."""
        return self.qdatetime(value.astimezone(self.tz) if value.tzinfo else value)

    def to_date(self, value: QDate) -> date:
        return date(value.year(), value.month(), value.day())

    def to_datetime(self, value: QDateTime) -> datetime:
        """An edited wall-clock time, read in the production time zone."""
        day, moment = value.date(), value.time()
        return datetime(day.year(), day.month(), day.day(), moment.hour(), moment.minute(),
                        moment.second(), tzinfo=self.tz)
