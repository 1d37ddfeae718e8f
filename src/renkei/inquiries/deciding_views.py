"""The pages of the ways a group decides who takes a job besides its coordinator: the lead
companies (naming them, and the lead company's desk), the raised hands, the core members'
meeting. Who may open which is decided in renkei.inquiries.deciders only."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renkei.capabilities.models import ProcessCategory
from renkei.directory.search import member_companies
from renkei.inquiries import deciders, deciding
from renkei.inquiries.matching import match_inquiry
from renkei.inquiries.models import Hand, Inquiry, LeadCompany, Meeting, MeetingDecision, Referral
from renkei.orgs.choices import Circle, JobDecision
from renkei.orgs.models import Company, Group, Membership
from renkei.orgs.permissions import coordinator_group_or_404, member_group_or_404

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# --- Lead companies -------------------------------------------------------------------------


class LeadCompanyForm(forms.Form):
    category = forms.ModelChoiceField(
        label=gettext_lazy("field"), queryset=ProcessCategory.objects.all()
    )
    company = forms.ModelChoiceField(
        label=gettext_lazy("lead company"), queryset=Company.objects.none()
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = member_companies(group, include_unlisted=True).order_by("kana", "pk")
        self.fields["company"].queryset = members  # type: ignore[attr-defined]


@login_required
def lead_companies(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator names the lead company of each field."""
    group = coordinator_group_or_404(request, slug)
    form = LeadCompanyForm(request.POST or None, group=group)
    if request.method == "POST":
        if "remove" in request.POST:
            lead = get_object_or_404(
                LeadCompany.objects.filter(group=group), pk=_id(request.POST["remove"])
            )
            deciding.remove_lead_company(actor=request.user, lead=lead)
            messages.success(request, _("The lead company was removed."))
            return redirect("inquiries:lead_companies", slug=group.slug)
        if form.is_valid():
            try:
                deciding.name_lead_company(actor=request.user, group=group, **form.cleaned_data)
            except ValidationError as error:
                form.add_error("company", error)
            else:
                messages.success(request, _("The lead company was named."))
                return redirect("inquiries:lead_companies", slug=group.slug)
    leads = LeadCompany.objects.filter(group=group).select_related("category", "company")
    return render(
        request,
        "inquiries/lead_companies.html",
        {
            "group": group,
            "form": form,
            "leads": leads,
            "active": group.job_decision == JobDecision.LEAD_COMPANY,
        },
        status=400 if form.errors else 200,
    )


def _id(value: str) -> int:
    return int(value) if value.isdigit() else 0


@login_required
def lead_desk(request: HttpRequest, slug: str) -> HttpResponse:
    """The lead company's list: the inquiries of the fields it leads."""
    group = member_group_or_404(request, slug)
    if not deciders.leading_companies(request.user, group):
        raise PermissionDenied
    found = deciders.lead_inquiries(request.user, group).annotate(passed=Count("referrals"))
    return render(
        request,
        "inquiries/lead_desk.html",
        {"group": group, "inquiries": found.order_by("-received_at")[:200]},
    )


