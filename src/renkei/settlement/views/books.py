"""The money home page, the 電子帳簿保存法 archive (search, ZIP, a document's history) and the
accounting export."""

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from renkei.orgs.models import Company
from renkei.settlement.access import (
    admin_companies,
    books_group_or_404,
    can_see_books,
    documents_for,
    member_companies,
    money_group_or_404,
)
from renkei.settlement.choices import DocumentKindChoice
from renkei.settlement.services import archive, books
from renkei.settlement.views import files


def _url(name: str, *args: Any) -> str:
    """A link to another area's page, or "" while that page does not exist yet."""
    try:
        return reverse(f"settlement:{name}", args=args)
    except NoReverseMatch:
        return ""


@login_required
def home(request: HttpRequest, slug: str) -> HttpResponse:
    group = money_group_or_404(request, slug)
    keeps_books = can_see_books(request.user, group)
    counts = books.waiting_counts(request.user, group)
    links: list[tuple[str, str, int | None]] = []
    if keeps_books:
        for name, label, count in (
            ("orders", _("Orders"), None),
            ("invoices", _("Invoices"), counts.get("open_invoices")),
            ("payments", _("Payments"), None),
            ("overdue", _("Overdue invoices"), counts.get("overdue")),
            ("statements", _("Statements to members"), counts.get("statements_waiting")),
            ("payouts", _("Payouts"), counts.get("to_pay")),
            ("trades", _("Trade between members"), None),
            ("archive", _("Document archive"), None),
            ("export", _("Accounting export"), None),
            ("distribution", _("Year-end distribution"), None),
            ("terms", _("Settlement terms"), None),
        ):
            url = _url(name, group.slug)
            if url:
                links.append((url, label, count))
    member_links: list[tuple[str, str, int | None]] = []
    companies = Company.objects.filter(pk__in=member_companies(request.user, group))
    if companies:
        for name, label, count in (
            ("orders", _("My orders and purchase orders"), counts.get("purchase_orders")),
            ("statements", _("My statements"), counts.get("my_statements")),
            ("payouts", _("My payouts"), None),
            ("trades", _("Trade between members"), counts.get("trades")),
            ("archive", _("My documents"), None),
        ):
            url = _url(name, group.slug)
            if url and not (
                keeps_books and name in {"orders", "statements", "payouts", "trades", "archive"}
            ):
                member_links.append((url, label, count))
    billing = [
        (company, _url("billing", group.slug, company.pk))
        for company in companies
        if company.pk in admin_companies(request.user, group)
    ]
    context = {
        "group": group,
        "keeps_books": keeps_books,
        "links": links,
        "member_links": member_links,
        "billing": billing,
        "counts": counts,
    }
    return render(request, "settlement/books/home.html", context)


def _search(
    request: HttpRequest, slug: str
) -> tuple[Any, archive.ArchiveQuery | None, dict[str, str]]:
    group = money_group_or_404(request, slug)
    try:
        query = archive.parse_query(request.GET)
    except ValidationError as error:
        messages = {field: " ".join(errs) for field, errs in error.message_dict.items()}
        return group, None, messages
    return group, query, {}


@login_required
def archive_page(request: HttpRequest, slug: str) -> HttpResponse:
    group, query, errors = _search(request, slug)
    page = None
    download = ""
    if query is not None:
        results = archive.with_events(archive.search(request.user, group, query))
        page = Paginator(results, archive.PAGE_SIZE).get_page(request.GET.get("page"))
        download = (
            reverse("settlement:archive_zip", args=[group.slug])
            + "?"
            + urlencode(query.as_params(), doseq=True)
        )
    params = {k: v for k, v in request.GET.lists() if k != "page"}
    context = {
        "group": group,
        "query": query,
        "errors": errors,
        "page": page,
        "download": download,
        "kinds": DocumentKindChoice.choices,
        "chosen_kinds": request.GET.getlist("kind"),
        "values": request.GET,
        "page_query": urlencode(params, doseq=True),
        "member_only": not can_see_books(request.user, group),
    }
    return render(request, "settlement/books/archive.html", context, status=400 if errors else 200)


@login_required
def archive_zip(request: HttpRequest, slug: str) -> HttpResponseBase:
    group, query, errors = _search(request, slug)
    if query is None:
        context = {"group": group, "message": " ".join(errors.values())}
        return render(request, "settlement/books/refused.html", context, status=400)
    results = archive.search(request.user, group, query)
    count = results.count()
    refused = archive.too_many(count)
    if refused:
        return render(
            request,
            "settlement/books/refused.html",
            {"group": group, "message": refused},
            status=400,
        )
    archive.record_download(actor=request.user, group=group, query=query, count=count)
    documents = list(archive.with_events(results))
    response = StreamingHttpResponse(archive.zip_chunks(documents), content_type="application/zip")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="archive-{group.slug}-{stamp}.zip"'
    return response


def _document(request: HttpRequest, slug: str, pk: int) -> tuple[Any, Any]:
    group = money_group_or_404(request, slug)
    document = get_object_or_404(documents_for(request.user, group), pk=pk)
    return group, document


@login_required
def history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group, document = _document(request, slug, pk)
    context = {
        "group": group,
        "document": document,
        "events": archive.history(document),
        "corrections": list(document.corrections.order_by("issued_on", "pk")),
        "member_only": not can_see_books(request.user, group),
    }
    return render(request, "settlement/books/history.html", context)


@login_required
@require_safe
def archived_file(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponseBase:
    if fmt not in ("pdf", "xml"):
        raise Http404
    _group, document = _document(request, slug, pk)
    return files.document_file(request, document, fmt, note="archive")


@login_required
def export(request: HttpRequest, slug: str) -> HttpResponse:
    group = books_group_or_404(request, slug)
    errors: dict[str, str] = {}
    if request.GET.get("layout"):
        try:
            start, end = books.export_period(request.GET)
        except ValidationError as error:
            errors = {field: " ".join(errs) for field, errs in error.message_dict.items()}
        else:
            layout = "yayoi" if request.GET.get("layout") == "yayoi" else "generic"
            name, data = books.export_journal(
                actor=request.user,
                group=group,
                start=start,
                end=end,
                layout=layout,
                method=str(request.GET.get("tax") or ""),
            )
            charset = "shift_jis" if layout == "yayoi" else "utf-8"
            response = HttpResponse(data, content_type=f"text/csv; charset={charset}")
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    today = timezone.localdate()
    first = today.replace(day=1)
    last_month_end = first - dt.timedelta(days=1)
    context = {
        "group": group,
        "errors": errors,
        "values": request.GET,
        "default_start": last_month_end.replace(day=1).isoformat(),
        "default_end": last_month_end.isoformat(),
    }
    return render(request, "settlement/books/export.html", context, status=400 if errors else 200)


urlpatterns: list[URLPattern] = [
    path("g/<slug:slug>/money/", home, name="home"),
    path("g/<slug:slug>/money/archive/", archive_page, name="archive"),
    path("g/<slug:slug>/money/archive/download.zip", archive_zip, name="archive_zip"),
    path("g/<slug:slug>/money/archive/<int:pk>/", history, name="document_history"),
    path(
        "g/<slug:slug>/money/archive/<int:pk>/file.<str:fmt>",
        archived_file,
        name="archive_file",
    ),
    path("g/<slug:slug>/money/export/", export, name="export"),
]
