"""Statements to members (仕入明細書) and the payouts that pay them.

A member's people see their own company's statements (``access.statements_for``), only its
admins answer them; the books (coordinators, accountants) see all of them by month, issue a
month's statements after a confirm step, and make the 総合振込 file. Another group's ids 404.
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renkei.orgs.models import Group
from renkei.settlement.access import (
    books_group_or_404,
    can_see_books,
    money_group_or_404,
    statements_for,
)
from renkei.settlement.choices import PayoutState
from renkei.settlement.models import Statement, TransferFile
from renkei.settlement.services import payouts
from renkei.settlement.services import statements as service
from renkei.settlement.views.files import document_file


class MonthForm(forms.Form):
    month = forms.DateField(
        label=gettext_lazy("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": gettext_lazy("Choose a month, e.g. 2026-04.")},
    )

    def clean_month(self) -> dt.date:
        month: dt.date = self.cleaned_data["month"].replace(day=1)
        if month > timezone.localdate().replace(day=1):
            raise ValidationError(_("Statements are issued for this month or a past one."))
        return month


class DisputeForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("What is wrong"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Please write what is wrong with the statement.")},
    )


class TransferForm(forms.Form):
    transfer_on = forms.DateField(
        label=gettext_lazy("Transfer date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Enter a date, e.g. 2026-05-29.")},
    )


def _statement_or_404(request: HttpRequest, slug: str, pk: int) -> Statement:
    group = money_group_or_404(request, slug)
    return get_object_or_404(
        statements_for(request.user, group).select_related(
            "group", "company", "document", "fee_invoice", "answered_by"
        ),
        pk=pk,
    )


@login_required
def statement_list(request: HttpRequest, slug: str) -> HttpResponse:
    group = money_group_or_404(request, slug)
    books = can_see_books(request.user, group)
    statements = list(
        statements_for(request.user, group)
        .select_related("company", "document")
        .order_by("-month", "company__kana", "company__name")
    )
    return render(
        request,
        "settlement/statements/list.html",
        {
            "group": group,
            "books": books,
            "months": service.statements_by_month(statements),
            "this_month": timezone.localdate().replace(day=1),
        },
    )


@login_required
def issue(request: HttpRequest, slug: str) -> HttpResponse:
    """The confirm step: the month chosen, how many members get a statement; then issue."""
    group = books_group_or_404(request, slug)
    data = request.POST if request.method == "POST" else request.GET
    if "month" not in data:
        data = {"month": timezone.localdate().strftime("%Y-%m")}  # type: ignore[assignment]
    form = MonthForm(data)
    pending = 0
    if form.is_valid():
        month = form.cleaned_data["month"]
        if request.method == "POST" and request.POST.get("confirm") == "1":
            made = service.issue_statements(actor=request.user, group=group, month=month)
            if made:
                messages.success(
                    request,
                    _("%(count)d statements were issued for %(month)s.")
                    % {"count": len(made), "month": f"{month:%Y-%m}"},
                )
            else:
                messages.info(request, _("Every member already has its statement for this month."))
            return redirect("settlement:statements", slug=group.slug)
        pending = service.pending_members(group, month)
    return render(
        request,
        "settlement/statements/issue.html",
        {"group": group, "form": form, "pending": pending},
        status=400 if form.errors else 200,
    )


@login_required
def statement_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    statement = _statement_or_404(request, slug, pk)
    return render(
        request,
        "settlement/statements/detail.html",
        {
            "group": statement.group,
            "statement": statement,
            "document": statement.document,
            "can_answer": service.can_answer(request.user, statement),
            "books": can_see_books(request.user, statement.group),
            "dispute_form": DisputeForm(),
        },
    )


@login_required
@require_POST
def confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    statement = _statement_or_404(request, slug, pk)
    try:
        service.confirm_statement(actor=request.user, statement=statement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you. The statement is confirmed."))
    return redirect("settlement:statement", slug=slug, pk=statement.pk)


@login_required
@require_POST
def dispute(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    statement = _statement_or_404(request, slug, pk)
    form = DisputeForm(request.POST)
    if not service.can_answer(request.user, statement):
        raise PermissionDenied
    if form.is_valid():
        try:
            service.dispute_statement(
                actor=request.user, statement=statement, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The coordinator has been told what is wrong."))
            return redirect("settlement:statement", slug=slug, pk=statement.pk)
    context = {
        "group": statement.group,
        "statement": statement,
        "document": statement.document,
        "can_answer": True,
        "books": can_see_books(request.user, statement.group),
        "dispute_form": form,
    }
    return render(request, "settlement/statements/detail.html", context, status=400)


@login_required
def statement_pdf(request: HttpRequest, slug: str, pk: int, which: str) -> FileResponse:
    statement = _statement_or_404(request, slug, pk)
    document = statement.document if which == "statement" else statement.fee_invoice
    if document is None:
        raise Http404
    return document_file(request, document)


# --- payouts ---------------------------------------------------------------------------------


def _payout_page(
    request: HttpRequest, group: Group, form: TransferForm, status: int = 200
) -> HttpResponse:
    transfers = TransferFile.objects.filter(group=group).prefetch_related("statements__company")
    return render(
        request,
        "settlement/statements/payouts.html",
        {
            "group": group,
            "payable": list(payouts.payable_statements(group)),
            "transfers": [(t, _paid(t)) for t in transfers],
            "form": form,
        },
        status=status,
    )


def _paid(transfer: TransferFile) -> bool:
    states = {s.payout_state for s in transfer.statements.all()}
    return bool(states) and states == {PayoutState.PAID}


@login_required
def payout_list(request: HttpRequest, slug: str) -> HttpResponse:
    group = books_group_or_404(request, slug)
    form = TransferForm(initial={"transfer_on": timezone.localdate()})
    return _payout_page(request, group, form)


@login_required
@require_POST
def make_file(request: HttpRequest, slug: str) -> HttpResponse:
    group = books_group_or_404(request, slug)
    form = TransferForm(request.POST)
    ids = [int(v) for v in request.POST.getlist("statement") if v.isdigit()]
    if not form.is_valid():
        return _payout_page(request, group, form, status=400)
    chosen = list(Statement.objects.filter(group=group, pk__in=ids))
    try:
        transfer = payouts.make_transfer_file(
            actor=request.user,
            group=group,
            transfer_on=form.cleaned_data["transfer_on"],
            statements=chosen,
        )
    except ValidationError as error:
        form.add_error(None, " ".join(error.messages))
        return _payout_page(request, group, form, status=400)
    messages.success(
        request,
        _("The transfer file is made: %(count)d transfers, ¥%(total)s. Download it below.")
        % {"count": transfer.count, "total": f"{transfer.total_yen:,}"},
    )
    return redirect("settlement:payouts", slug=group.slug)


@login_required
def download_file(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = books_group_or_404(request, slug)
    transfer = get_object_or_404(TransferFile.objects.filter(group=group), pk=pk)
    payouts.record_transfer_download(actor=request.user, transfer=transfer)
    response = HttpResponse(payouts.transfer_bytes(transfer), content_type="text/plain")
    response["Content-Disposition"] = (
        f'attachment; filename="sogo-furikomi-{transfer.transfer_on:%Y%m%d}-{transfer.pk}.txt"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def paid(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = books_group_or_404(request, slug)
    transfer = get_object_or_404(TransferFile.objects.filter(group=group), pk=pk)
    payouts.mark_paid(actor=request.user, transfer=transfer)
    messages.success(request, _("The statements of this file are marked paid."))
    return redirect("settlement:payouts", slug=group.slug)


urlpatterns: list[URLPattern] = [
    path("g/<slug:slug>/money/statements/", statement_list, name="statements"),
    path("g/<slug:slug>/money/statements/issue/", issue, name="statements_issue"),
    path("g/<slug:slug>/money/statements/<int:pk>/", statement_detail, name="statement"),
    path("g/<slug:slug>/money/statements/<int:pk>/confirm", confirm, name="statement_confirm"),
    path("g/<slug:slug>/money/statements/<int:pk>/dispute", dispute, name="statement_dispute"),
    path(
        "g/<slug:slug>/money/statements/<int:pk>/<str:which>.pdf",
        statement_pdf,
        name="statement_pdf",
    ),
    path("g/<slug:slug>/money/payouts/", payout_list, name="payouts"),
    path("g/<slug:slug>/money/payouts/file", make_file, name="payout_make"),
    path("g/<slug:slug>/money/payouts/<int:pk>/download", download_file, name="payout_download"),
    path("g/<slug:slug>/money/payouts/<int:pk>/paid", paid, name="payout_paid"),
]
