"""A member company's track record in the window: its load, how it answers, wins and declines.

The soft part of the matching score (the issue's "current load, response history, wins and
declines"): among members that can all make the part, the one that answers, wins and is not
already swamped comes first; among equals, the one passed an inquiry least recently (fair
rotation, so that the group's work does not always go to the same shop).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext

from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import AnswerKind, Referral

HISTORY_DAYS = 365
OPEN = (InquiryStatus.NEW, InquiryStatus.REVIEWING, InquiryStatus.ANSWERED, InquiryStatus.QUOTED)
BUSY = 5  # open inquiries from which a member is shown as busy
# A member has at least a day to answer, and until the group's first-reply promise to the
# customer when that is later. Before then an unanswered referral is not a non-answer: counting
# it made every member asked a second ago show "answers 0%".
ANSWER_WINDOW = dt.timedelta(days=1)
NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)

Reason = tuple[str, bool]


@dataclass(frozen=True)
class Record:
    load: int = 0  # inquiries passed to it that are still open and that it has not declined
    referred: int = 0  # referrals answered or whose answer window has closed
    answered: int = 0
    wins: int = 0
    declines: int = 0
    last_referred: dt.datetime = NEVER

    @property
    def soft_score(self) -> float:
        """Between -8 and +10: never enough to outweigh a missing process step (≥ 20)."""
        rate = self.answered / self.referred if self.referred else 0.5
        declined = self.declines / self.answered if self.answered else 0.0
        return 5 * rate + min(self.wins, 5) - 0.5 * min(self.load, 10) - 3 * declined

    def reasons(self) -> list[Reason]:
        shown = [(gettext("load %(n)s") % {"n": self.load}, self.load < BUSY)]
        if self.referred:
            rate = round(100 * self.answered / self.referred)
            shown.append((gettext("answers %(rate)s%%") % {"rate": rate}, rate >= 50))
        if self.wins:
            shown.append((gettext("won %(n)s") % {"n": self.wins}, True))
        return shown


EMPTY = Record()


def records() -> dict[int, Record]:
    """Every company's record over the last year, by company id (absent: no history)."""
    now = timezone.now()
    since = now - dt.timedelta(days=HISTORY_DAYS)
    window_closed = Q(created_at__lte=now - ANSWER_WINDOW) & (
        Q(inquiry__reply_due_at__isnull=True) | Q(inquiry__reply_due_at__lte=now)
    )
    rows = (
        Referral.objects.filter(created_at__gte=since)
        .values("company_id")
        .annotate(
            # Referrals that count for the answer rate: answered, or past their answer window.
            referred=Count("pk", filter=Q(answer__isnull=False) | window_closed),
            answered=Count("answer"),
            wins=Count(
                "pk", filter=Q(answer__kind=AnswerKind.CAN, inquiry__status=InquiryStatus.WON)
            ),
            declines=Count("pk", filter=Q(answer__kind=AnswerKind.CANNOT)),
            load=Count(
                "pk",
                filter=Q(inquiry__status__in=OPEN)
                & (Q(answer__isnull=True) | ~Q(answer__kind=AnswerKind.CANNOT)),
            ),
            last=Max("created_at"),
        )
        .order_by()
    )
    return {
        row["company_id"]: Record(
            load=row["load"],
            referred=row["referred"],
            answered=row["answered"],
            wins=row["wins"],
            declines=row["declines"],
            last_referred=row["last"],
        )
        for row in rows
    }
