"""Receiving inspection's pages: the check posted from a package page (the next member's, or
the coordinator's at the end of the chain), the corrective actions list, one action with the
member's answer and the coordinator's close or reopen, and the checks' photos."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.orgs.models import Group
from renkei.orgs.permissions import member_group_or_404
from renkei.projects.access import acting_companies, is_coordinator
from renkei.projects.models import WorkPackage
from renkei.quality.models import CheckResult, CorrectiveAction, ReceivingPhoto
from renkei.quality.services import inspection as service


def _package_or_404(group: Group, pk: int) -> WorkPackage:
    found = WorkPackage.objects.for_group(group).select_related("group", "company", "project")
    return get_object_or_404(found, pk=pk)


def _number(raw: str) -> int | None:
    raw = raw.strip().translate(str.maketrans("０１２３４５６７８９－", "0123456789-"))
    try:
        return int(raw)
    except ValueError:
        return None


@login_required
@require_POST
def receive(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The check of what this package's page receives: the incoming hand-off (from the package
    it comes after), or with ``final`` the chain's last package, checked by the coordinator."""
    group = member_group_or_404(request, slug)
    page = _package_or_404(group, pk)
    back = redirect("projects:package", slug=group.slug, pk=page.pk)
    if request.POST.get("final"):
        upstream, receiving = page, None
    elif page.after_id is not None:
        upstream, receiving = _package_or_404(group, page.after_id), page
    else:
        raise Http404
    if not service.may_check(request.user, upstream, receiving):
        raise Http404
    uploads = request.FILES.getlist("photos")
    if any((u.size or 0) > settings.RENKEI_PHOTO_MAX_BYTES for u in uploads):
        # Refused before any file is read into memory.
        limit = settings.RENKEI_PHOTO_MAX_BYTES // (1024 * 1024)
        messages.error(request, _("The photo is larger than %(mb)s MB.") % {"mb": limit})
        return back
    result = request.POST.get("result", "")
    if result == CheckResult.REJECTED and not request.POST.get("confirm_reject"):
        messages.error(
            request,
            _(
                "Tick the confirmation to record the rejection: it asks the member for a "
                "corrective action."
            ),
        )
        return back
    received = _number(request.POST.get("quantity_received", ""))
    rejected = _number(request.POST.get("quantity_rejected", "") or "0")
    if received is None or rejected is None:
        messages.error(request, _("Enter the quantities as whole numbers."))
        return back
    if len(uploads) > service.MAX_PHOTOS:
        messages.error(request, _("At most %(n)s photos per check.") % {"n": service.MAX_PHOTOS})
        return back
    data = service.CheckInput(
        result=result,
        quantity_received=received,
        quantity_rejected=rejected,
        defect_kind=request.POST.get("defect_kind", ""),
        disposition=request.POST.get("disposition", ""),
        note=request.POST.get("note", "")[:1000],
        photos=[u.read() for u in uploads],
        key=request.POST.get("submission_key", "")[:100],
    )
    try:
        check, created = service.record_check(
            actor=request.user, package=upstream, receiving=receiving, data=data
        )
    except service.CheckRefused as refused:
        messages.error(request, str(refused))
        return back
    if created:
        if check.result == CheckResult.REJECTED:
            messages.success(
                request,
                _("Recorded as rejected: %(company)s is asked for a corrective action.")
                % {"company": upstream.company.name if upstream.company else ""},
            )
        else:
            messages.success(
                request, _("Recorded: %(result)s") % {"result": check.get_result_display()}
            )
    return back


@login_required
def action_list(request: HttpRequest, slug: str) -> HttpResponse:
    group = member_group_or_404(request, slug)
    coordinator = is_coordinator(request.user, group)
    if not coordinator and not acting_companies(request.user, group):
        raise Http404
    actions = list(service.visible_actions(request.user, group).order_by("status", "due_on", "pk"))
    rows = [(a, service.is_overdue(a)) for a in actions]
    return render(
        request,
        "quality/inspection/actions.html",
        {"group": group, "rows": rows, "coordinator": coordinator},
    )


def _action_or_404(request: HttpRequest, group: Group, pk: int) -> CorrectiveAction:
    found = service.visible_actions(request.user, group).select_related(
        "receiving_check__checked_by",
        "receiving_check__company",
        "receiving_check__receiving_package",
    )
    return get_object_or_404(found, pk=pk)


@login_required
def action_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = member_group_or_404(request, slug)
    action = _action_or_404(request, group, pk)
    if request.method == "POST":
        return _act(request, action)
    coordinator = is_coordinator(request.user, group)
    check = action.receiving_check
    return render(
        request,
        "quality/inspection/action.html",
        {
            "group": group,
            "action": action,
            "check": check,
            "photos": list(check.photos.all()),
            "coordinator": coordinator,
            "responsible": action.company_id in acting_companies(request.user, group),
            "overdue": service.is_overdue(action),
        },
    )


def _act(request: HttpRequest, action: CorrectiveAction) -> HttpResponse:
    op = request.POST.get("op", "")
    try:
        if op == "answer":
            service.answer_action(
                actor=request.user,
                action=action,
                cause=request.POST.get("cause", ""),
                countermeasure=request.POST.get("countermeasure", ""),
            )
            messages.success(request, _("Your answer was sent to the coordinator."))
        elif op == "close":
            service.close_action(actor=request.user, action=action)
            messages.success(request, _("Closed: the next step may start."))
        elif op == "reopen":
            service.reopen_action(
                actor=request.user, action=action, note=request.POST.get("note", "")
            )
            messages.success(request, _("Reopened: the member is asked to answer again."))
        else:
            raise Http404
    except service.CheckRefused as refused:
        messages.error(request, str(refused))
    return redirect(service.action_link(action))


@login_required
def check_photo(request: HttpRequest, slug: str, pk: int, photo_id: int) -> FileResponse:
    """A photo of a receiving check, for those who see the check: the coordinators, the
    company whose work it is and the company that received it."""
    group = member_group_or_404(request, slug)
    photo = get_object_or_404(
        ReceivingPhoto.objects.filter(
            receiving_check_id=pk, receiving_check__package__group=group
        ).select_related("receiving_check__package", "receiving_check__receiving_package"),
        pk=photo_id,
    )
    check = photo.receiving_check
    if not service.may_see_check(request.user, check):
        raise Http404
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


urlpatterns: list[URLPattern] = [
    path("g/<slug:slug>/packages/<int:pk>/receive", receive, name="receive"),
    path("g/<slug:slug>/quality/corrective-actions/", action_list, name="corrective_actions"),
    path(
        "g/<slug:slug>/quality/corrective-actions/<int:pk>/",
        action_detail,
        name="corrective_action",
    ),
    path(
        "g/<slug:slug>/quality/checks/<int:pk>/photos/<int:photo_id>",
        check_photo,
        name="check_photo",
    ),
]
