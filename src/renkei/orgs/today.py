"""「今日」: what each person should look at today, gathered across their own groups.

Plain functions that read; nothing here writes. The number of queries does not grow with the
number of groups or items: each kind of thing is read once for all of the person's groups.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group, GroupRole, Membership
from renkei.orgs.permissions import MEMBER_ROLES

if TYPE_CHECKING:
    from renkei.inquiries.models import Inquiry, Referral
    from renkei.notices.models import Notice

# A referral or a reply clock matters while the inquiry is still open (as the reply clock's own
# check, inquiries.clock.OPEN).
OPEN_STATUSES = ("new", "reviewing", "answered")
WEEK = dt.timedelta(days=7)


@dataclass
class Item:
    """One line of the page: what it is, where it is dealt with, and a short note."""

    label: str
    url: str
    note: str = ""
    urgent: bool = False


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)
    # Where the whole list lives, for when a section says "and more".
    url: str = ""
    # When only the first few are listed: how many there are in all.
    total: int | None = None

    @property
    def count(self) -> int:
        return len(self.items) if self.total is None else self.total


@dataclass
class Desk:
    """One group as this person sees it today."""

    group: Group
    sections: list[Section]

    @property
    def count(self) -> int:
        return sum(s.count for s in self.sections)


@dataclass
class Today:
    coordinating: list[Desk]
    working: list[Desk]
    supporting: list[Group]
    notices: Section

    @property
    def empty(self) -> bool:
        return not (self.coordinating or self.working or self.supporting or self.notices.count)


def gather(user: Any, now: dt.datetime | None = None) -> Today:
    """Everything for ``user``'s own groups and companies, never anyone else's."""
    now = now or timezone.now()
    roles = list(
        GroupRole.objects.filter(user=user).select_related("group").order_by("group__name")
    )
    coordinated = _unique(r.group for r in roles if r.role == PersonRole.COORDINATOR)
    supported = _unique(r.group for r in roles if r.role == PersonRole.SUPPORTER)
    acting = companies_acting(user)
    member_groups = _unique(r.group for r in roles if (r.group_id, r.company_id) in acting)
    return Today(
        coordinating=_coordinator_desks(user, coordinated, now),
        working=_member_desks(member_groups, acting, now),
        supporting=supported,
        notices=_unread_notices(user),
    )


def _unique(groups: Any) -> list[Group]:
    seen: dict[int, Group] = {}
    for group in groups:
        seen.setdefault(group.pk, group)
    return list(seen.values())


def companies_acting(user: Any) -> set[tuple[int, int]]:
    """(group, company) pairs this person acts for as member admin or staff — the rule of
    orgs.permissions.companies_acting_for, for all groups in one query: a company that left a
    group keeps its people's roles on record but no longer sees anything there."""
    grants = GroupRole.objects.filter(user=user, role__in=MEMBER_ROLES, company__isnull=False)
    pairs = set(grants.values_list("group_id", "company_id"))
    if not pairs:
        return set()
    groups = {g for g, _c in pairs}
    members = set(
        Membership.objects.filter(group_id__in=groups, left_on__isnull=True).values_list(
            "group_id", "company_id"
        )
    )
    return pairs & members


# --- what waits, as querysets: the page lists them, the header's badges count them ------------


def replies_running(group_ids: list[int]) -> "QuerySet[Inquiry]":
    """Open inquiries of these groups whose first reply is still owed (the reply clock runs)."""
    from renkei.inquiries.models import Inquiry

    return Inquiry.objects.filter(
        group_id__in=group_ids,
        first_reply_at__isnull=True,
        reply_due_at__isnull=False,
        status__in=OPEN_STATUSES,
    )


def customer_messages_unread(user: Any, group_ids: list[int]) -> "QuerySet[Notice]":
    """This person's unread notices of a customer's message in these groups."""
    from renkei.notices.models import Notice, NoticeKind

    return (
        Notice.objects.for_user(user)
        .unread()
        .filter(group_id__in=group_ids, kind=NoticeKind.CUSTOMER_MESSAGE)
    )


def referrals_unanswered(group_ids: list[int]) -> "QuerySet[Referral]":
    """Referrals of these groups' open inquiries that no member has answered yet."""
    from renkei.inquiries.models import Referral

    return Referral.objects.filter(
        inquiry__group_id__in=group_ids, answer__isnull=True, inquiry__status__in=OPEN_STATUSES
    )


def referrals_waiting_for(acting: set[tuple[int, int]]) -> "QuerySet[Referral]":
    """Open referrals waiting for an answer from a company this person acts for, each in the
    group where it acts for it (a company that is a member of one of the person's groups only is
    not asked in the others)."""
    from renkei.inquiries.models import Referral

    pairs = Q(pk__in=[])
    for group_id, company_id in acting:
        pairs |= Q(inquiry__group_id=group_id, company_id=company_id)
    return Referral.objects.filter(pairs, answer__isnull=True, inquiry__status__in=OPEN_STATUSES)


