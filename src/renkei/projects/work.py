"""The members' side: the claiming board, a package's phone page with its big progress buttons,
photos and drawings behind permission checks, and the company's calendar feed."""

import datetime as dt
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.core.audit import audit
from renkei.inquiries.models import Drawing
from renkei.orgs import nda
from renkei.orgs.models import Company, Group
from renkei.orgs.permissions import member_group_or_404
from renkei.projects import claims, progress, services
from renkei.projects.access import (
    acting_companies,
    approving_companies,
    can_report,
    is_coordinator,
)
from renkei.projects.choices import EventKind, PackageState, ProjectStatus
from renkei.projects.forms import PackageForm, group_companies
from renkei.projects.models import CompanyFeed, PackageEvent, WorkPackage

PROGRESS_BUTTONS = [
    EventKind.STARTED, EventKind.STEP_DONE, EventKind.INSPECTED, EventKind.SHIPPED,
]  # fmt: skip
# The words on the buttons, as the floor says them (the glossary's terms, in either language).
TAP_LABELS: dict[str, str] = {
    EventKind.STARTED: "着手", EventKind.STEP_DONE: "工程完了",
    EventKind.INSPECTED: "検査合格", EventKind.SHIPPED: "出荷",
}  # fmt: skip


def _package_or_404(group: Group, pk: int) -> WorkPackage:
    found = WorkPackage.objects.for_group(group).select_related(
        "project", "company", "process", "group", "after__company"
    )
    return get_object_or_404(found, pk=pk)


@login_required
def board(request: HttpRequest, slug: str) -> HttpResponse:
    group = member_group_or_404(request, slug)
    mine = acting_companies(request.user, group)
    packages = (
        WorkPackage.objects.for_group(group)
        .filter(project__status=ProjectStatus.ACTIVE)  # a cancelled or done project's are off
        .select_related("project", "process", "company")
    )
    feeds = [
        services.feed_for(actor=request.user, group=group, company=company)
        for company in Company.objects.filter(pk__in=mine)
    ]
    return render(
        request,
        "projects/board.html",
        {
            "group": group,
            "open": packages.filter(state=PackageState.OPEN).order_by("due_on", "pk"),
            "held": packages.filter(company_id__in=mine)
            .exclude(state=PackageState.OPEN)
            .order_by("due_on", "pk"),
            "companies": Company.objects.filter(pk__in=mine),
            "approver_of": approving_companies(request.user, group),
            "coordinator": is_coordinator(request.user, group),
            "feeds": feeds,
        },
    )


@login_required
def package_detail(
    request: HttpRequest, slug: str, pk: int, form: PackageForm | None = None
) -> HttpResponse:
    group = member_group_or_404(request, slug)
    package = _package_or_404(group, pk)
    mine = acting_companies(request.user, group)
    coordinator = is_coordinator(request.user, group)
    reporting = package.state == PackageState.ASSIGNED and can_report(request.user, package)
    undo = progress.undoable_event(request.user, package) if reporting else None
    return render(
        request,
        "projects/package.html",
        {
            "group": group,
            "package": package,
            "events": package.events.select_related("actor", "company"),
            "coordinator": coordinator,
            "companies": Company.objects.filter(pk__in=mine),
            "approver": package.company_id in approving_companies(request.user, group),
            "mine": package.company_id in mine,
            "reporting": reporting,
            "buttons": PROGRESS_BUTTONS,
            "undo": undo,
            "undo_label": TAP_LABELS.get(undo.kind, "") if undo else "",
            "undo_seconds": progress.seconds_left(undo) if undo else 0,
            "submission_key": uuid.uuid4(),
            "members": group_companies(group) if coordinator else [],
            "drawings": _drawings(group, package, request.user, coordinator),
            "form": form
            or (PackageForm(instance=package, project=package.project) if coordinator else None),
        },
        status=400 if form is not None else 200,
    )


