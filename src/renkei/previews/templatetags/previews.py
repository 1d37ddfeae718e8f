"""Thumbnails of drawings, each linking to the drawing's own page.

``{% drawing_thumbnails drawings "work" group referral.pk %}``: where the drawings are shown
("manage" for the coordinator's inquiry, "work" for the member's referral, "package") and
under which record; the links and images go through the same permission as the download."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.urls import reverse

from renkei.inquiries.models import Drawing
from renkei.previews.choices import PreviewStatus
from renkei.previews.models import DrawingPreview

register = template.Library()


def thumbnails(drawings: Iterable[Drawing], where: str, slug: str, pk: int) -> list[dict[str, Any]]:
    drawings = list(drawings)
    previews = {
        p.drawing_id: p
        for p in DrawingPreview.objects.filter(drawing_id__in=[d.pk for d in drawings])
    }
    items = []
    for drawing in drawings:
        preview = previews.get(drawing.pk)
        args = [slug, pk, drawing.pk]
        ready = preview is not None and preview.status == PreviewStatus.READY
        items.append(
            {
                "drawing": drawing,
                "page": reverse(f"previews:{where}_page", args=args),
                "thumb": reverse(f"previews:{where}_thumb", args=args)
                if ready and preview is not None and preview.thumbnail
                else "",
                "pending": preview is None or preview.status == PreviewStatus.PENDING,
            }
        )
    return items


@register.inclusion_tag("previews/_thumbnails.html")
def drawing_thumbnails(
    drawings: Iterable[Drawing], where: str, group: Any, pk: int, compact: bool = False
) -> dict[str, Any]:
    return {"items": thumbnails(drawings, where, group.slug, pk), "compact": compact}


@register.simple_tag
def board_thumbnails(rows: Iterable[Any], group: Any) -> dict[int, list[dict[str, Any]]]:
    """The ready thumbnails of a board's inquiries, in one query for the whole page:
    ``{% board_thumbnails rows group as thumbs %}`` (rows start with the inquiry)."""
    ids = [row[0].pk for row in rows]
    found = (
        DrawingPreview.objects.filter(drawing__inquiry_id__in=ids, status=PreviewStatus.READY)
        .exclude(thumbnail="")
        .select_related("drawing")
        .order_by("drawing_id")
    )
    shown: dict[int, list[dict[str, Any]]] = {}
    for preview in found:
        drawing = preview.drawing
        if drawing.inquiry_id is None:  # never shown: only accepted drawings get a preview
            continue
        args = [group.slug, drawing.inquiry_id, drawing.pk]
        items = shown.setdefault(drawing.inquiry_id, [])
        if len(items) < 3:  # a row stays a row
            items.append(
                {
                    "drawing": drawing,
                    "page": reverse("previews:manage_page", args=args),
                    "thumb": reverse("previews:manage_thumb", args=args),
                    "pending": False,
                }
            )
    return shown


@register.inclusion_tag("previews/_thumbnails.html")
def row_thumbnails(shown: dict[int, list[dict[str, Any]]], inquiry: Any) -> dict[str, Any]:
    return {"items": shown.get(inquiry.pk, []), "compact": True}
