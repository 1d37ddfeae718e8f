"""The member's side of the window: inquiries passed to my company, and my answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from renkei.capabilities.models import Material
from renkei.core.audit import audit
from renkei.inquiries import comments, deciders, referrals
from renkei.inquiries.forms import AnswerForm
from renkei.inquiries.models import Answer, Drawing, Referral
from renkei.inquiries.offer_forms import offer_formset, offers_sent
from renkei.inquiries.offers import saved_offers
from renkei.inquiries.thread import new_comment_form
from renkei.orgs import nda
from renkei.orgs.models import Group
from renkei.orgs.permissions import member_group_or_404


def _referral_or_404(request: HttpRequest, slug: str, pk: int) -> tuple[Group, Referral]:
    """A referral to one of the companies this person answers for, in this group; else 404."""
    group = member_group_or_404(request, slug)
    mine = referrals.companies_acting_for(request.user, group)
    referral = get_object_or_404(
        Referral.objects.select_related("inquiry", "company").filter(
            inquiry__group=group, company_id__in=mine
        ),
        pk=pk,
    )
    return group, referral


def _drawings_open(group: Group, item: Referral) -> bool:
    return not item.inquiry.nda_required or nda.has_accepted(group, item.company_id)


@login_required
def my_inquiries(request: HttpRequest, slug: str) -> HttpResponse:
    group = member_group_or_404(request, slug)
    mine = referrals.companies_acting_for(request.user, group)
    items = (
        Referral.objects.filter(inquiry__group=group, company_id__in=mine)
        .select_related("inquiry", "company", "answer")
        .order_by("-created_at")
    )
    return render(
        request,
        "inquiries/work_list.html",
        {
            "group": group,
            "referrals": items,
            # The ways in to the decisions this person may take part in (deciders).
            "leads": bool(deciders.leading_companies(request.user, group)),
            "hands": deciders.may_see_hands(request.user, group),
            "meeting": deciders.may_hold_meeting(request.user, group),
        },
    )


@login_required
def referral(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group, item = _referral_or_404(request, slug, pk)
    current = Answer.objects.filter(referral=item).first()
    form = AnswerForm(request.POST or None, instance=current)
    saved = saved_offers(current)
    posted = request.method == "POST" and offers_sent(request.POST)
    offers = offer_formset(request.POST if posted else None, saved=saved)
    if request.method == "POST" and form.is_valid() and (not posted or offers.is_valid()):
        try:
            referrals.answer(
                actor=request.user,
                referral=item,
                offers=offers.offers() if posted else None,
                **form.cleaned_data,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("Thank you: the coordinator has your answer."))
            return redirect("inquiries:referral", slug=group.slug, pk=item.pk)
    failed = bool(form.errors) or (posted and not offers.is_valid())
    inquiry = item.inquiry
    drawings_open = _drawings_open(group, item)
    return render(
        request,
        "inquiries/work_detail.html",
        {
            "group": group,
            "referral": item,
            "inquiry": inquiry,
            "lines": inquiry.lines.prefetch_related("line_steps__process"),
            "drawings": inquiry.drawings.all() if drawings_open else [],
            "nda_withheld": not drawings_open,
            "form": form,
            "offers": offers,
            "material_names": Material.objects.values_list("symbol", flat=True),
            "comment_thread": comments.thread(inquiry),
            "comment_form": new_comment_form(),
        },
        status=400 if failed else 200,
    )


@login_required
def referral_drawing(request: HttpRequest, slug: str, pk: int, drawing_id: int) -> FileResponse:
    """A drawing of an inquiry passed to the member; drawings sent under an NDA only once the
    member company accepted the group's current NDA. Every download is recorded."""
    group, item = _referral_or_404(request, slug, pk)
    if not _drawings_open(group, item):
        raise Http404
    drawing = get_object_or_404(Drawing.objects.filter(inquiry=item.inquiry), pk=drawing_id)
    audit(
        "drawing.download",
        actor=request.user,
        obj=drawing,
        group=group,
        summary=f"{item.inquiry.reference} {drawing.original_name} ({item.company.name})",
    )
    response = FileResponse(
        drawing.file.open("rb"), as_attachment=True, filename=drawing.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
