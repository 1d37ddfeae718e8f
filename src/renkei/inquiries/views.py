"""The public window: send an inquiry with drawings, then follow it on a private page."""

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from renkei.capabilities.models import Material, Process
from renkei.capabilities.taxonomy import MANUFACTURING, processes_for_group
from renkei.core import throttle
from renkei.inquiries import referrals, replies, services, staging
from renkei.inquiries.choices import customer_status
from renkei.inquiries.customer_quote import customer_quote
from renkei.inquiries.forms import HONEYPOT, MAX_LINES, InquiryForm, LineFormSet, MessageForm
from renkei.inquiries.models import Inquiry, Message, Quote
from renkei.inquiries.quoting import quote_response
from renkei.lib import drawingcheck as drawings
from renkei.lib import sources
from renkei.orgs.models import Group
from renkei.orgs.permissions import visible_group_or_404
from renkei.projects.tracking import tracking_progress
from renkei.settlement.views import orders as orders_views

INQUIRY_SCOPE = "inquiry_address"


def _key(value: str | None) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.uuid4()


def window(request: HttpRequest, slug: str) -> HttpResponse:
    """The group's inquiry form. What the customer typed and the drawings that passed the
    checks are kept when the form comes back with an error."""
    group = visible_group_or_404(request, slug)
    if request.method != "POST":
        return _render(request, group, uuid.uuid4(), InquiryForm(), LineFormSet(prefix="lines"))
    key = _key(request.POST.get("submission_key"))
    form, lines = InquiryForm(request.POST), LineFormSet(request.POST, prefix="lines")
    if request.POST.get(HONEYPOT):
        services.refuse_automated(group=group)
        return _render(request, group, key, form, lines, status=400, notice="automated")
    adding_line = "add_line" in request.POST
    if Inquiry.objects.filter(group=group, submission_key=key).exists():
        return _sent_before(request, group, key, form, lines, adding_line)
    uploads = [u for u in request.FILES.getlist("files") if u.name]
    ready = not adding_line and form.is_valid() and lines.is_valid()
    address = throttle.client_address(request)
    if uploads or ready:
        # Only sends that stage or save something count; showing the form and its errors don't.
        verdict = throttle.check(INQUIRY_SCOPE, address, throttle.rate(INQUIRY_SCOPE))
        if not verdict.allowed:
            return throttle.too_many_page(request, verdict, group=group, back=request.path)
    file_errors = _take_drawings(request, group, key, uploads, address)
    if adding_line:
        return _render(request, group, key, form, _one_more_line(request.POST))
    if ready and not file_errors:
        inquiry, created = services.submit_inquiry(
            group=group,
            key=key,
            header=form.cleaned_data,
            lines=_line_data(lines),
            language=get_language() or "ja",
            source=_source(request),
        )
        if not created:
            # Another send under this key was saved between the check above and this one: it
            # is this form's inquiry only if its content is the same.
            return _sent_before(request, group, key, form, lines, adding_line)
        return redirect(inquiry.get_tracking_url() + "?received=1")
    return _render(request, group, key, form, lines, file_errors, status=400)


def _sent_before(
    request: HttpRequest,
    group: Group,
    key: uuid.UUID,
    form: InquiryForm,
    lines: Any,
    adding_line: bool,
) -> HttpResponse:
    """The form's key already made an inquiry. The same form again (a double click, a reload)
    goes to that inquiry's page; a form changed since (the back button, or someone who learnt
    the key) is not that inquiry: it comes back as a fresh form with what was typed, naming
    nothing of the inquiry the key made."""
    if not adding_line and form.is_valid() and lines.is_valid():
        digests = [services.file_digest(u) for u in request.FILES.getlist("files") if u.name]
        try:
            done = services.earlier_inquiry(
                group=group,
                key=key,
                header=form.cleaned_data,
                lines=_line_data(lines),
                digests=digests,
                all_files=False,
            )
        except services.KeyReused:
            done = None
        if done is not None:
            return redirect(done.get_tracking_url() + "?received=1")
    return _render(request, group, uuid.uuid4(), form, lines, status=409, notice="sent_before")


def _line_data(lines: Any) -> list[dict[str, Any]]:
    return [line.cleaned_data for line in lines if line.cleaned_data]


