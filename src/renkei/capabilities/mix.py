"""The member mix the cockpit reports: companies, individuals and supporting organisations per
circle, the 企業組合's 組合員 and 特定組合員, and how the mix moved month by month.

A group of individuals (カーティベータ, seed l.2009–2011) and a 企業組合 whose 組合員 are people
with companies as 特定組合員 (l.3884–3886) both need to see who holds their memberships.
"""

import datetime as dt
from dataclasses import dataclass, field

from renkei.capabilities.choices import Standing
from renkei.orgs.choices import Circle, CompanyKind
from renkei.orgs.models import Group, Membership

MONTHS = 12


@dataclass
class Mix:
    """Counts of one circle, one month or the whole group."""

    companies: int = 0  # manufacturers
    individuals: int = 0  # people in their own name
    organisations: int = 0  # cities, chambers, banks, universities and others
    union_members: int = 0  # 組合員 of a 企業組合
    specified: int = 0  # 特定組合員

    @property
    def total(self) -> int:
        return self.companies + self.individuals + self.organisations

    def add(self, kind: str, standing: str) -> None:
        if kind == CompanyKind.MANUFACTURER:
            self.companies += 1
        elif kind == CompanyKind.INDIVIDUAL:
            self.individuals += 1
        else:
            self.organisations += 1
        if standing == Standing.UNION_MEMBER:
            self.union_members += 1
        elif standing == Standing.SPECIFIED:
            self.specified += 1

    def as_dict(self) -> dict[str, int]:
        return {
            "companies": self.companies,
            "individuals": self.individuals,
            "organisations": self.organisations,
            "union_members": self.union_members,
            "specified_members": self.specified,
            "total": self.total,
        }


@dataclass
class CircleMix(Mix):
    circle: str = ""
    label: str = ""


@dataclass
class MonthMix(Mix):
    month: str = ""  # YYYY-MM; counted at the month's last day (today for this month)


@dataclass
class MemberMix:
    total: Mix
    circles: list[CircleMix] = field(default_factory=list)
    months: list[MonthMix] = field(default_factory=list)


def _month_ends(today: dt.date, months: int) -> list[tuple[str, dt.date]]:
    ends = []
    year, month = today.year, today.month
    for back in range(months):
        y, m = divmod((year * 12 + month - 1) - back, 12)
        m += 1
        first_next = dt.date(y + (m == 12), m % 12 + 1, 1)
        ends.append((f"{y:04d}-{m:02d}", min(first_next - dt.timedelta(days=1), today)))
    return list(reversed(ends))


def member_mix(group: Group, today: dt.date, months: int = MONTHS) -> MemberMix:
    """One query: every membership the group ever had, with its company's kind and standing.
    The standing is today's (its changes are not dated), so a past month counts a member that
    was there then with the standing it has now."""
    rows = list(
        Membership.objects.for_group(group).values_list(
            "circle", "joined_on", "left_on", "company__kind", "standing__standing"
        )
    )
    total = Mix()
    circles = {value: CircleMix(circle=value, label=str(label)) for value, label in Circle.choices}
    for circle, _joined, left, kind, standing in rows:
        if left is None:
            total.add(kind, standing or "")
            circles.setdefault(circle, CircleMix(circle=circle, label=circle)).add(
                kind, standing or ""
            )
    timeline = []
    for label, end in _month_ends(today, months):
        month = MonthMix(month=label)
        for _circle, joined, left, kind, standing in rows:
            if joined <= end and (left is None or left > end):
                month.add(kind, standing or "")
        timeline.append(month)
    return MemberMix(total=total, circles=list(circles.values()), months=timeline)


def as_api(mix: MemberMix) -> dict[str, object]:
    """The mix as the cockpit API carries it."""
    return {
        **mix.total.as_dict(),
        "circles": [{"circle": c.circle, **c.as_dict()} for c in mix.circles],
        "months": [{"month": m.month, **m.as_dict()} for m in mix.months],
    }
