"""Money in, for the people who keep the group's books (coordinators and accountants): the
payments received, recording one by hand, importing a bank statement, allocating what a
payment has left by hand, and the overdue invoices with their reminders."""

import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renkei.lib import bankcsv
from renkei.orgs.models import Group
from renkei.settlement.access import books_group_or_404
from renkei.settlement.models import BankImport, Payment, PaymentAllocation
from renkei.settlement.services import payments as service
from renkei.settlement.services.payments import MAX_AMOUNT_YEN, Balance

RECENT_PAYMENTS = 100
# A bank statement of a month is a few hundred kB; the import limit of the site caps it.
BANK_FILE_MAX_BYTES = 5 * 2**20


class PaymentForm(forms.Form):
    received_on = forms.DateField(
        label=gettext_lazy("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    amount_yen = forms.IntegerField(
        label=gettext_lazy("Amount (yen)"), min_value=1, max_value=MAX_AMOUNT_YEN
    )
    payer_name = forms.CharField(label=gettext_lazy("Payer"), max_length=150)
    reference = forms.CharField(label=gettext_lazy("Reference"), max_length=100, required=False)
    invoice = forms.TypedChoiceField(
        label=gettext_lazy("For the invoice"), coerce=int, required=False, empty_value=None
    )
    invoice_amount = forms.IntegerField(
        label=gettext_lazy("Amount for the invoice (yen)"),
        min_value=1,
        max_value=MAX_AMOUNT_YEN,
        required=False,
        help_text=gettext_lazy(
            "Leave empty to put as much of the payment against the invoice as it still owes; "
            "the rest stays on the payment as credit."
        ),
    )

    def __init__(self, *args: Any, open_now: list[Balance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["invoice"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("None (keep as credit)"))] + [
            (b.document.pk, f"{b.document.number} · {b.document.counterparty} · ¥{b.open:,}")
            for b in open_now
        ]


class BankFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bank statement (CSV)"),
        help_text=gettext_lazy(
            "The 入出金明細 CSV of your bank (ANSER format), or any CSV with a date, an amount "
            "and a payer column; UTF-8 or Shift_JIS."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = min(BANK_FILE_MAX_BYTES, settings.RENKEI_IMPORT_MAX_BYTES)
        if upload.size and upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB: split it by period.")
                % {"mb": max(1, limit // 2**20)}
            )
        return upload


def _unquoted(value: str) -> str:
    """The library quotes a cell as Python does ('12.5'); the page quotes it in Japanese."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return f"「{value}」"


# The library's messages are English (it has no Django); each is given in the user's language
# here, with the values it names.
_STATEMENT_MESSAGES: list[tuple[re.Pattern[str], Any]] = [
    (
        re.compile(r"^the file is not valid UTF-8 or Shift_JIS"),
        lambda m: _("The file is not UTF-8 or Shift_JIS (cp932) text from this row on."),
    ),
    (re.compile(r"^the file is empty$"), lambda m: _("The file is empty.")),
    (re.compile(r"^the file is not CSV"), lambda m: _("The file is not a CSV file.")),
    (
        re.compile(r"^unknown columns: found (.*); expected", re.S),
        lambda m: (
            _(
                "Unknown columns: %(found)s. A bank statement needs a date, an amount and a payer "
                "column (for example 日付, 入金額 and 振込依頼人), or the header of the ANSER "
                "入出金明細."
            )
            % {"found": m.group(1) or "-"}
        ),
    ),
    (
        re.compile(r"^the file has more than ([\d,]+) rows"),
        lambda m: (
            _("The file has more than %(max)s rows: split it by period.") % {"max": m.group(1)}
        ),
    ),
    (
        re.compile(r"^the file has a header but no transactions"),
        lambda m: _("The file has a header but no transactions."),
    ),
    (
        re.compile(r"^the row has (\d+) cells, the header has (\d+)"),
        lambda m: (
            _("The row has %(cells)s cells; the header has %(columns)s.")
            % {"cells": m.group(1), "columns": m.group(2)}
        ),
    ),
    (
        re.compile(r"^(.*) is not a date", re.S),
        lambda m: (
            _("%(value)s is not a date (for example 2026/04/03, 20260403 or 令和8年4月3日).")
            % {"value": m.group(1)}
        ),
    ),
    (
        re.compile(r"^(.*) is not an amount in whole yen", re.S),
        lambda m: _("%(value)s is not an amount in whole yen.") % {"value": _unquoted(m.group(1))},
    ),
    (re.compile(r"^the row has no amount"), lambda m: _("The row has no amount.")),
    (
        re.compile(r"^(\S+) is negative; only deposits"),
        lambda m: (
            _("%(amount)s is negative: only deposits can be imported.") % {"amount": m.group(1)}
        ),
    ),
    (
        re.compile(r"^a deposit must be more than 0 yen, got (\S+)"),
        lambda m: (
            _("A deposit must be more than 0 yen (the file has %(amount)s).")
            % {"amount": m.group(1)}
        ),
    ),
]


def statement_error_text(error: bankcsv.StatementError, filename: str = "") -> str:
    """The reason a statement was refused, in the user's language, with its row and column."""
    text = error.message
    if filename and text.startswith(f"{filename}: "):
        text = text[len(filename) + 2 :]
    reason = next(
        (make(match) for pattern, make in _STATEMENT_MESSAGES if (match := pattern.match(text))),
        _("The file cannot be read as a bank statement."),
    )
    if error.row is not None and error.column is not None:
        where = _("Row %(row)s, column “%(column)s”") % {"row": error.row, "column": error.column}
    elif error.row is not None:
        where = _("Row %(row)s") % {"row": error.row}
    else:
        return str(reason)
    return f"{where}: {reason}"


def _payments(group: Group) -> list[Payment]:
    found = list(
        Payment.objects.filter(group=group)
        .select_related("bank_import")
        .prefetch_related(
            Prefetch(
                "allocations",
                queryset=PaymentAllocation.objects.select_related("document").order_by("pk"),
            )
        )[:RECENT_PAYMENTS]
    )
    for payment in found:
        allocated = sum(a.amount_yen for a in payment.allocations.all())
        payment.left_yen = payment.amount_yen - allocated  # type: ignore[attr-defined]
    return found


def _allocations(form: PaymentForm, open_now: list[Balance]) -> list[tuple[int, int]]:
    invoice_id = form.cleaned_data.get("invoice")
    if not invoice_id:
        return []
    amount = form.cleaned_data.get("invoice_amount")
    if amount is None:
        balance = next((b for b in open_now if b.document.pk == invoice_id), None)
        amount = min(form.cleaned_data["amount_yen"], balance.open if balance else 0)
    return [(invoice_id, amount)] if amount else []


@login_required
def payments(request: HttpRequest, slug: str) -> HttpResponse:
    group = books_group_or_404(request, slug)
    open_now = service.open_balances(group)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = PaymentForm(
        request.POST if action == "record" else None,
        open_now=open_now,
        initial={"received_on": timezone.localdate()},
    )
    upload = BankFileForm(
        request.POST if action == "import" else None,
        request.FILES if action == "import" else None,
    )
    if action == "record" and form.is_valid():
        try:
            payment = service.record_payment(
                actor=request.user,
                group=group,
                received_on=form.cleaned_data["received_on"],
                amount_yen=form.cleaned_data["amount_yen"],
                payer_name=form.cleaned_data["payer_name"],
                reference=form.cleaned_data["reference"],
                allocations=_allocations(form, open_now),
            )
        except service.PaymentRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _("The payment of ¥%(amount)s is recorded.")
                % {"amount": f"{payment.amount_yen:,}"},
            )
            return redirect("settlement:payments", slug=group.slug)
    elif action == "import" and upload.is_valid():
        file: UploadedFile = upload.cleaned_data["file"]
        name = (file.name or "statement.csv")[:255]
        try:
            result = service.import_bank_statement(
                actor=request.user, group=group, data=file.read(), filename=name
            )
        except bankcsv.StatementError as refused:
            upload.add_error("file", statement_error_text(refused, name))
        else:
            if result.duplicate:
                messages.info(
                    request,
                    _("This file was already imported; nothing was imported again."),
                )
            else:
                messages.success(
                    request,
                    _("%(rows)s payments imported, %(matched)s matched to invoices.")
                    % {"rows": result.bank_import.rows, "matched": result.bank_import.matched},
                )
            return redirect("settlement:bank_import", slug=group.slug, pk=result.bank_import.pk)
    context = {
        "group": group,
        "form": form,
        "upload": upload,
        "open_balances": open_now,
        "payments": _payments(group),
        "imports": BankImport.objects.filter(group=group)[:10],
    }
    status = 400 if (form.errors or upload.errors) else 200
    return render(request, "settlement/payments/list.html", context, status=status)


@login_required
def bank_import(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """What one import made: each row, the invoice it was put against, and what is left."""
    group = books_group_or_404(request, slug)
    found = get_object_or_404(BankImport.objects.filter(group=group), pk=pk)
    rows = list(
        found.payments.order_by("row_number", "pk").prefetch_related(
            Prefetch(
                "allocations",
                queryset=PaymentAllocation.objects.select_related("document").order_by("pk"),
            )
        )
    )
    documents = {a.document_id: a.document for p in rows for a in p.allocations.all()}
    states = {b.document.pk: b for b in service.balances(documents.values())}
    for payment in rows:
        allocated = sum(a.amount_yen for a in payment.allocations.all())
        payment.left_yen = payment.amount_yen - allocated  # type: ignore[attr-defined]
        payment.balances = [  # type: ignore[attr-defined]
            (a, states[a.document_id]) for a in payment.allocations.all()
        ]
    context = {"group": group, "bank_import": found, "rows": rows}
    return render(request, "settlement/payments/import.html", context)


@login_required
def allocate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Puts what a payment has left against open invoices by hand."""
    group = books_group_or_404(request, slug)
    payment = get_object_or_404(Payment.objects.filter(group=group), pk=pk)
    open_now = service.open_balances(group)
    errors: list[str] = []
    entered: dict[int, str] = {}
    if request.method == "POST":
        wanted: list[tuple[int, int]] = []
        for balance in open_now:
            raw = request.POST.get(f"amount-{balance.document.pk}", "").strip().replace(",", "")
            entered[balance.document.pk] = raw
            if not raw:
                continue
            if not raw.isascii() or not raw.isdigit() or len(raw) > 13:
                errors.append(
                    _("%(number)s: enter the amount in whole yen.")
                    % {"number": balance.document.number}
                )
                continue
            wanted.append((balance.document.pk, int(raw)))
        if not errors:
            try:
                service.allocate_payment(actor=request.user, payment=payment, allocations=wanted)
            except service.PaymentRefused as refused:
                errors.append(refused.message)
            else:
                messages.success(request, _("The payment is put against the invoices."))
                return redirect("settlement:payments", slug=group.slug)
    rows = [(b, entered.get(b.document.pk, "")) for b in open_now]
    context = {
        "group": group,
        "payment": payment,
        "left_yen": payment.unallocated_yen,
        "rows": rows,
        "errors": errors,
        "allocations": payment.allocations.select_related("document"),
    }
    return render(
        request, "settlement/payments/allocate.html", context, status=400 if errors else 200
    )


@login_required
def overdue(request: HttpRequest, slug: str) -> HttpResponse:
    group = books_group_or_404(request, slug)
    found = service.overdue(group)
    context = {"group": group, "balances": found, "today": timezone.localdate()}
    return render(request, "settlement/payments/overdue.html", context)


@login_required
def remind(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The confirmation step of a reminder mail; the POST sends it."""
    group = books_group_or_404(request, slug)
    invoice = get_object_or_404(service.receivables(group), pk=pk)
    balance = service.balance_of(invoice)
    address, _language = service.reminder_address(invoice)
    error = ""
    if request.method == "POST":
        try:
            service.send_reminder(actor=request.user, invoice=invoice)
        except service.ReminderRefused as refused:
            error = str(refused)
        else:
            messages.success(
                request,
                _("A reminder of %(number)s is on its way to %(address)s.")
                % {"number": invoice.number, "address": address},
            )
            return redirect("settlement:overdue", slug=group.slug)
    context = {
        "group": group,
        "invoice": invoice,
        "balance": balance,
        "address": address,
        "last": service.last_reminder(invoice),
        "next_at": service.reminder_allowed_at(invoice),
        "error": error,
    }
    return render(request, "settlement/payments/remind.html", context, status=400 if error else 200)


urlpatterns: list[URLPattern] = [
    path("g/<slug:slug>/money/payments/", payments, name="payments"),
    path("g/<slug:slug>/money/payments/imports/<int:pk>/", bank_import, name="bank_import"),
    path("g/<slug:slug>/money/payments/<int:pk>/allocate/", allocate, name="allocate"),
    path("g/<slug:slug>/money/overdue/", overdue, name="overdue"),
    path("g/<slug:slug>/money/overdue/<int:pk>/remind/", remind, name="remind"),
]
