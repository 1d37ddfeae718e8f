"""The year-end distribution (the books only): compute and keep it, put it to the members as a
cockpit proposal, record its adoption; the capital ledger and a stock company's shareholders."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renkei.lib import distribution as lib
from renkei.orgs.models import Company
from renkei.orgs.permissions import current_member_ids
from renkei.settlement.access import books_group_or_404
from renkei.settlement.models import Distribution
from renkei.settlement.services import distribution as service
from renkei.settlement.services.issue import fiscal_year_of, settlement_of


class ComputeForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=gettext_lazy("fiscal year"), min_value=2000, max_value=2100
    )
    surplus = forms.CharField(label=gettext_lazy("surplus for the year (yen)"), max_length=20)
    carried_loss = forms.CharField(
        label=gettext_lazy("loss carried from earlier years (yen)"), max_length=20, required=False
    )
    other_reserve = forms.CharField(
        label=gettext_lazy("other reserve (yen)"), max_length=20, required=False
    )
    capital_dividend_percent = forms.CharField(
        label=gettext_lazy("dividend on paid-in capital (% a year)"), max_length=10, required=False
    )
    work_dividend_percent = forms.CharField(
        label=gettext_lazy("share of what is left paid as dividend by work (%)"),
        max_length=10,
        required=False,
    )
    dividend_total = forms.CharField(
        label=gettext_lazy("dividends the shareholders decided (yen, stock company)"),
        max_length=20,
        required=False,
    )


class CapitalForm(forms.Form):
    company = forms.ModelChoiceField(queryset=Company.objects.none(), label=gettext_lazy("member"))
    on = forms.DateField(label=gettext_lazy("date"))
    units = forms.IntegerField(
        label=gettext_lazy("units (口数)"), min_value=-1_000_000, max_value=1_000_000
    )
    paid_in_yen = forms.IntegerField(
        label=gettext_lazy("paid in (yen; a return is negative)"),
        min_value=-service.MAX_YEN,
        max_value=service.MAX_YEN,
    )
    specified = forms.BooleanField(
        label=gettext_lazy("specified member (特定組合員)"), required=False
    )
    note = forms.CharField(label=gettext_lazy("note"), max_length=200, required=False)

    def __init__(self, *args: Any, group: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["company"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Company.objects.filter(pk__in=current_member_ids(group)).order_by("name")


class ShareholderForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("name"), max_length=150)
    shares = forms.IntegerField(label=gettext_lazy("shares"), min_value=1, max_value=10**9)


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    group = books_group_or_404(request, slug)
    terms = settlement_of(group)
    form_of_law = service.legal_form_of(group)
    last_year = fiscal_year_of(timezone.localdate(), terms.fiscal_year_start_month) - 1
    form = ComputeForm(
        request.POST or None,
        initial={
            "fiscal_year": last_year,
            "capital_dividend_percent": terms.capital_dividend_percent,
            "work_dividend_percent": 100,
            "carried_loss": 0,
            "other_reserve": 0,
        },
    )
    computed = None
    problems: list[str] = []
    if request.method == "POST" and form_of_law is not None:
        if form.is_valid():
            data = form.cleaned_data
            try:
                computed = service.compute_distribution(
                    group,
                    data["fiscal_year"],
                    data["surplus"],
                    carried_loss=data["carried_loss"],
                    other_reserve=data["other_reserve"],
                    capital_dividend_percent=data["capital_dividend_percent"],
                    work_dividend_percent=data["work_dividend_percent"],
                    dividend_total=data["dividend_total"],
                )
                if request.POST.get("save"):
                    saved = service.save_distribution(actor=request.user, computed=computed)
                    messages.success(request, _("The distribution is kept."))
                    return redirect("settlement:distribution_detail", slug=group.slug, pk=saved.pk)
            except ValidationError as error:
                problems = _errors(error)
                computed = None
        else:
            problems = [_("Check the figures marked below.")]
    context = {
        "group": group,
        "legal_form": form_of_law,
        "is_company": form_of_law == lib.LegalForm.KABUSHIKI_KAISHA,
        "form": form,
        "computed": computed,
        "result": service.result_data(computed) if computed else None,
        "problems": problems,
        "distributions": service.distributions(group),
        "terms": terms,
    }
    return render(
        request, "settlement/distribution/overview.html", context, status=400 if problems else 200
    )


def _distribution(request: HttpRequest, slug: str, pk: int) -> tuple[Any, Distribution]:
    group = books_group_or_404(request, slug)
    return group, get_object_or_404(
        Distribution.objects.filter(group=group).select_related("proposal"), pk=pk
    )


@login_required
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group, distribution = _distribution(request, slug, pk)
    proposal = distribution.proposal
    context = {
        "group": group,
        "distribution": distribution,
        "proposal": proposal,
        "can_adopt": bool(
            proposal and proposal.outcome == "adopted" and distribution.adopted_at is None
        ),
        "default_deadline": (timezone.localtime() + dt.timedelta(days=14)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
    }
    return render(request, "settlement/distribution/detail.html", context)


@login_required
def download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group, distribution = _distribution(request, slug, pk)
    response = HttpResponse(
        service.distribution_csv(distribution), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="distribution-{group.slug}-FY{distribution.fiscal_year}.csv"'
    )
    return response


@login_required
@require_POST
def propose(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group, distribution = _distribution(request, slug, pk)
    raw = str(request.POST.get("deadline") or "")
    try:
        deadline = dt.datetime.fromisoformat(raw)
    except ValueError:
        messages.error(request, _("Enter the deadline as a date and time."))
        return redirect("settlement:distribution_detail", slug=group.slug, pk=pk)
    if timezone.is_naive(deadline):
        deadline = timezone.make_aware(deadline)
    try:
        service.propose_adoption(
            actor=request.user,
            distribution=distribution,
            deadline=deadline,
            method=str(request.POST.get("method") or "vote"),
        )
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("The distribution is put to the members."))
    return redirect("settlement:distribution_detail", slug=group.slug, pk=pk)


@login_required
@require_POST
def adopt(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group, distribution = _distribution(request, slug, pk)
    try:
        service.record_adoption(actor=request.user, distribution=distribution)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("The adoption is recorded."))
    return redirect("settlement:distribution_detail", slug=group.slug, pk=pk)


@login_required
def ledger(request: HttpRequest, slug: str) -> HttpResponse:
    group = books_group_or_404(request, slug)
    form_of_law = service.legal_form_of(group)
    capital_form = CapitalForm(
        request.POST if request.POST.get("what") == "capital" else None,
        group=group,
        initial={"on": timezone.localdate()},
    )
    holder_form = ShareholderForm(
        request.POST if request.POST.get("what") == "shareholder" else None
    )
    problems: list[str] = []
    if request.method == "POST":
        try:
            if request.POST.get("what") == "capital" and capital_form.is_valid():
                service.record_capital(actor=request.user, group=group, **capital_form.cleaned_data)
                messages.success(request, _("The capital ledger entry is recorded."))
                return redirect("settlement:capital", slug=group.slug)
            if request.POST.get("what") == "shareholder" and holder_form.is_valid():
                service.add_shareholder(actor=request.user, group=group, **holder_form.cleaned_data)
                messages.success(request, _("The shareholder is recorded."))
                return redirect("settlement:capital", slug=group.slug)
            problems = [_("Check the figures marked below.")]
        except ValidationError as error:
            problems = _errors(error)
    entries, rows = service.capital_ledger(group)
    context = {
        "group": group,
        "is_company": form_of_law == lib.LegalForm.KABUSHIKI_KAISHA,
        "capital_form": capital_form,
        "holder_form": holder_form,
        "entries": entries,
        "rows": rows,
        "total_units": sum(r.units for r in rows),
        "total_paid": sum(r.paid_in_yen for r in rows),
        "shareholders": service.shareholders(group),
        "problems": problems,
    }
    return render(
        request, "settlement/distribution/ledger.html", context, status=400 if problems else 200
    )


urlpatterns: list[URLPattern] = [
    path("g/<slug:slug>/money/distribution/", overview, name="distribution"),
    path("g/<slug:slug>/money/distribution/capital/", ledger, name="capital"),
    path("g/<slug:slug>/money/distribution/<int:pk>/", detail, name="distribution_detail"),
    path("g/<slug:slug>/money/distribution/<int:pk>/csv", download, name="distribution_csv"),
    path("g/<slug:slug>/money/distribution/<int:pk>/propose", propose, name="distribution_propose"),
    path("g/<slug:slug>/money/distribution/<int:pk>/adopt", adopt, name="distribution_adopt"),
]
