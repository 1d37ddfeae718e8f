"""The coordinator's board: inquiries by status with the reply clock, one inquiry, its drawings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renkei.core.audit import audit
from renkei.directory.search import member_companies
from renkei.inquiries import comments, referrals
from renkei.inquiries.boundary import decline_text
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.forms import MessageForm
from renkei.inquiries.matching import match_inquiry
from renkei.inquiries.models import Drawing, Inquiry, Message, Quote, Referral
from renkei.inquiries.notices import inquiry_link, with_unread_customer_messages
from renkei.inquiries.offers import comparison
from renkei.inquiries.services import calendar_of
from renkei.inquiries.thread import new_comment_form
from renkei.notices.services import mark_read_about
from renkei.orgs.permissions import coordinator_group_or_404

# What the coordinator does next with an inquiry, by its status: on a phone's card it is the
# line that says why to open it. A won, lost or declined inquiry waits for nothing here.
NEXT_ACTIONS = {
    InquiryStatus.NEW: gettext_lazy("Pass it to the members"),
    InquiryStatus.REVIEWING: gettext_lazy("Wait for the members' answers"),
    InquiryStatus.ANSWERED: gettext_lazy("Compose the quote"),
    InquiryStatus.QUOTED: gettext_lazy("Wait for the customer's decision"),
}


def next_action(inquiry: Inquiry, unread: bool) -> str:
    """The coordinator's next step with ``inquiry``: an unread message from the customer comes
    first, whatever the status."""
    if unread:
        return _("Read the customer's message")
    return str(NEXT_ACTIONS.get(InquiryStatus(inquiry.status), ""))


@login_required
def board(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    status = request.GET.get("status", "")
    inquiries = Inquiry.objects.for_group(group).annotate(drawing_count=Count("drawings"))
    if status in InquiryStatus.values:
        inquiries = inquiries.filter(status=status)
    counts = dict(
        Inquiry.objects.for_group(group)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    now = timezone.now()
    calendar = calendar_of(group)
    shown = list(inquiries[:200])
    unread = with_unread_customer_messages(request.user, group, shown)
    rows = []
    for inquiry in shown:
        clock = None
        if inquiry.reply_due_at and not inquiry.first_reply_at:
            promised = float(group.reply_promise_hours)
            used = calendar.fraction_used(inquiry.received_at, now, promised)
            left = max(0.0, promised * 3600 * (1 - used))
            clock = {
                "used": used,
                "left_minutes": int(left // 60),
                "late": used >= 1,
                "warn": used >= 0.75,
            }
        rows.append(
            (inquiry, clock, inquiry.pk in unread, next_action(inquiry, inquiry.pk in unread))
        )
    return render(
        request,
        "inquiries/board.html",
        {
            "group": group,
            "rows": rows,
            "status": status,
            "statuses": [(v, label, counts.get(v, 0)) for v, label in InquiryStatus.choices],
        },
    )


@login_required
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    inquiry = get_object_or_404(Inquiry.objects.for_group(group), pk=pk)
    # Opened: the customer's messages and whatever else this person's notices said about it are
    # read, and the board no longer marks it for them.
    mark_read_about(user=request.user, link=inquiry_link(inquiry))
    return render(
        request,
        "inquiries/detail.html",
        {
            "group": group,
            "inquiry": inquiry,
            "drawings": inquiry.drawings.all(),
            "matches": match_inquiry(inquiry),
            "quotes": Quote.objects.filter(inquiry=inquiry),
            "offer_rows": comparison(inquiry),
            "thread": Message.objects.filter(inquiry=inquiry).select_related("author"),
            "message_form": MessageForm(),
            "decline_form": MessageForm(initial={"body": decline_text()}),
            "outside": [v for v in inquiry.screening if not v.get("ok")],
            "referrals": Referral.objects.filter(inquiry=inquiry).select_related(
                "company", "answer"
            ),
            "comment_thread": comments.thread(inquiry),
            "comment_form": new_comment_form(),
        },
    )


@login_required
def drawing_file(request: HttpRequest, slug: str, pk: int, drawing_id: int) -> FileResponse:
    """A customer's drawing, for the group's coordinators; every download is recorded."""
    group = coordinator_group_or_404(request, slug)
    inquiry = get_object_or_404(Inquiry.objects.for_group(group), pk=pk)
    drawing = get_object_or_404(Drawing.objects.filter(inquiry=inquiry), pk=drawing_id)
    audit(
        "drawing.download",
        actor=request.user,
        obj=drawing,
        group=group,
        summary=f"{inquiry.reference} {drawing.original_name}",
    )
    response = FileResponse(
        drawing.file.open("rb"), as_attachment=True, filename=drawing.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def refer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Passes the inquiry to the members the coordinator ticked (each is mailed once)."""
    group = coordinator_group_or_404(request, slug)
    inquiry = get_object_or_404(Inquiry.objects.for_group(group), pk=pk)
    wanted = [int(v) for v in request.POST.getlist("company") if v.isdigit()]
    companies = list(member_companies(group, include_unlisted=True).filter(pk__in=wanted))
    if not companies:
        messages.error(request, _("Tick at least one member company."))
        return redirect("inquiries:detail", slug=group.slug, pk=inquiry.pk)
    reasons: dict[int, str] = {}
    for match in match_inquiry(inquiry):
        for candidate in match.candidates:
            reasons.setdefault(candidate.company.pk, candidate.summary)
    made = referrals.refer(
        actor=request.user, inquiry=inquiry, companies=companies, reasons=reasons
    )
    done, unreachable = referrals.passed_banner(made)
    messages.success(request, done)
    if unreachable:
        messages.warning(request, unreachable)
    return redirect("inquiries:detail", slug=group.slug, pk=inquiry.pk)
