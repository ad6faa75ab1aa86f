"""When the §9 tasks are due (``mesdesk.domain.schedules``): a daily time of the production
zone once per local calendar day across the clock changes (Europe/Berlin and America/New_York
in 2026, Moscow's last change in 2014, a date Samoa skipped), an interval on the UTC grid."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from mesdesk.domain.schedules import Daily, Every, due_times, first_instant_at_or_after

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
MOSCOW = ZoneInfo("Europe/Moscow")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# -- one day's due time ----------------------------------------------------------------------

@pytest.mark.parametrize("zone, day, at, expected", [
    # Berlin springs forward on 2026-03-29: 02:00 CET -> 03:00 CEST (01:00 UTC)
    (BERLIN, date(2026, 3, 29), time(1, 0), utc(2026, 3, 29, 0, 0)),      # before the gap
    (BERLIN, date(2026, 3, 29), time(2, 0), utc(2026, 3, 29, 1, 0)),      # in it: 03:00 CEST
    (BERLIN, date(2026, 3, 29), time(2, 30), utc(2026, 3, 29, 1, 0)),     # in it: 03:00 CEST
    (BERLIN, date(2026, 3, 29), time(3, 0), utc(2026, 3, 29, 1, 0)),      # the gap's end
    # Berlin falls back on 2026-10-25: 03:00 CEST -> 02:00 CET; 02:00-03:00 happens twice
    (BERLIN, date(2026, 10, 25), time(1, 0), utc(2026, 10, 24, 23, 0)),
    (BERLIN, date(2026, 10, 25), time(2, 0), utc(2026, 10, 25, 0, 0)),    # first 02:00 (CEST)
    (BERLIN, date(2026, 10, 25), time(2, 30), utc(2026, 10, 25, 0, 30)),
    (BERLIN, date(2026, 10, 25), time(3, 0), utc(2026, 10, 25, 2, 0)),
    # New York: 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST
    (NEW_YORK, date(2026, 3, 8), time(2, 0), utc(2026, 3, 8, 7, 0)),      # 03:00 EDT
    (NEW_YORK, date(2026, 3, 8), time(1, 0), utc(2026, 3, 8, 6, 0)),
    (NEW_YORK, date(2026, 11, 1), time(1, 0), utc(2026, 11, 1, 5, 0)),    # first 01:00 (EDT)
    (NEW_YORK, date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),
    (NEW_YORK, date(2026, 11, 1), time(2, 0), utc(2026, 11, 1, 7, 0)),
    # Moscow: no clock changes now (UTC+3); its last one, 2014-10-26 02:00 MSK+4 -> 01:00 MSK
    (MOSCOW, date(2026, 12, 4), time(1, 0), utc(2026, 12, 3, 22, 0)),
    (MOSCOW, date(2026, 6, 1), time(2, 0), utc(2026, 5, 31, 23, 0)),
    (MOSCOW, date(2014, 10, 26), time(1, 0), utc(2014, 10, 25, 21, 0)),   # first 01:00 (+4)
    # Sao Paulo sprang forward at midnight: 2018-11-04 00:00 -> 01:00
    (ZoneInfo("America/Sao_Paulo"), date(2018, 11, 4), time(0, 0), utc(2018, 11, 4, 3, 0)),
])
def test_a_days_due_time_is_the_first_instant_its_clock_shows_the_time(zone, day, at,
                                                                         expected):
    assert Daily(at).due_on(day, zone) == expected


def test_a_date_the_zone_skipped_has_no_due_time_and_the_days_around_it_have_theirs():
    apia = ZoneInfo("Pacific/Apia")      # went from 2011-12-29 23:59:59 to 2011-12-31 00:00
    daily = Daily(time(1, 0))
    assert daily.due_on(date(2011, 12, 30), apia) is None
    runs = due_times(daily, utc(2011, 12, 28, 0, 0), utc(2012, 1, 1, 0, 0), apia)
    assert [run.astimezone(apia).date() for run in runs] == [
        date(2011, 12, 28), date(2011, 12, 29), date(2011, 12, 31), date(2012, 1, 1)]


@pytest.mark.parametrize("zone", [BERLIN, NEW_YORK, MOSCOW], ids=str)
@pytest.mark.parametrize("at", [time(0, 0), time(1, 0), time(1, 30), time(2, 0), time(2, 30),
                                time(3, 0), time(23, 59)], ids=str)
def test_every_local_day_of_a_year_has_exactly_one_due_time(zone, at):
    runs = due_times(Daily(at), utc(2025, 12, 31, 12, 0), utc(2026, 12, 31, 12, 0), zone)
    days = [run.astimezone(zone).date() for run in runs]
    assert len(runs) == 365
    assert len(set(days)) == 365 and days == sorted(days)
    assert all(later - earlier >= timedelta(hours=22) for earlier, later in zip(runs, runs[1:]))


# -- latest and next ---------------------------------------------------------------------------

def test_latest_and_next_due_around_a_daily_time():
    daily = Daily(time(1, 0))
    one_am = utc(2026, 12, 3, 22, 0)                          # 2026-12-04 01:00 in Moscow
    assert daily.latest_due(one_am, MOSCOW) == one_am         # due at the instant itself
    assert daily.next_due(one_am, MOSCOW) == one_am + timedelta(days=1)
    just_before = one_am - timedelta(microseconds=1)
    assert daily.latest_due(just_before, MOSCOW) == one_am - timedelta(days=1)
    assert daily.next_due(just_before, MOSCOW) == one_am
    assert daily.latest_due(utc(2026, 12, 4, 15, 0), MOSCOW) == one_am


def test_the_fall_back_night_runs_once_at_the_first_occurrence():
    daily = Daily(time(2, 30))
    first = utc(2026, 10, 25, 0, 30)             # 02:30 CEST
    second = utc(2026, 10, 25, 1, 30)            # 02:30 CET, the same wall time again
    assert daily.next_due(first - timedelta(seconds=1), BERLIN) == first
    assert daily.next_due(first, BERLIN) == utc(2026, 10, 26, 1, 30)   # not the second 02:30
    assert daily.latest_due(second, BERLIN) == first


def test_the_spring_forward_night_runs_once_right_after_the_gap():
    daily = Daily(time(2, 0))
    assert daily.next_due(utc(2026, 3, 28, 23, 0), BERLIN) == utc(2026, 3, 29, 1, 0)
    assert daily.latest_due(utc(2026, 3, 29, 1, 0), BERLIN) == utc(2026, 3, 29, 1, 0)
    assert daily.latest_due(utc(2026, 3, 29, 0, 59), BERLIN) == utc(2026, 3, 28, 1, 0)


def test_interval_due_times_lie_on_the_utc_grid_whatever_the_zone():
    every = Every(timedelta(minutes=15))
    now = utc(2026, 12, 4, 10, 7, 30)
    assert every.latest_due(now, MOSCOW) == utc(2026, 12, 4, 10, 0)
    assert every.next_due(now, NEW_YORK) == utc(2026, 12, 4, 10, 15)
    assert every.latest_due(utc(2026, 12, 4, 10, 15), BERLIN) == utc(2026, 12, 4, 10, 15)
    assert every.latest_due(datetime(2026, 12, 4, 13, 7, tzinfo=MOSCOW)) == \
        utc(2026, 12, 4, 10, 0)
    odd = Every(timedelta(minutes=7))
    assert (odd.latest_due(now) - utc(1970, 1, 1)) % timedelta(minutes=7) == timedelta(0)
    # the clock change of the production zone changes nothing of a grid in UTC
    night = due_times(every, utc(2026, 10, 24, 23, 0), utc(2026, 10, 25, 3, 0), BERLIN)
    assert len(night) == 16 and len(set(night)) == 16


def test_schedules_are_data():
    assert Daily(time(1, 0)).as_dict() == {"kind": "daily", "at": "01:00"}
    assert Every(timedelta(minutes=15)).as_dict() == {"kind": "every", "seconds": 900}


@pytest.mark.parametrize("make", [
    lambda: Every(timedelta(0)), lambda: Every(timedelta(milliseconds=1500)),
    lambda: Daily(time(1, 0, tzinfo=UTC)),
])
def test_a_schedule_that_cannot_be_kept_is_refused(make):
    with pytest.raises(ValueError):
        make()


def test_times_must_be_aware_and_wall_times_naive():
    with pytest.raises(ValueError):
        Daily(time(1, 0)).latest_due(datetime(2026, 12, 4, 1, 0), MOSCOW)
    with pytest.raises(ValueError):
        first_instant_at_or_after(utc(2026, 12, 4, 1, 0), MOSCOW)
