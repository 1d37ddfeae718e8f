"""Business time on a group's calendar, with no Django import.

京都試作ネット promised an answer within 2 hours (seed l.1836–1842); the promise counts business
time: the group's hours on its working weekdays, not on Japanese public holidays (jpholiday) nor in
its own closures such as お盆 and 年末年始 (REFERENCE.md, "Japanese business calendar").
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import jpholiday

TOKYO = ZoneInfo("Asia/Tokyo")
_MAX_DAYS = 3 * 366  # no promise spans more; guards the day loops


@dataclass(frozen=True)
class Closure:
    """A closed period every year, both ends included; it may wrap the year end (12-29 → 01-03)."""

    name: str
    start: str  # "MM-DD"
    end: str

    def covers(self, day: dt.date) -> bool:
        key = day.strftime("%m-%d")
        if self.start <= self.end:
            return self.start <= key <= self.end
        return key >= self.start or key <= self.end


@dataclass(frozen=True)
class BusinessCalendar:
    day_start: dt.time
    day_end: dt.time
    weekdays: frozenset[int]  # ISO: 1 = Monday … 7 = Sunday
    closures: tuple[Closure, ...] = ()
    tz: ZoneInfo = TOKYO

    @classmethod
    def from_group_fields(
        cls,
        day_start: dt.time,
        day_end: dt.time,
        weekdays: str,
        closures: Iterable[Mapping[str, str]],
    ) -> "BusinessCalendar":
        return cls(
            day_start,
            day_end,
            frozenset(int(c) for c in weekdays if c.isdigit()),
            tuple(Closure(c["name"], c["start"], c["end"]) for c in closures),
        )

    def closed_reason(self, day: dt.date) -> str | None:
        """Why ``day`` is not a business day, or None when it is."""
        holiday: str | None = jpholiday.is_holiday_name(day)
        if holiday:
            return holiday
        for closure in self.closures:
            if closure.covers(day):
                return closure.name
        if day.isoweekday() not in self.weekdays:
            return "週末" if day.isoweekday() in (6, 7) else "休業日"
        return None

    def is_business_day(self, day: dt.date) -> bool:
        return self.closed_reason(day) is None

    def _hours(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        return (
            dt.datetime.combine(day, self.day_start, self.tz),
            dt.datetime.combine(day, self.day_end, self.tz),
        )

    def _local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("business time needs an aware datetime")
        return moment.astimezone(self.tz)

    def add_business_time(self, start: dt.datetime, hours: float | Decimal) -> dt.datetime:
        """The moment when ``hours`` of business time have passed since ``start``."""
        remaining = dt.timedelta(hours=float(hours))
        moment = self._local(start)
        day = moment.date()
        for _ in range(_MAX_DAYS):
            if self.is_business_day(day):
                opens, closes = self._hours(day)
                begin = max(moment, opens)
                if begin < closes:
                    if begin + remaining <= closes:
                        return begin + remaining
                    remaining -= closes - begin
            day += dt.timedelta(days=1)
        raise ValueError("no business time within three years: check the calendar")

    def business_seconds_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Business seconds elapsed from ``start`` to ``end`` (0 when end is not later)."""
        begin, finish = self._local(start), self._local(end)
        total = 0.0
        day = begin.date()
        while day <= finish.date() and (day - begin.date()).days <= _MAX_DAYS:
            if self.is_business_day(day):
                opens, closes = self._hours(day)
                low, high = max(opens, begin), min(closes, finish)
                if high > low:
                    total += (high - low).total_seconds()
            day += dt.timedelta(days=1)
        return total

    def fraction_used(self, start: dt.datetime, now: dt.datetime, hours: float | Decimal) -> float:
        """Business time elapsed as a share of the promise (1.0 = due now; the alert is at 0.75)."""
        promised = float(hours) * 3600
        return self.business_seconds_between(start, now) / promised if promised else 1.0
