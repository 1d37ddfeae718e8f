"""All-or-nothing crowdfunding, with no Django import: a campaign has a target and a deadline,
and only a goal reached is received (seed l.1969–1975: ゼンモノ pays out nothing below the
target, so カーティベータ set ¥1,800,000 for the battery rather than the whole cost; ¥2,600,000
came in)."""

import datetime as dt
from enum import StrEnum

from renkei.lib.kpi import percent_half_up


class Outcome(StrEnum):
    OPEN = "open"  # the deadline has not passed and the goal is not reached yet
    REACHED = "reached"  # pledged ≥ target: the pledges will be paid out
    NOT_FUNDED = "not_funded"  # the deadline passed with the goal missed: nothing is received


def outcome(
    *, target_yen: int, pledged_yen: int, deadline: dt.date | None, today: dt.date
) -> Outcome:
    """Where a campaign stands. The deadline day itself still counts as open; a campaign with no
    deadline recorded never fails by date."""
    if pledged_yen >= target_yen:
        return Outcome.REACHED
    if deadline is not None and deadline < today:
        return Outcome.NOT_FUNDED
    return Outcome.OPEN


def received_yen(*, target_yen: int, pledged_yen: int, paid_out: bool) -> int:
    """What the project has: the whole pledge once paid out, if and only if the goal was
    reached; 0 otherwise (no partial payout)."""
    return pledged_yen if paid_out and pledged_yen >= target_yen else 0


def pledged_percent(*, target_yen: int, pledged_yen: int) -> float:
    """Pledged of target in percent, one decimal, half up (may exceed 100: 144.4 %)."""
    return percent_half_up(pledged_yen, target_yen)
