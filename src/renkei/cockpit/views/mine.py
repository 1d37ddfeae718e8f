"""The nav's way into the cockpit: the groups this person has a role in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from renkei.orgs.models import Group, GroupRole


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    mine = GroupRole.objects.filter(user_id=request.user.pk or 0).values("group_id")
    groups = list(Group.objects.filter(pk__in=mine).order_by("name"))
    if len(groups) == 1:
        return redirect("cockpit:home", slug=groups[0].slug)
    return render(request, "cockpit/mine.html", {"groups": groups})
