"""Who may see a drawing's preview: exactly whoever may download it, in each of the three
places a drawing is offered (the coordinator's inquiry, the member's referral, the work
package). Each resolver asks the very checks the download view asks, so an NDA not yet
accepted, another group or another company answers 404 here as it does there."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from renkei.inquiries.models import Drawing, Inquiry
from renkei.orgs.models import Group
from renkei.orgs.permissions import coordinator_group_or_404


@dataclass(frozen=True)
class Opened:
    """A drawing this person may open, and where it was opened from."""

    group: Group
    drawing: Drawing
    where: str  # "manage" | "work" | "package"
    pk: int  # the inquiry, referral or package it was opened under
    summary: str  # for the audit entry, as the download writes it
    download_url: str
    back_url: str
    back_label: str

    def url(self, name: str, *extra: object) -> str:
        return reverse(
            f"previews:{self.where}_{name}",
            args=[self.group.slug, self.pk, self.drawing.pk, *extra],
        )


def _manage(request: HttpRequest, slug: str, pk: int, drawing_id: int) -> Opened:
    # As inquiries.board.drawing_file.
    group = coordinator_group_or_404(request, slug)
    inquiry = get_object_or_404(Inquiry.objects.for_group(group), pk=pk)
    drawing = get_object_or_404(Drawing.objects.filter(inquiry=inquiry), pk=drawing_id)
    return Opened(
        group=group,
        drawing=drawing,
        where="manage",
        pk=pk,
        summary=f"{inquiry.reference} {drawing.original_name}",
        download_url=reverse("inquiries:drawing", args=[slug, pk, drawing.pk]),
        back_url=reverse("inquiries:detail", args=[slug, pk]),
        back_label=f"{inquiry.reference} {inquiry.title}",
    )


def _work(request: HttpRequest, slug: str, pk: int, drawing_id: int) -> Opened:
    # As inquiries.work.referral_drawing (the same helpers: one rule for the NDA).
    from renkei.inquiries.work import _drawings_open, _referral_or_404

    group, item = _referral_or_404(request, slug, pk)
    if not _drawings_open(group, item):
        raise Http404
    drawing = get_object_or_404(Drawing.objects.filter(inquiry=item.inquiry), pk=drawing_id)
    return Opened(
        group=group,
        drawing=drawing,
        where="work",
        pk=pk,
        summary=f"{item.inquiry.reference} {drawing.original_name} ({item.company.name})",
        download_url=reverse("inquiries:referral_drawing", args=[slug, pk, drawing.pk]),
        back_url=reverse("inquiries:referral", args=[slug, pk]),
        back_label=f"{item.inquiry.reference} {item.inquiry.title}",
    )


def _package(request: HttpRequest, slug: str, pk: int, drawing_id: int) -> Opened:
    # As projects.work.package_drawing.
    from renkei.orgs.permissions import member_group_or_404
    from renkei.projects.access import is_coordinator
    from renkei.projects.work import _drawings, _package_or_404

    group = member_group_or_404(request, slug)
    package = _package_or_404(group, pk)
    allowed = _drawings(group, package, request.user, is_coordinator(request.user, group))
    drawing = next((d for d in allowed if d.pk == drawing_id), None)
    if drawing is None:
        raise Http404
    return Opened(
        group=group,
        drawing=drawing,
        where="package",
        pk=pk,
        summary=f"{package.name} {drawing.original_name}",
        download_url=reverse("projects:drawing", args=[slug, pk, drawing.pk]),
        back_url=reverse("projects:package", args=[slug, pk]),
        back_label=package.name,
    )


RESOLVERS: dict[str, Callable[[HttpRequest, str, int, int], Opened]] = {
    "manage": _manage,
    "work": _work,
    "package": _package,
}


def open_drawing(request: HttpRequest, where: str, slug: str, pk: int, drawing_id: int) -> Opened:
    return RESOLVERS[where](request, slug, pk, drawing_id)
