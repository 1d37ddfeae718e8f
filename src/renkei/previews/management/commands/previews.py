"""`renkei previews --missing [--now]`: previews for drawings that have none from the current
converter (drawings accepted before previews existed, or after the converter changed)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from renkei.inquiries.models import Drawing
from renkei.outbox.followups import follow_up
from renkei.previews.choices import PreviewStatus
from renkei.previews.services import mark_pending
from renkei.previews.tasks import make_preview


def missing() -> list[int]:
    from renkei.lib.preview import CONVERTER_VERSION

    current = Q(preview__converter_version=CONVERTER_VERSION) & ~Q(
        preview__status=PreviewStatus.PENDING
    )
    return list(
        Drawing.objects.filter(inquiry__isnull=False)
        .exclude(current)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


class Command(BaseCommand):
    help = "Make the drawing previews that are missing or were made by an older converter."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--missing", action="store_true", help="every drawing without a current preview"
        )
        parser.add_argument(
            "--now", action="store_true", help="convert here and now instead of in the worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["missing"]:
            raise CommandError("say which previews to make: --missing")
        wanted = missing()
        for drawing_id in wanted:
            mark_pending(drawing_id)
            if options["now"]:
                make_preview.call(drawing_id)
            else:
                follow_up(make_preview, drawing_id)
        done = "made" if options["now"] else "queued"
        self.stdout.write(f"{len(wanted)} previews {done}")
