"""`renkei region_rollup [--full] [--region SLUG]`: bring the region rollups up to date."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from renkei.orgs.models import Region
from renkei.region.rollups import build_region


class Command(BaseCommand):
    help = "Rebuild the region rollups: the changed months only, or everything with --full."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--full", action="store_true", help="recompute every month")
        parser.add_argument("--region", help="only this region (its slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        regions = Region.objects.order_by("pk")
        if options["region"]:
            regions = regions.filter(slug=options["region"])
            if not regions.exists():
                raise CommandError(f"no region {options['region']!r}")
        for region in regions:
            result = build_region(region, full=options["full"])
            self.stdout.write(f"{region.slug}: {result['months']} months recomputed")
