"""The 「今日」 page: where a person lands after logging in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from renkei.orgs import today


@login_required
def today_page(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/today.html", {"today": today.gather(request.user)})
