"""Maps: the community circles with their movement over time (seed l.2601–2612), and the
region's portfolio → programs (groups) → projects (seed l.1272–1300)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from renkei.cockpit.forms import CirclePersonForm, OpinionForm
from renkei.cockpit.models import CircleSnapshot
from renkei.cockpit.views.access import is_coordinator, readable_group
from renkei.cockpit.views.circles import (
    CIRCLES,
    OPINIONS_SHOWN,
    circle_choices,
    group_people,
    people_by_circle,
)
from renkei.orgs.choices import Circle, Stage
from renkei.orgs.models import Group, Membership


def _projects(group: Group) -> list[object]:
    from renkei.projects.models import Project

    return list(Project.objects.filter(group=group).order_by("-created_at")[:20])


@login_required
def maps(request: HttpRequest, slug: str) -> HttpResponse:
    group = readable_group(request, slug)
    current: dict[str, int] = dict.fromkeys(Circle.values, 0)
    for circle in Membership.objects.for_group(group).current().values_list("circle", flat=True):
        current[circle] += 1
    snapshots = list(CircleSnapshot.objects.filter(group=group).order_by("-month")[:12])
    # The region's other programs are listed by name and stage only: their data stays theirs.
    programs = [
        {
            "group": each,
            "stage": Stage(each.stage).label,
            "projects": _projects(each) if each.pk == group.pk else None,
        }
        for each in Group.objects.filter(region=group.region).order_by("name")
        if each.is_public or each.pk == group.pk
    ]
    people = people_by_circle(group)
    can_edit = is_coordinator(request, group)
    context = {
        "group": group,
        # The rings count companies and people alike: both make up a circle.
        "circles": [
            (value, label, current[value] + len(people.get(value, [])))
            for value, label, _d in CIRCLES
        ],
        # Each circle with its companies' count, its people and what the seed says it is.
        "circle_rows": [
            {
                "value": value,
                "label": label,
                "description": description,
                "companies": current[value],
                "people": people.get(value, []),
            }
            for value, label, description in CIRCLES
        ],
        "opinions_shown": OPINIONS_SHOWN,
        "can_edit": can_edit,
        "person_form": (
            CirclePersonForm(circles=circle_choices(), people=group_people(group))
            if can_edit
            else None
        ),
        "opinion_form": OpinionForm() if can_edit else None,
        "snapshots": [
            (s.month, [s.counts.get(value, 0) for value in Circle.values]) for s in snapshots
        ],
        "circle_labels": [label for _v, label, _d in CIRCLES],
        "region": group.region,
        "programs": programs,
    }
    return render(request, "cockpit/maps.html", context)
