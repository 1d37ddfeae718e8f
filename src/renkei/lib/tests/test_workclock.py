"""Business time on the group's calendar: hours, weekends, JP holidays and closures."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from renkei.lib.workclock import TOKYO, BusinessCalendar

CAL = BusinessCalendar.from_group_fields(
    dt.time(8, 30),
    dt.time(17, 30),
    "12345",
    [
        {"name": "お盆", "start": "08-13", "end": "08-16"},
        {"name": "年末年始", "start": "12-29", "end": "01-03"},
    ],
)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TOKYO)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (at(2026, 11, 25, 10, 0), 2, at(2026, 11, 25, 12, 0)),  # a Wednesday, in hours
        (at(2026, 11, 25, 16, 30), 2, at(2026, 11, 26, 9, 30)),  # over the end of the day
        (at(2026, 11, 27, 16, 30), 2, at(2026, 11, 30, 9, 30)),  # Friday → Monday
        (at(2026, 11, 20, 16, 30), 2, at(2026, 11, 24, 9, 30)),  # Monday 11-23 勤労感謝の日
        (at(2026, 11, 25, 6, 0), 2, at(2026, 11, 25, 10, 30)),  # before opening
        (at(2026, 11, 25, 20, 0), 1.5, at(2026, 11, 26, 10, 0)),  # after closing, 1.5 h
        (at(2026, 11, 28, 11, 0), 2, at(2026, 11, 30, 10, 30)),  # sent on a Saturday
        (at(2026, 12, 28, 17, 0), 2, at(2027, 1, 4, 10, 0)),  # 年末年始 wraps the year
        (at(2026, 8, 12, 17, 0), 2, at(2026, 8, 17, 10, 0)),  # お盆
        (at(2027, 4, 30, 17, 0), 2, at(2027, 5, 6, 10, 0)),  # Golden Week
    ],
)
def test_reply_due(start, hours, due):
    assert CAL.add_business_time(start, hours) == due


def test_why_a_day_is_closed():
    assert CAL.closed_reason(dt.date(2026, 11, 23)) == "勤労感謝の日"
    assert CAL.closed_reason(dt.date(2027, 1, 1)) == "元日"
    assert CAL.closed_reason(dt.date(2026, 12, 30)) == "年末年始"
    assert CAL.closed_reason(dt.date(2026, 11, 28)) == "週末"
    assert CAL.closed_reason(dt.date(2026, 11, 25)) is None


def test_a_group_working_saturdays():
    saturdays = BusinessCalendar.from_group_fields(dt.time(9), dt.time(17), "123456", [])
    assert saturdays.add_business_time(at(2026, 11, 27, 16, 0), 2) == at(2026, 11, 28, 10, 0)


@pytest.mark.parametrize("hours", [0.5, 2, 7, 30])
@pytest.mark.parametrize(
    "start", [at(2026, 11, 25, 9, 0), at(2026, 11, 20, 17, 10), at(2026, 12, 27, 3, 0)]
)
def test_between_measures_what_add_adds(start, hours):
    due = CAL.add_business_time(start, hours)
    assert CAL.business_seconds_between(start, due) == pytest.approx(hours * 3600)


def test_fraction_used_for_the_alert():
    start = at(2026, 11, 25, 10, 0)
    assert CAL.fraction_used(start, at(2026, 11, 25, 11, 30), 2) == pytest.approx(0.75)
    assert CAL.fraction_used(start, at(2026, 11, 26, 9, 0), 2) > 1
    assert CAL.business_seconds_between(start, start - dt.timedelta(hours=1)) == 0


def test_other_time_zones_are_converted_and_naive_times_refused():
    utc = dt.datetime(2026, 11, 25, 1, 0, tzinfo=ZoneInfo("UTC"))  # 10:00 in Tokyo
    assert CAL.add_business_time(utc, 2) == at(2026, 11, 25, 12, 0)
    with pytest.raises(ValueError):
        CAL.add_business_time(dt.datetime(2026, 11, 25, 10, 0), 2)
