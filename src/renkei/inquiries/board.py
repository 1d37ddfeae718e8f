"""The coordinator's board: inquiries by status with the reply clock, one inquiry, its drawings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renkei.core.audit import audit
from renkei.directory.search import member_companies
from renkei.inquiries import comments, deciders, referrals
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
from renkei.orgs.permissions import coordinator_group_or_404, member_group_or_404

PAGE_SIZE = 50  # rows of the board per page

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
    # Newest first, pk breaking ties: a page must be the same rows each time it is asked.
    # No drawing count in this query: a GROUP BY would make the database sort every inquiry
    # the group ever had before it could take a page; the page's counts are one query below.
    inquiries = Inquiry.objects.for_group(group).order_by("-received_at", "-pk")
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
    # A page of rows, not all of them: the board's time stays flat however many inquiries the
    # group has had (issue 17). get_page answers a bad or too-high number with a real page.
    paginator = Paginator(inquiries, PAGE_SIZE)
    # The counts by status just read are the number of rows: no second COUNT over them.
    paginator.count = (
        counts.get(status, 0) if status in InquiryStatus.values else sum(counts.values())
    )
    page = paginator.get_page(request.GET.get("page"))
    shown = list(page.object_list)
    drawings = dict(
        Drawing.objects.filter(inquiry__in=shown)
        .values_list("inquiry")
        .annotate(n=Count("pk"))
        .values_list("inquiry", "n")
    )
    for inquiry in shown:
        inquiry.group = group  # its reference names the group: no query per row for it
        inquiry.drawing_count = drawings.get(inquiry.pk, 0)
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
            "page": page,
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
    """Passes the inquiry to the members ticked (each is mailed once): by the coordinator, or by
    the lead company of the inquiry's field (deciders.may_pass_on); anyone else of the group 403."""
    group = member_group_or_404(request, slug)
    inquiry = get_object_or_404(Inquiry.objects.for_group(group), pk=pk)
    if not deciders.may_pass_on(request.user, inquiry):
        raise PermissionDenied
    back, back_pk = deciders.inquiry_page(request.user, inquiry)
    wanted = [int(v) for v in request.POST.getlist("company") if v.isdigit()]
    companies = list(member_companies(group, include_unlisted=True).filter(pk__in=wanted))
    left = referrals.former_members(group, set(wanted) - {c.pk for c in companies})
    if not companies and not left:
        messages.error(request, _("Tick at least one member company."))
        return redirect(back, slug=group.slug, pk=back_pk)
    made: list[Referral] = []
    held = list(left)
    if companies:
        reasons: dict[int, str] = {}
        for match in match_inquiry(inquiry):
            for candidate in match.candidates:
                reasons.setdefault(candidate.company.pk, candidate.summary)
        made, blocked = referrals.refer_ticked(
            actor=request.user, inquiry=inquiry, companies=companies, reasons=reasons
        )
        held += blocked
    if not made:
        # Never "passed to 0": say who could not be asked, or that all had it already.
        if held:
            messages.error(request, referrals.not_passed_banner(held))
        else:
            messages.info(request, _("Every member company ticked has this inquiry already."))
        return redirect(back, slug=group.slug, pk=back_pk)
    done, unreachable = referrals.passed_banner(made)
    messages.success(request, done)
    if held:
        messages.warning(request, referrals.held_banner(held))
    if unreachable:
        messages.warning(request, unreachable)
    return redirect(back, slug=group.slug, pk=back_pk)