def _take_drawings(
    request: HttpRequest, group: Group, key: uuid.UUID, uploads: list[Any], address: str
) -> list[str]:
    """Stages the uploaded drawings that pass the checks and the quotas; returns a message for
    each refused. What was staged before stays staged."""
    for drawing_id in request.POST.getlist("remove_drawing"):
        if drawing_id.isdigit():
            services.unstage_drawing(group=group, key=key, drawing_id=int(drawing_id))
    staged = services.staged_drawings(group, key)
    if len(staged) + len(uploads) > drawings.MAX_FILES:
        return [
            _("At most %(max)s files can be attached; %(n)s were given.")
            % {"max": drawings.MAX_FILES, "n": len(staged) + len(uploads)}
        ]
    key_bytes = sum(d.size for d in staged)
    address_bytes = staging.staged_bytes_from(address) if uploads else 0
    errors = []
    for upload in uploads:
        name = drawings.display_name(upload.name or "")
        try:
            staging.check_quotas(
                key_bytes=key_bytes, address_bytes=address_bytes, adding=upload.size or 0
            )
            verdict = staging.count_upload(address)
            if not verdict.allowed:
                raise staging.too_many_uploads(verdict)
            drawing = services.stage_drawing(group=group, key=key, upload=upload, address=address)
        except staging.OverQuota as over:
            errors.append(
                _("%(name)s was not attached: %(reason)s") % {"name": name, "reason": over}
            )
        except drawings.DrawingRejected as rejected:
            errors.append(
                _("%(name)s was not attached: %(reason)s")
                % {"name": name, "reason": _reason(rejected)}
            )
        else:
            key_bytes += drawing.size
            address_bytes += drawing.size
    return errors


def _one_more_line(data: QueryDict) -> Any:
    copy = data.copy()
    total = int(copy.get("lines-TOTAL_FORMS", "1") or 1)
    copy["lines-TOTAL_FORMS"] = str(min(total + 1, MAX_LINES))
    lines = LineFormSet(copy, prefix="lines")
    lines._errors = []  # type: ignore[attr-defined]  # show the new line, mark nothing wrong
    return lines


def _render(
    request: HttpRequest,
    group: Group,
    key: uuid.UUID,
    form: InquiryForm,
    lines: Any,
    file_errors: list[str] | None = None,
    status: int = 200,
    notice: str = "",
) -> HttpResponse:
    processes = processes_for_group(group)
    _speak_the_groups_sector(lines, processes)
    context = {
        "notice": notice,
        "honeypot": HONEYPOT,
        "source": _source(request),
        "max_total_mb": settings.RENKEI_STAGED_MB_PER_FORM,
        "group": group,
        "form": form,
        "lines": lines,
        "submission_key": key,
        "staged": services.staged_drawings(group, key),
        "file_errors": file_errors or [],
        "max_files": drawings.MAX_FILES,
        "max_mb": drawings.MAX_FILE_BYTES // 2**20,
        "accept": ",".join(f".{ext}" for ext in sorted(drawings.ALLOWED)),
        "process_names": [p.name_ja for p in processes],
        "material_names": Material.objects.values_list("symbol", flat=True),
    }
    return render(request, "inquiries/window.html", context, status=status)


def _source(request: HttpRequest) -> str:
    """The catalogue or exhibition the customer's link came from (``?src=`` of a QR code), kept
    in a hidden field across the form's round trips; anything but a valid label is dropped."""
    if request.method == "POST":
        return sources.clean(request.POST.get("source", ""))
    return sources.clean(request.GET.get("src", ""))


def _speak_the_groups_sector(lines: Any, processes: list[Process]) -> None:
    """A food or farming group's window gives its own processes as the example, not lathes."""
    first = processes[0].category.sector if processes else None
    if first is None or first.code == MANUFACTURING or len(processes) < 2:
        return
    example = _("e.g. %(first)s → %(second)s") % {
        "first": processes[0].name_ja,
        "second": processes[1].name_ja,
    }
    for line in lines:
        line.fields["process_text"].widget.attrs["placeholder"] = example
        line.hide_part_fields()


