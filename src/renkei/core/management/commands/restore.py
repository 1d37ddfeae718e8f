"""`renkei restore ARCHIVE [--force]` (see core.restore)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renkei.core.backup_archive import BackupError
from renkei.core.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `renkei backup` into the data dir and DATABASE_URL of the "
        "current settings. Stop renkei serve first."
    )
    # Nothing is to be checked, or opened, before the archive is known to be sound.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace databases that already hold tables",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore_backup(options["archive"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:  # a full disk, a directory not ours: said plainly, no traceback
            raise CommandError(f"{type(exc).__name__}: {exc}") from None
        self.stdout.write("restored")
        for line in summary.lines():
            self.stdout.write(line)
