"""The page where a member admin reads and accepts the group's NDA for their company."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from renkei.orgs import nda
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company, GroupRole
from renkei.orgs.permissions import member_group_or_404

MEMBER_ROLES = (PersonRole.MEMBER_ADMIN, PersonRole.MEMBER_STAFF)


@login_required
def nda_page(request: HttpRequest, slug: str) -> HttpResponse:
    group = member_group_or_404(request, slug)
    user: Any = request.user
    grants = GroupRole.objects.filter(user=user, group=group, role__in=MEMBER_ROLES)
    admin_of = set(grants.filter(role=PersonRole.MEMBER_ADMIN).values_list("company_id", flat=True))
    companies = Company.objects.filter(pk__in=grants.values("company_id")).order_by("kana")
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST":
        wanted = request.POST.get("company", "")
        known = wanted.isascii() and wanted.isdigit()
        company = companies.filter(pk=int(wanted)).first() if known else None
        if company is None or company.pk not in admin_of:
            # Member staff read it; only the company's member admin signs for the company.
            raise PermissionDenied
        if request.POST.get("agree") != "yes":
            messages.error(request, _("Tick the box to confirm you accept the NDA."))
        else:
            try:
                nda.accept_nda(
                    actor=request.user,
                    group=group,
                    company=company,
                    read_sha256=request.POST.get("sha", ""),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("%(company)s accepted the NDA of %(group)s.")
                    % {"company": company.name, "group": group.name},
                )
                if next_url:
                    return redirect(next_url)
                return redirect("orgs:nda", slug=group.slug)
    rows = [(c, nda.has_accepted(group, c), c.pk in admin_of) for c in companies]
    return render(
        request,
        "orgs/nda.html",
        {"group": group, "rows": rows, "next": next_url},
        status=400 if request.method == "POST" else 200,
    )