@login_required
def lead_inquiry(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One inquiry of the lead company's field: its parts, the members who can do it (the lead
    company among them), whom it went to and their answers, and the way to the quote."""
    group = member_group_or_404(request, slug)
    inquiry = get_object_or_404(Inquiry.objects.for_group(group), pk=pk)
    if not deciders.may_pass_on(request.user, inquiry):
        raise PermissionDenied
    matches = [m for m in match_inquiry(inquiry) if not m.elsewhere]
    ranked = {c.company.pk for m in matches for c in m.candidates}
    return render(
        request,
        "inquiries/lead_inquiry.html",
        {
            "group": group,
            "inquiry": inquiry,
            "lines": inquiry.lines.prefetch_related("line_steps__process"),
            "matches": matches,
            "ranked": bool(ranked),
            # The lead company knows its trade beyond the matching: any member may be chosen.
            "others": member_companies(group, include_unlisted=True)
            .exclude(pk__in=ranked)
            .order_by("kana", "pk"),
            "referrals": Referral.objects.filter(inquiry=inquiry).select_related(
                "company", "answer"
            ),
        },
    )


# --- Raised hands -----------------------------------------------------------------------------


class HandForm(forms.Form):
    company = forms.TypedChoiceField(label=gettext_lazy("company"), coerce=int)
    note = forms.CharField(
        label=gettext_lazy("note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    price_idea_yen = forms.IntegerField(
        label=gettext_lazy("price idea (yen, excl. tax)"),
        min_value=0,
        max_value=10_000_000_000,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )
    confirmed = forms.BooleanField(
        label=gettext_lazy("We can take it on"),
        required=False,
        help_text=gettext_lazy("Leave it unticked to say only that you are interested."),
    )

    def __init__(self, *args: Any, companies: list[Company], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = [(c.pk, c.name) for c in companies]  # type: ignore[attr-defined]
        self.single = companies[0].pk if len(companies) == 1 else None
        if self.single is not None:
            # Acting for one company: nothing to choose, and a post without it means that one.
            self.fields["company"].required = False
            self.fields["company"].initial = self.single
            self.fields["company"].widget = forms.HiddenInput()

    def clean_company(self) -> int:
        value = self.cleaned_data.get("company")
        if value in (None, "") and self.single is not None:
            return self.single
        return int(str(value))


def _hands_group(request: HttpRequest, slug: str) -> Group:
    group = member_group_or_404(request, slug)
    if not deciders.may_see_hands(request.user, group):
        raise PermissionDenied
    return group


@login_required
def hands(request: HttpRequest, slug: str) -> HttpResponse:
    """Every member's list of the new inquiries it may raise its hand for."""
    group = _hands_group(request, slug)
    mine = deciders.hand_companies(request.user, group)
    open_ = [
        i
        for i in deciders.undecided(group)
        .annotate(hand_count=Count("hands"))
        .order_by("-received_at")[:200]
        if deciders.inside_boundary(i)
    ]
    raised = set(
        Hand.objects.filter(inquiry__in=open_, company_id__in=mine).values_list(
            "inquiry_id", flat=True
        )
    )
    return render(
        request,
        "inquiries/hands.html",
        {"group": group, "inquiries": open_, "raised": raised},
    )


