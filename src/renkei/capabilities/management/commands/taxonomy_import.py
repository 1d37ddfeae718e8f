"""`renkei taxonomy_import <file.json|csv>`: add or update sectors, categories, processes and
certification standards from a file, without a change to the code."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renkei.capabilities.services import import_taxonomy
from renkei.capabilities.taxonomy_file import TaxonomyFileError, read_taxonomy_file


class Command(BaseCommand):
    help = (
        "Adds or updates taxonomy entries from a JSON file (shaped as data/taxonomy.json) or a "
        "CSV file with one process a row (columns: sector, sector_name_ja, sector_name_en, "
        "category, category_name_ja, category_name_en, code, name_ja, name_en, aliases "
        "separated by |). Nothing is written if any row has a problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan = read_taxonomy_file(options["file"])
        except TaxonomyFileError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{len(error.problems)} problem(s) in {options['file']}; nothing was imported."
            ) from error
        counts = import_taxonomy(actor=None, plan=plan)
        self.stdout.write(
            f"{counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged."
        )