# --- the coordinator -----------------------------------------------------------------------


def _coordinator_desks(user: Any, groups: list[Group], now: dt.datetime) -> list[Desk]:
    if not groups:
        return []
    from renkei.inquiries.services import calendar_of

    ids = [g.pk for g in groups]
    replies: dict[int, list[Item]] = defaultdict(list)
    running = replies_running(ids).order_by("reply_due_at", "pk")
    running = running.select_related("group")  # the reference names the group
    by_id = {g.pk: g for g in groups}
    for inquiry in running:
        group = by_id[inquiry.group_id]
        note, urgent = _clock(group, calendar_of(group), inquiry.received_at, now)
        replies[group.pk].append(
            Item(
                label=f"{inquiry.reference} {inquiry.title}",
                url=reverse("inquiries:detail", args=[group.slug, inquiry.pk]),
                note=note,
                urgent=urgent,
            )
        )
    messages: dict[int, list[Item]] = defaultdict(list)
    for notice in customer_messages_unread(user, ids):
        messages[notice.group_id].append(Item(label=notice.text, url=notice.link, urgent=True))
    asked: dict[int, list[Item]] = defaultdict(list)
    unanswered = (
        referrals_unanswered(ids)
        .select_related("inquiry__group", "company")
        .order_by("created_at", "pk")
    )
    for referral in unanswered:
        group = by_id[referral.inquiry.group_id]
        asked[group.pk].append(
            Item(
                label=f"{referral.inquiry.reference} {referral.inquiry.title}",
                url=reverse("inquiries:detail", args=[group.slug, referral.inquiry_id]),
                note=_("asked %(company)s") % {"company": referral.company.name},
            )
        )
    packages = _packages_needing_care(ids, by_id, now)
    decisions = _decisions_pending(groups)
    desks = []
    for group in groups:
        sections = [
            Section(_("Replies due"), replies[group.pk], _board(group)),
            Section(_("New messages from customers"), messages[group.pk], _board(group)),
            Section(_("Referrals not answered yet"), asked[group.pk], _board(group)),
            Section(
                _("Work packages to look after"),
                packages[group.pk],
                reverse("projects:list", args=[group.slug]),
            ),
            Section(
                _("Decisions and acknowledgements"),
                decisions[group.pk],
                reverse("cockpit:home", args=[group.slug]),
            ),
        ]
        desks.append(Desk(group, sections))
    return desks


def _board(group: Group) -> str:
    return reverse("inquiries:board", args=[group.slug])


def _clock(
    group: Group, calendar: Any, received: dt.datetime, now: dt.datetime
) -> tuple[str, bool]:
    """The reply clock as the board shows it, in the group's business hours: time left, or how
    late."""
    promised = float(group.reply_promise_hours) * 3600
    used = calendar.business_seconds_between(received, now)
    if used >= promised:
        return _("%(time)s late") % {"time": _duration(used - promised)}, True
    return _("%(time)s left") % {"time": _duration(promised - used)}, used >= 0.75 * promised


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    return _("%(m)d min") % {"m": minutes}


def _packages_needing_care(
    ids: list[int], by_id: dict[int, Group], now: dt.datetime
) -> dict[int, list[Item]]:
    """Packages on the board no one claimed, and claimed ones late or at risk — the timeline's
    own rules (projects.timeline): at risk when, at the current pace and after the steps it
    waits for, it cannot finish by its due date."""
    from renkei.lib.schedule import Step, earliest_finish
    from renkei.projects.choices import PackageState, ProjectStatus
    from renkei.projects.models import WorkPackage
    from renkei.projects.timeline import remaining_days

    today = timezone.localdate(now)
    packages = list(
        WorkPackage.objects.filter(group_id__in=ids, project__status=ProjectStatus.ACTIVE)
        .select_related("project")
        .order_by("due_on", "pk")
    )
    steps = {
        p.pk: Step(p.pk, remaining_days(p), (p.after_id,) if p.after_id else ()) for p in packages
    }
    finish = earliest_finish(steps)
    found: dict[int, list[Item]] = defaultdict(list)
    for p in packages:
        if p.is_done or p.state == PackageState.DRAFT:
            continue
        late = p.due_on is not None and (p.due_on < today or p.delayed)
        at_risk = p.due_on is not None and today + dt.timedelta(days=finish[p.pk]) > p.due_on
        if p.state == PackageState.OPEN:
            note, urgent = _("no one has claimed it yet"), late
        elif late:
            note, urgent = _("late"), True
        elif at_risk:
            note, urgent = _("at risk of being late"), False
        else:
            continue
        if p.due_on:
            note += " · " + _("due %(date)s") % {"date": p.due_on.strftime("%m/%d")}
        group = by_id[p.group_id]
        found[group.pk].append(
            Item(
                label=f"{p.project.title} — {p.name}",
                url=reverse("projects:package", args=[group.slug, p.pk]),
                note=note,
                urgent=urgent,
            )
        )
    return found


