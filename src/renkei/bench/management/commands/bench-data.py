"""`renkei bench-data --companies N`: the fictional benchmark dataset (see renkei.bench.dataset).

The module name has a hyphen because Django names commands after their files and the command is
spelled `bench-data`; nothing imports it by name.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from renkei.bench.dataset import BenchDataError, make_bench_data


class Command(BaseCommand):
    help = "Replace the benchmark group's members with N generated fictional companies."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--companies", type=int, required=True, help="how many companies")
        parser.add_argument("--group-slug", default="bench", help="slug of the benchmark group")
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed (same seed, same data)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        total = options["companies"]
        shown = [0]

        def progress(done: int) -> None:
            # Every tenth of the way, with -v 2: 100,000 companies take a few minutes.
            if options["verbosity"] > 1 and (done - shown[0] >= total / 10 or done == total):
                shown[0] = done
                self.stdout.write(f"  {done:,} / {total:,}")

        try:
            data = make_bench_data(
                companies=total,
                group_slug=options["group_slug"],
                seed=options["seed"],
                progress=progress,
            )
        except BenchDataError as error:
            raise CommandError(str(error)) from error
        rate = data.companies / data.seconds if data.seconds else 0
        self.stdout.write(
            f"{data.companies:,} companies in group {data.group.slug!r} (seed {options['seed']}) "
            f"in {data.seconds:.1f} s ({rate:,.0f} companies/s)"
        )
