"""Member scorecards: how each member company of a group delivered, passed receiving checks and
answered over the last six months.

Judged fairly means judged on enough work: below ``MIN_JOBS`` jobs in the window a company has
no score at all — it is shown how many jobs it has, and the matching neither rewards nor
punishes it (the issue's "at least 10 jobs"). Scorecards are for the company itself and its
group's coordinators; never for other members or supporters (see views/scorecards.py).

Every figure is computed for all companies of a group at once, one query per figure, so that
the board's ranking can read them for every candidate without a query per company; the
matching reads them through ``cached_scorecards`` (Django's cache, a short TTL).

What a job is, and when it is delivered:

- a job is a work package of the group assigned to the company that was delivered in the
  window, or whose due date passed in the window without delivery (late and still open);
  a package not yet due and not delivered is not judged yet;
- a process step that hands off to a next step (another package comes ``after`` it) is
  delivered when it is ready for the hand-off: its first 工程完了, 検査合格 or 出荷 event;
- the last package of a chain (nothing comes after it) is delivered only when it ships (出荷):
  the customer's parts, not a finished step on the shop floor;
- on time means delivered on or before ``due_on`` (the group's local date); a package without a
  due date that was delivered broke no promise and counts as on time.
"""

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext

from renkei.inquiries.models import AnswerKind, Referral
from renkei.inquiries.track_record import ANSWER_WINDOW
from renkei.orgs.models import Group
from renkei.projects.choices import EventKind, PackageState
from renkei.projects.models import WorkPackage

WINDOW_DAYS = 183  # six months
MIN_JOBS = 10
CACHE_SECONDS = 300  # the ranking may lag a new receiving check by at most this long
HANDOFF_KINDS = (EventKind.STEP_DONE, EventKind.INSPECTED, EventKind.SHIPPED)
REJECTED, DEVIATION = "rejected", "deviation"  # ReceivingCheck.result values

Reason = tuple[str, bool]


@dataclass(frozen=True)
class Scorecard:
    """One member company's figures in one group over the window."""

    company_id: int
    jobs: int = 0
    on_time: int = 0
    rejections: int = 0
    deviations: int = 0
    referred: int = 0  # referrals answered, or whose answer window has closed
    answered: int = 0
    declines: int = 0
    median_answer_hours: float | None = None

    @property
    def shown(self) -> bool:
        return self.jobs >= MIN_JOBS

    @property
    def late(self) -> int:
        return self.jobs - self.on_time

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.on_time / self.jobs) if self.jobs else None

    @property
    def rejections_per_package(self) -> float | None:
        return self.rejections / self.jobs if self.jobs else None

    @property
    def answer_percent(self) -> int | None:
        return round(100 * self.answered / self.referred) if self.referred else None

    @property
    def decline_percent(self) -> int | None:
        return round(100 * self.declines / self.answered) if self.answered else None

    @property
    def match_term(self) -> float:
        """The scorecard's part of the matching score, between -5 and +1; 0 without enough
        jobs. Delivery and quality only: the answer rate and declines are already in the
        track record's part (inquiries.track_record), and counting them twice would let them
        outweigh the work itself. Modest on purpose: never more than exact material (10) or a
        process step (≥ 20)."""
        if not self.shown:
            return 0.0
        delivery = min(max(10 * (self.on_time / self.jobs - 0.9), -3.0), 1.0)
        return delivery - min(20 * self.rejections / self.jobs, 2.0)

    def reasons(self) -> list[Reason]:
        """What the coordinator reads beside the ranking: 「納期遵守 96% / 不適合 1件」."""
        if not self.shown:
            return []
        percent = self.on_time_percent or 0
        return [
            (gettext("on time %(percent)s%%") % {"percent": percent}, percent >= 90),
            (gettext("nonconformities %(n)s") % {"n": self.rejections}, self.rejections == 0),
        ]


