"""Lead times counted in business days on a group's calendar, with no Django import.

Members answer an inquiry with their lead time in working days (営業日), and the quote takes the
longest of them; so the promise to the customer is counted the same way: the n-th business day
of the group after the day of the order, skipping weekends, public holidays and the group's own
closures (お盆, 年末年始). One meaning, said on the quote, used for the order, the project and the
tracking page alike.
"""

import datetime as dt

from renkei.lib.workclock import BusinessCalendar

_MAX_DAYS = 3 * 366  # no lead time spans more; guards the day loop


def add_business_days(calendar: BusinessCalendar, start: dt.date, days: int) -> dt.date:
    """The ``days``-th business day after ``start`` (before it when ``days`` is negative);
    ``start`` itself when ``days`` is 0, whether or not it is a business day."""
    step = dt.timedelta(days=1 if days >= 0 else -1)
    remaining, day = abs(days), start
    for _ in range(_MAX_DAYS):
        if not remaining:
            return day
        day += step
        if calendar.is_business_day(day):
            remaining -= 1
    raise ValueError("no such business day within three years: check the calendar")