@login_required
def hand(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One new inquiry as a referral shows it (never the customer's contact), and the hand."""
    group = member_group_or_404(request, slug)
    inquiry = get_object_or_404(Inquiry.objects.for_group(group), pk=pk)  # before the 403
    if not deciders.may_see_hands(request.user, group):
        raise PermissionDenied
    if not deciders.inside_boundary(inquiry) and not deciders.is_coordinator(request.user, group):
        raise PermissionDenied
    companies = list(Company.objects.filter(pk__in=deciders.hand_companies(request.user, group)))
    current = Hand.objects.filter(inquiry=inquiry, company__in=companies).first()
    initial: dict[str, Any] = {}
    if current is not None:
        initial = {
            "company": current.company_id,
            "note": current.note,
            "price_idea_yen": current.price_idea_yen,
            "confirmed": current.confirmed,
        }
    form = HandForm(request.POST or None, companies=companies, initial=initial)
    if request.method == "POST":
        if not companies:
            raise PermissionDenied
        if form.is_valid():
            company = next(c for c in companies if c.pk == form.cleaned_data["company"])
            try:
                deciding.raise_hand(
                    actor=request.user,
                    inquiry=inquiry,
                    company=company,
                    note=form.cleaned_data["note"],
                    price_idea_yen=form.cleaned_data["price_idea_yen"],
                    confirmed=form.cleaned_data["confirmed"],
                )
            except deciding.Closed as closed:
                messages.error(request, str(closed))
            else:
                messages.success(request, _("Your hand is raised."))
            return redirect("inquiries:hand", slug=group.slug, pk=inquiry.pk)
    all_hands = Hand.objects.filter(inquiry=inquiry).select_related("company")
    return render(
        request,
        "inquiries/hand.html",
        {
            "group": group,
            "inquiry": inquiry,
            "lines": inquiry.lines.prefetch_related("line_steps__process"),
            "form": form if companies else None,
            "hands": all_hands,
            "coordinator": deciders.is_coordinator(request.user, group),
            "open": inquiry.status in deciders.UNDECIDED,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def take_hand(request: HttpRequest, slug: str, pk: int, hand_id: int) -> HttpResponse:
    """The coordinator gives the job to the company of one raised hand."""
    group = coordinator_group_or_404(request, slug)
    chosen = get_object_or_404(
        Hand.objects.select_related("inquiry", "company").filter(inquiry__group=group),
        pk=hand_id,
        inquiry_id=pk,
    )
    if group.job_decision != JobDecision.HANDS:
        raise PermissionDenied
    try:
        deciding.take_hand(actor=request.user, hand=chosen)
    except deciding.Closed as closed:
        messages.error(request, str(closed))
    else:
        messages.success(
            request, _("%(name)s takes the job: it was passed on.") % {"name": chosen.company.name}
        )
    return redirect("inquiries:hand", slug=group.slug, pk=pk)


# --- The core members' meeting ----------------------------------------------------------------

DECLINE = "decline"


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("meeting date"), widget=DATE)
    attendees = forms.ModelMultipleChoiceField(
        label=gettext_lazy("attending members"),
        queryset=Company.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    attendee_note = forms.CharField(
        label=gettext_lazy("other attendees"), max_length=300, required=False
    )

    def __init__(self, *args: Any, group: Group, pending: list[Inquiry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        core = Membership.objects.for_group(group).current().filter(circle=Circle.CORE)
        self.fields["attendees"].queryset = Company.objects.filter(  # type: ignore[attr-defined]
            pk__in=core.values("company_id")
        ).order_by("kana", "pk")
        members = member_companies(group, include_unlisted=True).order_by("kana", "pk")
        choices = [("", _("not decided yet")), (DECLINE, _("decline"))]
        choices += [(str(c.pk), c.name) for c in members]
        self.pending = pending
        for inquiry in pending:
            self.fields[f"decide_{inquiry.pk}"] = forms.ChoiceField(
                label=f"{inquiry.reference} {inquiry.title}", choices=choices, required=False
            )
            self.fields[f"note_{inquiry.pk}"] = forms.CharField(
                label=_("note"), max_length=500, required=False
            )

    def rows(self) -> list[tuple[Inquiry, forms.BoundField, forms.BoundField]]:
        return [(i, self[f"decide_{i.pk}"], self[f"note_{i.pk}"]) for i in self.pending]

    def decisions(self) -> list[deciding.Decision]:
        made = []
        companies = {str(c.pk): c for c in Company.objects.all().filter(pk__in=self._chosen())}
        for inquiry in self.pending:
            value = self.cleaned_data.get(f"decide_{inquiry.pk}") or ""
            if not value:
                continue
            note = self.cleaned_data.get(f"note_{inquiry.pk}") or ""
            made.append(deciding.Decision(inquiry, companies.get(value), note))
        return made

    def _chosen(self) -> list[int]:
        values = [self.cleaned_data.get(f"decide_{i.pk}") or "" for i in self.pending]
        return [int(v) for v in values if v.isdigit()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(f"decide_{i.pk}") for i in self.pending):
            raise ValidationError(_("Decide at least one inquiry."))
        return data


@login_required
def meeting(request: HttpRequest, slug: str) -> HttpResponse:
    """The pending inquiries and the minutes of the meeting that decides them."""
    group = member_group_or_404(request, slug)
    if not deciders.may_hold_meeting(request.user, group):
        raise PermissionDenied
    pending = list(
        deciders.undecided(group)
        .filter(meeting_decision__isnull=True)
        .prefetch_related("lines__line_steps__process")
        .order_by("received_at")[:100]
    )
    form = MeetingForm(
        request.POST or None,
        group=group,
        pending=pending,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            deciding.record_meeting(
                actor=request.user,
                group=group,
                held_on=form.cleaned_data["held_on"],
                attendees=form.cleaned_data["attendees"],
                attendee_note=form.cleaned_data["attendee_note"],
                decisions=form.decisions(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting's decisions were recorded."))
            return redirect("inquiries:meeting", slug=group.slug)
    meetings = (
        Meeting.objects.filter(group=group).prefetch_related("attendees").order_by("-held_on")[:10]
    )
    decisions = MeetingDecision.objects.filter(meeting__in=meetings).select_related(
        "inquiry", "company"
    )
    by_meeting: dict[int, list[MeetingDecision]] = {}
    for decision in decisions:
        by_meeting.setdefault(decision.meeting_id, []).append(decision)
    return render(
        request,
        "inquiries/meeting.html",
        {
            "group": group,
            "form": form,
            "meetings": [(m, by_meeting.get(m.pk, [])) for m in meetings],
            "coordinator": deciders.is_coordinator(request.user, group),
        },
        status=400 if form.errors else 200,
    )
