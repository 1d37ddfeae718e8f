"""Contributions to the knowledge market per member and per month, counted from what is stored
(revisions and answers): knowledge assets are one of a group's external effects (seed
l.1550–1560), and the cockpit reads these counts."""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from renkei.knowledge.models import Answer, Revision
from renkei.orgs.models import Group

JST = ZoneInfo("Asia/Tokyo")


@dataclass
class Contribution:
    """One person's (and their company's) contributions in one month."""

    month: dt.date
    company_id: int | None
    company_name: str
    user_id: int | None
    username: str
    articles: int = 0
    revisions: int = 0
    answers: int = 0
    accepted: int = 0

    @property
    def total(self) -> int:
        return self.articles + self.revisions + self.answers + self.accepted


def _month(value: dt.date | dt.datetime) -> dt.date:
    return value.date().replace(day=1) if isinstance(value, dt.datetime) else value.replace(day=1)


def monthly(group: Group, *, since: dt.date | None = None) -> list[Contribution]:
    """Counts per month, company and person, newest month first: articles created, later
    revisions, answers written, and answers of theirs accepted (in the month of acceptance)."""
    rows: dict[tuple[dt.date, int | None, int | None], Contribution] = {}

    def row(month: dt.date | dt.datetime, values: dict[str, Any]) -> Contribution:
        company_id: int | None = values["company_id"]
        author_id: int | None = values["author_id"]
        key = (_month(month), company_id, author_id)
        if key not in rows:
            rows[key] = Contribution(
                _month(month),
                company_id,
                str(values["company__name"] or ""),
                author_id,
                str(values["author__username"] or ""),
            )
        return rows[key]

    fields = ("company_id", "company__name", "author_id", "author__username")
    revisions = Revision.objects.filter(article__group=group)
    answers = Answer.objects.filter(article__group=group)
    if since is not None:
        revisions = revisions.filter(created_at__date__gte=since)
        answers = answers.filter(Q(created_at__date__gte=since) | Q(accepted_at__date__gte=since))
    for values in (
        revisions.annotate(month=TruncMonth("created_at", tzinfo=JST))
        .values("month", *fields)
        .annotate(first=Count("pk", filter=Q(number=1)), later=Count("pk", filter=Q(number__gt=1)))
    ):
        item = row(values["month"], values)
        item.articles += values["first"]
        item.revisions += values["later"]
    for values in (
        answers.annotate(month=TruncMonth("created_at", tzinfo=JST))
        .values("month", *fields)
        .annotate(n=Count("pk"))
    ):
        row(values["month"], values).answers += values["n"]
    for values in (
        answers.filter(accepted=True)
        .annotate(month=TruncMonth("accepted_at", tzinfo=JST))
        .values("month", *fields)
        .annotate(n=Count("pk"))
    ):
        row(values["month"], values).accepted += values["n"]
    return sorted(rows.values(), key=lambda c: (-c.month.toordinal(), c.company_name, c.username))


def by_company(group: Group, *, since: dt.date | None = None) -> dict[tuple[dt.date, str], int]:
    """Total contributions per (month, company name): the cockpit's knowledge-asset series."""
    totals: dict[tuple[dt.date, str], int] = {}
    for item in monthly(group, since=since):
        key = (item.month, item.company_name)
        totals[key] = totals.get(key, 0) + item.total
    return totals