def _decisions_pending(groups: list[Group]) -> dict[int, list[Item]]:
    """Proposals still open, and the latest documents members have not all acknowledged."""
    from renkei.cockpit.models import Acknowledgement, LeverDocument, Proposal

    ids = [g.pk for g in groups]
    by_id = {g.pk: g for g in groups}
    found: dict[int, list[Item]] = defaultdict(list)
    for proposal in Proposal.objects.filter(group_id__in=ids, decided_at__isnull=True).order_by(
        "deadline", "pk"
    ):
        group = by_id[proposal.group_id]
        found[group.pk].append(
            Item(
                label=proposal.title,
                url=reverse("cockpit:proposal", args=[group.slug, proposal.pk]),
                note=_("decision open until %(date)s")
                % {"date": timezone.localtime(proposal.deadline).strftime("%m/%d")},
            )
        )
    latest: dict[tuple[int, str], LeverDocument] = {}
    for document in LeverDocument.objects.filter(group_id__in=ids).order_by(
        "group_id", "kind", "-version"
    ):
        latest.setdefault((document.group_id, document.kind), document)
    if not latest:
        return found
    members: dict[int, set[int]] = defaultdict(set)
    for group_id, company_id in (
        Membership.objects.filter(group_id__in=ids, left_on__isnull=True)
    ).values_list("group_id", "company_id"):
        members[group_id].add(company_id)
    acknowledged: dict[int, set[int]] = defaultdict(set)
    for document_id, company_id in Acknowledgement.objects.filter(
        document_id__in=[d.pk for d in latest.values()]
    ).values_list("document_id", "company_id"):
        acknowledged[document_id].add(company_id)
    for document in latest.values():
        missing = len(members[document.group_id] - acknowledged[document.pk])
        if missing:
            group = by_id[document.group_id]
            found[group.pk].append(
                Item(
                    label=document.title,
                    url=reverse("cockpit:levers", args=[group.slug]),
                    note=_("%(n)d companies have not acknowledged it") % {"n": missing},
                )
            )
    return found


# --- the member company --------------------------------------------------------------------


def _member_desks(
    groups: list[Group], acting: set[tuple[int, int]], now: dt.datetime
) -> list[Desk]:
    if not groups:
        return []
    from renkei.projects.choices import ProjectStatus
    from renkei.projects.models import WorkPackage

    by_id = {g.pk: g for g in groups}
    companies = {c for _g, c in acting}
    referrals: dict[int, list[Item]] = defaultdict(list)
    waiting = (
        referrals_waiting_for(acting)
        .select_related("inquiry__group", "company")
        .order_by("created_at", "pk")
    )
    for referral in waiting:
        group_id = referral.inquiry.group_id
        group = by_id[group_id]
        referrals[group_id].append(
            Item(
                label=f"{referral.inquiry.reference} {referral.inquiry.title}",
                url=reverse("inquiries:referral", args=[group.slug, referral.pk]),
                note=_("for %(company)s") % {"company": referral.company.name},
            )
        )
    today = timezone.localdate(now)
    packages: dict[int, list[Item]] = defaultdict(list)
    due = (
        WorkPackage.objects.active()
        .filter(
            group_id__in=list(by_id),
            company_id__in=companies,
            due_on__lte=today + WEEK,
            project__status=ProjectStatus.ACTIVE,
        )
        .select_related("project")
        .order_by("due_on", "pk")
    )
    for p in due:
        if (p.group_id, p.company_id) not in acting or p.due_on is None:
            continue
        group = by_id[p.group_id]
        late = p.due_on < today or p.delayed
        packages[group.pk].append(
            Item(
                label=f"{p.project.title} — {p.name}",
                url=reverse("projects:package", args=[group.slug, p.pk]),
                note=(_("late") + " · " if late else "")
                + _("due %(date)s") % {"date": p.due_on.strftime("%m/%d")},
                urgent=late,
            )
        )
    return [
        Desk(
            group,
            [
                Section(
                    _("Inquiries waiting for your answer"),
                    referrals[group.pk],
                    reverse("inquiries:work", args=[group.slug]),
                ),
                Section(
                    _("Work due this week"),
                    packages[group.pk],
                    reverse("projects:board", args=[group.slug]),
                ),
            ],
        )
        for group in groups
    ]


def _unread_notices(user: Any) -> Section:
    from renkei.notices.models import Notice, NoticeKind

    # The customers' messages have their own list under each group, above.
    unread = Notice.objects.for_user(user).unread().exclude(kind=NoticeKind.CUSTOMER_MESSAGE)
    items = [
        Item(label=f"{n.get_kind_display()}: {n.text}", url=n.link) for n in unread[:NOTICES_SHOWN]
    ]
    total = len(items) if len(items) < NOTICES_SHOWN else unread.count()
    return Section(_("Unread notices"), items, reverse("notices:list"), total)


NOTICES_SHOWN = 10