@never_cache
def tracking(request: HttpRequest, token: str) -> HttpResponse:
    """The customer's private page. The token is the only key, so the page is kept out of
    caches, search engines and referrers. With ``?order=<revision>`` it is the confirmation
    step before an order: what is ordered, the total with tax and the delivery date."""
    inquiry = get_object_or_404(Inquiry.objects.select_related("group"), tracking_token=token)
    quotes = list(Quote.objects.filter(inquiry=inquiry, sent_at__isnull=False))
    show_fee = inquiry.group.show_fee_to_customers
    ordering = next(
        (q for q in quotes if q.is_open and request.GET.get("order") == str(q.revision)), None
    )
    if ordering is not None:
        response = render(
            request,
            "inquiries/tracking_confirm.html",
            {
                "inquiry": inquiry,
                "group": inquiry.group,
                "quote": ordering,
                "shown": customer_quote(ordering, show_fee=show_fee),
                **orders_views.confirm_context(ordering),
            },
        )
    else:
        thread = list(Message.objects.filter(inquiry=inquiry))
        response = render(
            request,
            "inquiries/tracking.html",
            {
                "inquiry": inquiry,
                "group": inquiry.group,
                "status_words": customer_status(inquiry.status),
                "lines": inquiry.lines.prefetch_related("line_steps__process"),
                "drawings": inquiry.drawings.all(),
                "received": request.GET.get("received") == "1",
                "thread": _timeline(thread, quotes),
                "quotes": [(q, customer_quote(q, show_fee=show_fee)) for q in quotes],
                # Named only once there is quoted work, and only if the group allows it.
                "makers": referrals.makers_for_customer(inquiry) if quotes else [],
                "message_form": MessageForm(),
                "project_progress": tracking_progress(inquiry),
                # The order's money side: its 注文請書, 検収 and invoices (settlement).
                "settlement": orders_views.tracking_settlement(inquiry),
            },
        )
    # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on the page's own
    # forms, which CSRF protection rightly refuses.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _timeline(thread: list[Message], quotes: list[Quote]) -> list[dict[str, Any]]:
    """The messages and, among them, the customer's order as what it is: an event of the
    inquiry, not a message the customer wrote."""
    entries: list[dict[str, Any]] = [
        {"at": m.created_at, "from_customer": m.from_customer, "body": m.body, "event": False}
        for m in thread
    ]
    for quote in quotes:
        if quote.accepted_at is not None:
            body = _("We have received your order (quote revision %(rev)s). Thank you.") % {
                "rev": quote.revision
            }
            entries.append({"at": quote.accepted_at, "body": body, "event": True})
    return sorted(entries, key=lambda entry: entry["at"])


def _reason(rejected: drawings.DrawingRejected) -> str:
    return _(drawings.MESSAGES[rejected.code]) % rejected.params


def _by_token(token: str) -> Inquiry:
    return get_object_or_404(Inquiry.objects.select_related("group"), tracking_token=token)


def _sent_quote(inquiry: Inquiry, revision: object) -> Quote:
    return get_object_or_404(
        Quote.objects.filter(inquiry=inquiry, sent_at__isnull=False), revision=revision
    )


@never_cache
def tracking_quote_pdf(request: HttpRequest, token: str, revision: int) -> HttpResponse:
    return quote_response(_sent_quote(_by_token(token), revision))


@require_POST
def decide(request: HttpRequest, token: str) -> HttpResponse:
    """The customer accepts or declines the quote on the tracking page."""
    inquiry = _by_token(token)
    revision = request.POST.get("revision", "")
    quote = _sent_quote(inquiry, revision if revision.isdigit() else 0)
    try:
        if request.POST.get("decision") == "accept":
            # The confirmation step's PO number, 注文書 and payer name (settlement).
            return orders_views.place_order(request, inquiry, quote)
        else:
            replies.decline_quote(quote=quote, reason=request.POST.get("reason", "")[:2000])
            messages.success(
                request, _("We have noted that you declined. Thank you for asking us.")
            )
    except replies.QuoteClosed as closed:
        messages.error(request, str(closed))
    return redirect(inquiry.get_tracking_url())


@require_POST
def customer_message(request: HttpRequest, token: str) -> HttpResponse:
    inquiry = _by_token(token)
    form = MessageForm(request.POST)
    if form.is_valid():
        replies.post_customer_message(inquiry=inquiry, body=form.cleaned_data["body"])
        messages.success(request, _("Your message was sent to the coordinator."))
    else:
        messages.error(request, _("Write a message first."))
    return redirect(inquiry.get_tracking_url())
