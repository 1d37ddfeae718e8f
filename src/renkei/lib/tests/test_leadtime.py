"""Lead times in business days on the group's calendar: weekends, JP holidays and closures."""

import datetime as dt

import pytest

from renkei.lib.leadtime import add_business_days
from renkei.lib.workclock import BusinessCalendar

CAL = BusinessCalendar.from_group_fields(
    dt.time(8, 30),
    dt.time(17, 30),
    "12345",
    [{"name": "年末年始", "start": "12-29", "end": "01-03"}],
)


@pytest.mark.parametrize(
    ("start", "days", "day"),
    [
        (dt.date(2026, 11, 25), 1, dt.date(2026, 11, 26)),  # Wednesday → Thursday
        (dt.date(2026, 11, 27), 1, dt.date(2026, 11, 30)),  # Friday → Monday
        (dt.date(2026, 11, 20), 1, dt.date(2026, 11, 24)),  # Monday 11-23 勤労感謝の日
        (dt.date(2026, 11, 28), 1, dt.date(2026, 11, 30)),  # ordered on a Saturday
        (dt.date(2026, 12, 1), 10, dt.date(2026, 12, 15)),  # two working weeks
        (dt.date(2026, 12, 25), 2, dt.date(2027, 1, 4)),  # 12-28, then 年末年始 to 01-04
        (dt.date(2026, 12, 15), -10, dt.date(2026, 12, 1)),  # counted back
        (dt.date(2026, 11, 24), -1, dt.date(2026, 11, 20)),  # back over the holiday
        (dt.date(2026, 11, 28), 0, dt.date(2026, 11, 28)),
    ],
)
def test_add_business_days(start, days, day):
    assert add_business_days(CAL, start, days) == day


def test_a_calendar_without_working_days_is_refused():
    closed = BusinessCalendar.from_group_fields(dt.time(9), dt.time(17), "", [])

    with pytest.raises(ValueError, match="business day"):
        add_business_days(closed, dt.date(2026, 1, 5), 1)