@login_required
@require_POST
def edit_package(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = member_group_or_404(request, slug)
    if not is_coordinator(request.user, group):
        raise Http404
    package = _package_or_404(group, pk)
    form = PackageForm(
        request.POST, instance=WorkPackage.objects.get(pk=package.pk), project=package.project
    )
    if form.is_valid():
        try:
            services.update_package(actor=request.user, package=package, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return _back(package)
    return package_detail(request, slug, pk, form=form)


def _drawings(group: Group, package: WorkPackage, user: object, coordinator: bool) -> list[Drawing]:
    """The drawings this person may open: the coordinator's, or the doing company's once it
    accepted the group's NDA where the inquiry asked for one."""
    if coordinator:
        return list(package.drawings.all())
    if package.company_id is None or package.company_id not in acting_companies(user, group):
        return []
    drawings = list(package.drawings.select_related("inquiry"))
    if any(d.inquiry and d.inquiry.nda_required for d in drawings) and not nda.has_accepted(
        group, package.company_id
    ):
        return []
    return drawings


@login_required
def package_drawing(request: HttpRequest, slug: str, pk: int, drawing_id: int) -> FileResponse:
    group = member_group_or_404(request, slug)
    package = _package_or_404(group, pk)
    allowed = _drawings(group, package, request.user, is_coordinator(request.user, group))
    drawing = next((d for d in allowed if d.pk == drawing_id), None)
    if drawing is None:
        raise Http404
    audit(
        "drawing.download",
        actor=request.user,
        obj=drawing,
        group=group,
        summary=f"{package.name} {drawing.original_name}",
    )
    response = FileResponse(
        drawing.file.open("rb"), as_attachment=True, filename=drawing.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def photo(request: HttpRequest, slug: str, pk: int, event_id: int) -> FileResponse:
    """A photo from the floor, for the group's people only."""
    group = member_group_or_404(request, slug)
    package = _package_or_404(group, pk)
    event = get_object_or_404(PackageEvent.objects.filter(package=package), pk=event_id)
    if not event.photo:
        raise Http404
    response = FileResponse(event.photo.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _back(package: WorkPackage) -> HttpResponse:
    return redirect("projects:package", slug=package.group.slug, pk=package.pk)


@login_required
@require_POST
def claim(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = member_group_or_404(request, slug)
    package = _package_or_404(group, pk)
    company_id = request.POST.get("company", "")
    mine = acting_companies(request.user, group)
    if not company_id.isdigit() or int(company_id) not in mine:
        raise Http404
    company = Company.objects.get(pk=int(company_id))
    try:
        held = claims.claim_package(actor=request.user, package=package, company=company)
    except claims.ClaimRefused as refused:
        messages.error(request, str(refused))
        return redirect("projects:board", slug=group.slug)
    if held.state == PackageState.ASSIGNED:
        messages.success(request, _("Claimed and confirmed for %(c)s.") % {"c": company.name})
    else:
        messages.success(
            request,
            _("Claimed for %(c)s: waiting for your company's approval.") % {"c": company.name},
        )
    return _back(held)


def _act(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    group = member_group_or_404(request, slug)
    package = _package_or_404(group, pk)
    try:
        if action == "confirm":
            claims.confirm_claim(actor=request.user, package=package)
            messages.success(request, _("Confirmed: your company takes this package on."))
        elif action == "withdraw":
            claims.withdraw_claim(actor=request.user, package=package)
            messages.success(request, _("Claim withdrawn: the package is back on the board."))
        elif action == "return":
            claims.return_package(
                actor=request.user, package=package, reason=request.POST.get("reason", "")[:500]
            )
            messages.success(request, _("Returned: the package is back on the board."))
        elif action == "offer":
            company_id = request.POST.get("company", "")
            company = get_object_or_404(
                group_companies(group), pk=company_id if company_id.isdigit() else 0
            )
            claims.offer_package(actor=request.user, package=package, company=company)
            messages.success(request, _("Offered to %(c)s.") % {"c": company.name})
    except claims.ClaimRefused as refused:
        messages.error(request, str(refused))
    return _back(package)


@login_required
@require_POST
def confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _act(request, slug, pk, "confirm")


@login_required
@require_POST
def withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _act(request, slug, pk, "withdraw")


@login_required
@require_POST
def return_package(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _act(request, slug, pk, "return")


@login_required
@require_POST
def offer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    if not is_coordinator(request.user, member_group_or_404(request, slug)):
        raise Http404
    return _act(request, slug, pk, "offer")


@login_required
@require_POST
def post_progress(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One tap: the button's event, with an optional note or photo. The page's key makes a
    double tap one event."""
    group = member_group_or_404(request, slug)
    package = _package_or_404(group, pk)
    if not can_report(request.user, package):
        raise Http404
    upload = request.FILES.get("photo")
    if upload is not None and (upload.size or 0) > settings.RENKEI_PHOTO_MAX_BYTES:
        # Refused before the file is read into memory.
        limit = settings.RENKEI_PHOTO_MAX_BYTES // (1024 * 1024)
        messages.error(request, _("The photo is larger than %(mb)s MB.") % {"mb": limit})
        return _back(package)
    kind = request.POST.get("kind", "")
    if kind == "undo":
        return _undo(request, package)
    if upload is not None and not kind:
        kind = EventKind.PHOTO
    try:
        event, created = progress.post_event(
            actor=request.user,
            package=package,
            kind=kind,
            note=request.POST.get("note", "")[:500],
            key=request.POST.get("submission_key", "")[:100],
            photo=upload.read() if upload is not None else None,
            expected_on=_date(request.POST.get("expected_on", "")),
        )
    except progress.ProgressRefused as refused:
        messages.error(request, str(refused))
        return _back(package)
    if created and event.kind not in progress.UNDOABLE_KINDS:
        # A stage tap needs no message: the page shows it recorded, with its undo.
        messages.success(request, _("Recorded: %(kind)s") % {"kind": event.get_kind_display()})
    return _back(package)


def _undo(request: HttpRequest, package: WorkPackage) -> HttpResponse:
    raw = request.POST.get("event", "")
    try:
        event = progress.undo_event(
            actor=request.user, package=package, event_id=int(raw) if raw.isdigit() else 0
        )
    except progress.ProgressRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Undone: %(kind)s is no longer recorded.") % {"kind": TAP_LABELS[event.kind]},
        )
    return _back(package)


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def ics_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The company's due dates as iCalendar, for a phone or desktop calendar; the token is the
    only key."""
    from renkei.projects.feeds import calendar_text

    feed = get_object_or_404(CompanyFeed.objects.select_related("group", "company"), token=token)
    if not feed.company.memberships.filter(group=feed.group, left_on__isnull=True).exists():
        raise Http404  # a company that left the group no longer sees its dates
    response = HttpResponse(calendar_text(feed), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
