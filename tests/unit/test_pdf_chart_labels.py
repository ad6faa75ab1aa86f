"""The PDF chart's hour labels: a night shift says which day each run of hours belongs to."""

from __future__ import annotations

from datetime import datetime, timedelta

from mesdesk.adapters.reports.pdf_chart import hour_labels
from mesdesk.services.report_texts import report_texts


def hours(first: datetime, count: int) -> list[datetime]:
    return [first + timedelta(hours=n) for n in range(count)]


def test_a_day_shift_is_labelled_by_hour_only():
    labels = hour_labels(hours(datetime(2026, 12, 3, 8), 12), 1, report_texts("ru"))
    assert labels[0] == "08:00" and labels[-1] == "19:00"
    assert not any("\n" in label for label in labels)


def test_a_night_shift_dates_its_first_hour_and_the_first_hour_after_midnight():
    labels = hour_labels(hours(datetime(2026, 12, 3, 20), 12), 1, report_texts("ru"))
    assert labels[0] == "20:00\n03.12.2026"
    assert labels[4] == "00:00\n04.12.2026"
    assert labels[1:4] == ["21:00", "22:00", "23:00"] and labels[5] == "01:00"


def test_thinned_labels_date_the_first_labelled_hour_of_a_new_day():
    labels = hour_labels(hours(datetime(2026, 12, 3, 21), 8), 2, report_texts("en"))
    assert labels == ["21:00\n2026-12-03", "", "23:00", "", "01:00\n2026-12-04", "",
                      "03:00", ""]