def since(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(days=WINDOW_DAYS)


def _delivery_counts(group: Group, start: dt.datetime) -> dict[int, tuple[int, int]]:
    """(jobs, on time) per company: one query over the group's assigned packages."""
    today = timezone.localdate()
    rows = (
        WorkPackage.objects.for_group(group)
        .filter(company__isnull=False, state=PackageState.ASSIGNED)
        .annotate(
            handed=Min("events__created_at", filter=Q(events__kind__in=HANDOFF_KINDS)),
            shipped=Min("events__created_at", filter=Q(events__kind=EventKind.SHIPPED)),
            hands_off=Exists(WorkPackage.objects.filter(after=OuterRef("pk"))),
        )
        .values_list("company_id", "due_on", "handed", "shipped", "hands_off")
        .order_by()
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for company_id, due_on, handed, shipped, hands_off in rows:
        delivered = handed if hands_off else shipped
        if delivered is not None:
            if delivered < start:
                continue
            on = timezone.localdate(delivered)
            on_time = due_on is None or on <= due_on
        elif due_on is not None and timezone.localdate(start) <= due_on < today:
            on_time = False  # overdue and still not delivered
        else:
            continue  # not due yet, or long past the window
        counts[company_id][0] += 1
        counts[company_id][1] += on_time
    return {company: (jobs, on_time) for company, (jobs, on_time) in counts.items()}


def _check_counts(group: Group, start: dt.datetime) -> dict[int, tuple[int, int]]:
    """(rejected packages, packages accepted with deviation) per company, from the receiving
    checks of its packages in the window. A package rejected, reworked and rejected again is
    one nonconforming package (「不適合 1件」), as a later accepted look does not undo it."""
    from renkei.quality.models import ReceivingCheck

    rows = (
        ReceivingCheck.objects.filter(package__group=group, created_at__gte=start)
        .values("package__company_id")
        .annotate(
            rejected=Count("package", filter=Q(result=REJECTED), distinct=True),
            deviated=Count("package", filter=Q(result=DEVIATION), distinct=True),
        )
        .order_by()
    )
    return {r["package__company_id"]: (r["rejected"], r["deviated"]) for r in rows}


def _answer_counts(group: Group, start: dt.datetime) -> dict[int, tuple[int, int, int]]:
    """(referred, answered, declines) per company, counted as the track record counts them: a
    referral still inside its answer window is not yet a non-answer."""
    now = timezone.now()
    window_closed = Q(created_at__lte=now - ANSWER_WINDOW) & (
        Q(inquiry__reply_due_at__isnull=True) | Q(inquiry__reply_due_at__lte=now)
    )
    rows = (
        Referral.objects.filter(inquiry__group=group, created_at__gte=start)
        .values("company_id")
        .annotate(
            referred=Count("pk", filter=Q(answer__isnull=False) | window_closed),
            answered=Count("answer"),
            declines=Count("pk", filter=Q(answer__kind=AnswerKind.CANNOT)),
        )
        .order_by()
    )
    return {r["company_id"]: (r["referred"], r["answered"], r["declines"]) for r in rows}


def _answer_hours(group: Group, start: dt.datetime) -> dict[int, float]:
    """Median hours from the member being told (notified_at; the referral's time when it had
    no mail) to its answer, per company."""
    rows = (
        Referral.objects.filter(inquiry__group=group, created_at__gte=start, answer__isnull=False)
        .values_list("company_id", "notified_at", "created_at", "answer__created_at")
        .order_by()
    )
    hours: dict[int, list[float]] = defaultdict(list)
    for company_id, notified_at, created_at, answered_at in rows:
        told = notified_at or created_at
        hours[company_id].append(max((answered_at - told).total_seconds(), 0.0) / 3600)
    return {company: statistics.median(values) for company, values in hours.items()}


def scorecards(group: Group, companies: Iterable[int] | None = None) -> dict[int, Scorecard]:
    """Every member company's scorecard in ``group`` (or those of ``companies``), by company id;
    companies with no work and no referrals in the window get an empty one when asked for."""
    start = since()
    delivery = _delivery_counts(group, start)
    checks = _check_counts(group, start)
    answers = _answer_counts(group, start)
    hours = _answer_hours(group, start)
    wanted = set(companies) if companies is not None else set(delivery) | set(answers)
    cards = {}
    for company in wanted:
        jobs, on_time = delivery.get(company, (0, 0))
        rejections, deviations = checks.get(company, (0, 0))
        referred, answered, declines = answers.get(company, (0, 0, 0))
        cards[company] = Scorecard(
            company_id=company,
            jobs=jobs,
            on_time=on_time,
            rejections=rejections,
            deviations=deviations,
            referred=referred,
            answered=answered,
            declines=declines,
            median_answer_hours=hours.get(company),
        )
    return cards


def _cache_key(group: Group) -> str:
    # The group's creation time is in the key so that a group made again under a reused id
    # (a test's rolled-back data, a restore) never reads another group's figures.
    return f"renkei:scorecards:{group.pk}:{group.created_at.timestamp():.6f}"


def cached_scorecards(group: Group) -> dict[int, Scorecard]:
    """The group's scorecards for the matching, computed at most every CACHE_SECONDS: only
    those with enough jobs to count (a company absent from the answer gets no term)."""
    key = _cache_key(group)
    found: dict[int, Scorecard] | None = cache.get(key)
    if found is None:
        found = {pk: card for pk, card in scorecards(group).items() if card.shown}
        cache.set(key, found, CACHE_SECONDS)
    return found


def forget(group: Group) -> None:
    """Drops the group's cached scorecards: call after a write that changes them when the
    ranking must see it at once."""
    cache.delete(_cache_key(group))
