"""The customer portal: a sign-in link by e-mail, every inquiry of that address, re-orders."""

import itertools
import uuid
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from renkei.core import throttle
from renkei.inquiries import services as window
from renkei.inquiries.choices import customer_status
from renkei.inquiries.models import Inquiry, InquiryLine, Quote
from renkei.portal import services, session
from renkei.portal.forms import LinkRequestForm, ReorderForm
from renkei.settlement.access import CUSTOMER_KINDS
from renkei.settlement.models import IssuedDocument

ADDRESS_SCOPE = "portal_link_address"
EMAIL_SCOPE = "portal_link_email"
# A re-order is an inquiry like one from the window and counts against the same limit.
INQUIRY_SCOPE = "inquiry_address"


def _private(response: HttpResponse) -> HttpResponse:
    # The pages show a customer's inquiries and the sign-in link is a secret in the URL: kept
    # out of search engines, and no path of it sent to other sites.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def portal(request: HttpRequest) -> HttpResponse:
    """Signed in: the customer's inquiries. Otherwise: the form that asks for a link."""
    email = session.signed_in_email(request)
    if email is not None:
        return _private(_inquiry_list(request, email))
    if request.method != "POST":
        return _private(render(request, "portal/request.html", {"form": LinkRequestForm()}))
    verdict = throttle.check(
        ADDRESS_SCOPE, throttle.client_address(request), throttle.rate(ADDRESS_SCOPE)
    )
    if not verdict.allowed:
        return throttle.too_many_page(request, verdict, back=request.path)
    form = LinkRequestForm(request.POST)
    if not form.is_valid():
        return _private(render(request, "portal/request.html", {"form": form}, status=400))
    address = form.cleaned_data["email"]
    # Over the per-address limit, the page looks the same and no mail goes: it neither tells
    # whether the address is known nor lets anyone flood its owner with mail.
    per_email = throttle.check(EMAIL_SCOPE, address, throttle.rate(EMAIL_SCOPE))
    services.request_sign_in(email=address, send=per_email.allowed, language=get_language() or "ja")
    return redirect("portal:sent")


@never_cache
def sent(request: HttpRequest) -> HttpResponse:
    minutes = int(services.LINK_VALID.total_seconds() // 60)
    return _private(render(request, "portal/sent.html", {"minutes": minutes}))


@never_cache
def sign_in(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the mail. Opening it shows a button; only pressing it (a POST) uses the link
    up, since mail programs and scanners open links to check them."""
    if request.method != "POST":
        link = services.usable_link(token)
        status = 200 if link is not None else 410
        return _private(
            render(request, "portal/sign_in.html", {"usable": link is not None}, status=status)
        )
    email = services.use_sign_in_link(token=token)
    if email is None:
        return _private(render(request, "portal/sign_in.html", {"usable": False}, status=410))
    session.sign_in(request, email)
    return redirect("portal:portal")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    email = session.signed_in_email(request)
    if email is not None:
        services.record_sign_out(email=email)
    session.sign_out(request)
    messages.success(request, _("You have signed out of the customer portal."))
    return redirect("portal:portal")


def _inquiry_list(request: HttpRequest, email: str) -> HttpResponse:
    sent_quotes = Quote.objects.filter(sent_at__isnull=False).prefetch_related("lines")
    inquiries = list(
        services.inquiries_of(email)
        .select_related("group", "order")
        .prefetch_related(
            Prefetch("quotes", queryset=sent_quotes, to_attr="sent_quotes"),
            # Each order's invoices, credit notes and 注文請書, as its tracking page lists them.
            Prefetch(
                "order__settlement__documents",
                # The same documents as settlement.access.customer_documents, for every order.
                queryset=IssuedDocument.objects.filter(
                    kind__in=CUSTOMER_KINDS, recipient_company=None
                ).order_by("issued_on", "pk"),
                to_attr="customer_documents",
            ),
        )
        .order_by("group__name", "group_id", "-received_at")
    )
    groups = [
        {"group": group, "inquiries": [_entry(inquiry) for inquiry in entries]}
        for group, entries in itertools.groupby(inquiries, key=lambda i: i.group)
    ]
    return render(request, "portal/list.html", {"email": email, "groups": groups})


def _entry(inquiry: Inquiry) -> dict[str, Any]:
    order = getattr(inquiry, "order", None)
    return {
        "inquiry": inquiry,
        "status_words": customer_status(inquiry.status),
        "quotes": inquiry.sent_quotes,  # type: ignore[attr-defined]
        "order": order,
        "documents": _documents_of(order),
        "can_reorder": bool(inquiry.sent_quotes),  # type: ignore[attr-defined]
    }


def _documents_of(order: Any) -> list[Any]:
    settlement = getattr(order, "settlement", None) if order is not None else None
    return list(getattr(settlement, "customer_documents", []))


def _own_inquiry(request: HttpRequest, pk: int) -> tuple[str, Inquiry]:
    """The signed-in customer's inquiry ``pk``; any other (another address's) is a 404."""
    email = session.signed_in_email(request)
    if email is None:
        raise Http404
    inquiry = get_object_or_404(services.inquiries_of(email).select_related("group"), pk=pk)
    if not services.can_reorder(inquiry):
        raise Http404
    return email, inquiry


def _key(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@never_cache
def again(request: HttpRequest, pk: int) -> HttpResponse:
    """Order again: a confirm page with what will be sent and the quantities to change; sending
    it makes a new inquiry for the same group with the same lines and drawings."""
    if session.signed_in_email(request) is None:
        return redirect("portal:portal")
    email, source = _own_inquiry(request, pk)
    lines = list(InquiryLine.objects.filter(inquiry=source).prefetch_related("line_steps__process"))
    if request.method != "POST":
        form = ReorderForm(lines=lines)
        return _confirm(request, source, form, uuid.uuid4())
    form = ReorderForm(request.POST, lines=lines)
    key = _key(request.POST.get("submission_key"))
    if key is None or not form.is_valid():
        return _confirm(request, source, form, key or uuid.uuid4(), status=400)
    verdict = throttle.check(
        INQUIRY_SCOPE, throttle.client_address(request), throttle.rate(INQUIRY_SCOPE)
    )
    if not verdict.allowed:
        return throttle.too_many_page(request, verdict, group=source.group, back=request.path)
    note = _("Order again of %(ref)s (sent from the customer portal).") % {"ref": source.reference}
    try:
        inquiry, _created = services.reorder_inquiry(
            email=email,
            source=source,
            key=key,
            quantities=form.quantities(),
            note=note,
            language=get_language() or "ja",
        )
    except window.KeyReused:
        # The page was sent before with other quantities (the back button): that was its own
        # inquiry; this one gets a fresh key and is shown again to confirm.
        error = _(
            "This page was already sent with other quantities. Check the quantities and send "
            "it again to order once more."
        )
        return _confirm(request, source, form, uuid.uuid4(), status=409, error=error)
    except services.ReorderFailed as failed:
        return _confirm(request, source, form, key, status=400, error=str(failed))
    return redirect(inquiry.get_tracking_url() + "?received=1")


def _confirm(
    request: HttpRequest,
    source: Inquiry,
    form: ReorderForm,
    key: uuid.UUID,
    *,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    context = {
        "source": source,
        "group": source.group,
        "form": form,
        "submission_key": key,
        "drawings": source.drawings.all(),
        "error": error,
    }
    return _private(render(request, "portal/again.html", context, status=status))
