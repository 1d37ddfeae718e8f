"""The member mix: companies, individuals and supporting organisations per circle and month by
month, with a 企業組合's 組合員 and 特定組合員 (seed l.2009–2011, 3884–3886). Read-only, for the
group's people like the rest of the cockpit."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from renkei.capabilities.mix import member_mix
from renkei.cockpit.views.access import readable_group


@login_required
def mix(request: HttpRequest, slug: str) -> HttpResponse:
    group = readable_group(request, slug)
    figures = member_mix(group, timezone.localdate())
    return render(
        request,
        "cockpit/mix.html",
        {
            "group": group,
            "mix": figures,
            "cooperative": figures.total.union_members or figures.total.specified,
        },
    )
