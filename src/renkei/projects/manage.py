"""The coordinator's allocation page: renkei proposes who does each open package and why; the
coordinator keeps or changes each line and sends the offers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from renkei.orgs.permissions import coordinator_group_or_404
from renkei.projects.allocation import accept_proposal, propose
from renkei.projects.forms import group_companies


@login_required
def allocate(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    if request.method == "POST" and request.POST.get("action") == "accept":
        picks: dict[int, int] = {}
        for name in request.POST:
            value = request.POST.get(name, "")
            if name.startswith("pkg-") and name[4:].isdigit() and value.isdigit():
                picks[int(name[4:])] = int(value)
        offered = accept_proposal(actor=request.user, group=group, picks=picks)
        messages.success(
            request,
            _("%(n)s packages offered; each company's approver confirms or returns them.")
            % {"n": offered},
        )
        return redirect("projects:board", slug=group.slug)
    lines, cost = propose(group) if request.method == "POST" else ([], 0)
    return render(
        request,
        "projects/allocate.html",
        {
            "group": group,
            "lines": lines,
            "cost": cost,
            "proposed": request.method == "POST",
            "members": group_companies(group).order_by("kana", "name"),
        },
    )
