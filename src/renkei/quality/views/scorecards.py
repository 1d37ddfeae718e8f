"""Member scorecards' pages: a company's own people see its card, the group's coordinators see
every member's. Anyone else — other members, supporters, another group — gets a 404, so that a
scorecard's existence reveals nothing (as the group's private pages do)."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path

from renkei.directory.search import member_companies
from renkei.orgs.models import Company, Group
from renkei.orgs.permissions import visible_group_or_404
from renkei.projects.access import acting_companies, is_coordinator
from renkei.quality.scorecards import MIN_JOBS, WINDOW_DAYS, Scorecard, scorecards


@dataclass
class Row:
    company: Company
    card: Scorecard


def _allowed_companies(request: HttpRequest, group: Group) -> tuple[bool, list[int] | None]:
    """(is a coordinator, the company ids this person may see or None for every member);
    404 for anyone who may see none."""
    if is_coordinator(request.user, group):
        return True, None
    own = acting_companies(request.user, group)
    if not own:
        raise Http404
    return False, own


def _rows(group: Group, companies: list[Company]) -> list[Row]:
    cards = scorecards(group, [c.pk for c in companies])  # one query per figure for them all
    return [Row(company, cards[company.pk]) for company in companies]


def _context(group: Group, **extra: object) -> dict[str, object]:
    return {"group": group, "min_jobs": MIN_JOBS, "months": round(WINDOW_DAYS / 30.5), **extra}


@login_required
def scorecard_list(request: HttpRequest, slug: str) -> HttpResponse:
    group = visible_group_or_404(request, slug)
    coordinator, own = _allowed_companies(request, group)
    members = member_companies(group, include_unlisted=True).filter(kind="manufacturer")
    if own is not None:
        members = members.filter(pk__in=own)
    rows = _rows(group, list(members.order_by("kana", "pk")))
    context = _context(group, rows=rows, coordinator=coordinator)
    return render(request, "quality/scorecards/list.html", context)


@login_required
def scorecard_detail(request: HttpRequest, slug: str, company_id: int) -> HttpResponse:
    group = visible_group_or_404(request, slug)
    coordinator, own = _allowed_companies(request, group)
    if own is not None and company_id not in own:
        raise Http404
    company = get_object_or_404(member_companies(group, include_unlisted=True), pk=company_id)
    (row,) = _rows(group, [company])
    context = _context(group, row=row, coordinator=coordinator)
    return render(request, "quality/scorecards/detail.html", context)


urlpatterns: list[URLPattern] = [
    path("g/<slug:slug>/quality/scorecards/", scorecard_list, name="scorecards"),
    path(
        "g/<slug:slug>/quality/scorecards/<int:company_id>/",
        scorecard_detail,
        name="scorecard",
    ),
]
