"""The buyer-view catalogue: a print page and a PDF per language for visitors, the
coordinator's page to print it for an exhibition, and a member's choice to stay out of it."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.catalogue import entries, qr, services
from renkei.catalogue.document import render_catalogue
from renkei.catalogue.models import CatalogueEntry
from renkei.core.pdf import FontMissingError
from renkei.lib import sources
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company, GroupRole, Membership
from renkei.orgs.permissions import coordinator_group_or_404, visible_group_or_404


def _language(request: HttpRequest, default: str | None = None) -> str:
    asked = request.GET.get("lang") or default or translation.get_language() or "ja"
    return "en" if asked.startswith("en") else "ja"


def _source(request: HttpRequest) -> str:
    """The printed source label; a value that is not one (a hand-edited address) prints the
    default instead of being refused: a visitor still gets the catalogue."""
    return sources.clean(request.GET.get("src", "")) or sources.DEFAULT


def page(request: HttpRequest, slug: str) -> HttpResponse:
    """The print page (A4 print styles; readable on a phone as it is)."""
    group = visible_group_or_404(request, slug)
    language = _language(request)
    source = _source(request)
    today = timezone.localdate()
    url = qr.window_url(group, source)
    with translation.override(language):
        listed = entries.members(group, language=language, on=today)
        context = {
            "group": group,
            "members": listed,
            "today": today,
            "source": source,
            "language": language,
            "window_url": url,
            "qr_svg": mark_safe(qr.svg(url, _("QR code of our inquiry window"))),  # noqa: S308 (segno's own markup of a checked address)
            "pdf_url": _pdf_url(group.slug, language, source),
            "other_url": reverse("catalogue:page", args=[group.slug])
            + f"?lang={'ja' if language == 'en' else 'en'}&src={source}",
        }
        return render(request, "catalogue/page.html", context)


def _pdf_url(slug: str, language: str, source: str) -> str:
    name = "catalogue:pdf_en" if language == "en" else "catalogue:pdf"
    return f"{reverse(name, args=[slug])}?src={source}"


def pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The Japanese edition (or ``?lang=en``)."""
    return _pdf(request, slug, _language(request, default="ja"))


def pdf_en(request: HttpRequest, slug: str) -> HttpResponse:
    return _pdf(request, slug, "en")


def _pdf(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    group = visible_group_or_404(request, slug)
    today = timezone.localdate()
    url = qr.window_url(group, _source(request))
    listed = entries.members(group, language=language, on=today)
    try:
        data = render_catalogue(group, listed, language=language, on=today, window_url=url)
    except FontMissingError:
        # The server lacks the font every PDF embeds: say so, and offer the print page.
        with translation.override(language):
            return render(
                request,
                "catalogue/pdf_unavailable.html",
                {"group": group, "page_url": reverse("catalogue:page", args=[group.slug])},
                status=503,
            )
    response = HttpResponse(data, content_type="application/pdf")
    suffix = ".en" if language == "en" else ""
    name = f"catalogue-{group.slug}-{today:%Y%m%d}{suffix}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator prints the catalogue for an exhibition: a label for where it is handed
    out tags its QR code, so the cockpit counts what that exhibition brought."""
    group = coordinator_group_or_404(request, slug)
    label = request.GET.get("label", "")[:100]
    source = sources.from_label(label) if label.strip() else sources.DEFAULT
    problem = bool(label.strip()) and not source
    source = source or sources.DEFAULT
    listed = list(entries.listed_companies(group).values_list("pk", flat=True))
    out = set(
        CatalogueEntry.objects.filter(group=group, listed=False).values_list(
            "company_id", flat=True
        )
    )
    memberships = (
        Membership.objects.for_group(group)
        .current()
        .select_related("company")
        .order_by("company__kana", "company__name")
    )
    rows = [
        {
            "company": m.company,
            "state": "listed"
            if m.company_id in listed
            else "opted_out"
            if m.company_id in out
            else "unlisted",
        }
        for m in memberships
        if m.company.kind == "manufacturer"
    ]
    from renkei.catalogue.counts import per_source

    return render(
        request,
        "catalogue/manage.html",
        {
            "group": group,
            "label": label,
            "source": source,
            "problem": problem,
            "rows": rows,
            "listed_count": len(listed),
            "window_url": qr.window_url(group, source),
            "pdf_ja": _pdf_url(group.slug, "ja", source),
            "pdf_en": _pdf_url(group.slug, "en", source),
            "page_url": reverse("catalogue:page", args=[group.slug]) + f"?src={source}",
            "sources": per_source(group),
        },
    )


@login_required
@require_POST
def listing(request: HttpRequest, slug: str, company_id: int) -> HttpResponse:
    """A member company's admin puts it in or out of the group's catalogue: its own choice."""
    group = visible_group_or_404(request, slug)
    company = get_object_or_404(
        Company,
        pk=company_id,
        memberships__group=group,
        memberships__left_on__isnull=True,
    )
    user: Any = request.user
    admin = GroupRole.objects.filter(
        user=user, group=group, role=PersonRole.MEMBER_ADMIN, company=company
    ).exists()
    if not (admin or user.is_superuser):
        raise Http404
    listed = request.POST.get("listed") == "1"
    services.set_listing(actor=request.user, group=group, company=company, listed=listed)
    if listed:
        messages.success(request, _("Your company is in the group's catalogue."))
    else:
        messages.success(request, _("Your company is left out of the group's catalogue."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect("directory:company_edit", pk=company.pk)
