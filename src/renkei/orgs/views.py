"""Pages of regions, groups, memberships and invitations."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.capabilities.requirements import missing_certificates
from renkei.orgs import services
from renkei.orgs.choices import MAKER_KINDS, Circle, PersonRole
from renkei.orgs.forms import (
    AcceptInvitationForm,
    GroupSettingsForm,
    InvitationForm,
    MembershipForm,
    NewMemberForm,
)
from renkei.orgs.models import Group, Invitation, Membership, Region
from renkei.orgs.permissions import (
    companies_user_acts_for,
    coordinator_group_or_404,
    has_role,
    is_member_of,
    visible_group_or_404,
)


def home(request: HttpRequest) -> HttpResponse:
    """The start page: 「今日」 for people signed in, the region page for everyone else."""
    if request.user.is_authenticated:
        from renkei.orgs.today_views import today_page

        return today_page(request)
    return regions(request)


def regions(request: HttpRequest) -> HttpResponse:
    """The region page: every group the visitor may see, by region."""
    groups = Group.objects.visible_to(request.user).annotate(
        member_count=Count(
            "memberships",
            filter=Q(memberships__left_on__isnull=True, memberships__company__kind="manufacturer"),
            distinct=True,  # visible_to joins the person's roles: count each membership once
        )
    )
    regions = Region.objects.prefetch_related(
        Prefetch("groups", queryset=groups, to_attr="visible_groups")
    )
    return render(request, "orgs/home.html", {"regions": regions})


def group_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A group's public face: what it does, its members and supporters, how to reach it."""
    group = visible_group_or_404(request, slug)
    insider = is_member_of(request.user, group)
    memberships = Membership.objects.for_group(group).current().select_related("company")
    if not insider:
        memberships = memberships.filter(listed_publicly=True)
    members = [m for m in memberships if m.company.kind in MAKER_KINDS]
    supporters = [m for m in memberships if m.company.kind not in MAKER_KINDS]
    return render(
        request,
        "orgs/group.html",
        {
            "group": group,
            "members": members,
            "supporters": supporters,
            "insider": insider,
            "is_coordinator": has_role(request.user, group, PersonRole.COORDINATOR),
        },
    )


@login_required
def my_company(request: HttpRequest) -> HttpResponse:
    companies = companies_user_acts_for(request.user)
    if len(companies) == 1:
        return redirect("directory:company_edit", pk=companies[0].pk)
    return render(request, "orgs/my_company.html", {"companies": companies})


@login_required
def manage_members(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator's member list: circles, offices, who joined and left."""
    group = coordinator_group_or_404(request, slug)
    show = request.GET.get("show", "current")
    memberships = Membership.objects.for_group(group).select_related("company")
    if show != "all":
        memberships = memberships.current()
    circle_counts = dict(
        Membership.objects.for_group(group)
        .current()
        .values_list("circle")
        .annotate(n=Count("pk"))
        .values_list("circle", "n")
    )
    circles = [(value, label, circle_counts.get(value, 0)) for value, label in Circle.choices]
    listed = list(memberships)
    # The group's every-member certificate rules: who lacks one today is flagged (and fails
    # that gate in matching); capabilities.requirements.
    missing = missing_certificates(group, [m.company for m in listed], timezone.localdate())
    for membership in listed:
        membership.missing_certificates = missing.get(membership.company_id, [])  # type: ignore[attr-defined]
    return render(
        request,
        "orgs/manage_members.html",
        {
            "group": group,
            "memberships": listed,
            "circles": circles,
            "show": show,
            "form": NewMemberForm(),
            "invitations": group.invitations.filter(accepted_at__isnull=True),
            "invite_form": InvitationForm(group=group),
        },
    )


@login_required
@require_POST
def add_member(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    form = NewMemberForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        circle, role = data.pop("circle"), data.pop("role")
        company = services.create_company(actor=request.user, **data)
        services.add_member(
            actor=request.user, group=group, company=company, circle=circle, role=role
        )
        messages.success(request, _("%(name)s joined the group.") % {"name": company.name})
        return redirect("orgs:manage_members", slug=group.slug)
    messages.error(request, _("Please correct the fields marked below."))
    return render(
        request,
        "orgs/manage_members.html",
        {
            "group": group,
            "memberships": Membership.objects.for_group(group).current().select_related("company"),
            "form": form,
            "show": "current",
            "invitations": group.invitations.filter(accepted_at__isnull=True),
            "invite_form": InvitationForm(group=group),
        },
        status=400,
    )


@login_required
def edit_membership(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    membership = get_object_or_404(
        Membership.objects.for_group(group).select_related("company"), pk=pk
    )
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        membership.refresh_from_db()
        services.update_membership(actor=request.user, membership=membership, **fields)
        messages.success(request, _("Saved."))
        return redirect("orgs:manage_members", slug=group.slug)
    return render(
        request,
        "orgs/edit_membership.html",
        {"group": group, "membership": membership, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def group_settings(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    form = GroupSettingsForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        services.update_group(actor=request.user, group=Group.objects.get(pk=group.pk), **fields)
        messages.success(request, _("Saved."))
        return redirect("orgs:group", slug=group.slug)
    return render(
        request,
        "orgs/group_settings.html",
        {"group": group, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    form = InvitationForm(request.POST, group=group)
    if form.is_valid():
        invitation = services.invite_person(
            actor=request.user,
            group=group,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            company=form.cleaned_data["company"],
        )
        messages.success(
            request, _("An invitation is on its way to %(email)s.") % {"email": invitation.email}
        )
    else:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, _("The invitation was not sent: %(errors)s") % {"errors": errors})
    return redirect("orgs:manage_members", slug=group.slug)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.select_related("group", "company").filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        return render(request, "orgs/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST":
        if request.user.is_authenticated:
            services.accept_invitation(invitation=invitation, user=request.user)
            return redirect(invitation.group.get_absolute_url())
        if form.is_valid():
            user = services.accept_invitation(
                invitation=invitation,
                user=None,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to %(group)s.") % {"group": invitation.group})
            return redirect(invitation.group.get_absolute_url())
    return render(
        request,
        "orgs/accept_invitation.html",
        {"invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )
