"""`renkei backup [--output PATH]`, and `renkei backup --verify ARCHIVE` (see core.backup)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renkei.core.backup import create_backup, verify_backup
from renkei.core.backup_archive import BackupError


class Command(BaseCommand):
    help = (
        "Back up every database and every uploaded file into one archive with a manifest of "
        "checksums; safe while renkei serve runs. --verify checks an archive instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="archive to write, or a directory for it (default: <data dir>/backups/)",
        )
        parser.add_argument(
            "--verify",
            type=Path,
            metavar="ARCHIVE",
            help="check ARCHIVE (checksums, names, SQLite integrity) without restoring it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["verify"] is not None:
                if options["output"] is not None:
                    raise CommandError("--verify and --output do not go together")
                summary = verify_backup(options["verify"])
                heading = "archive ok: every checksum matches its manifest"
            else:
                summary = create_backup(options["output"])
                heading = "backup written"
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:  # a full disk, a directory not ours: said plainly, no traceback
            raise CommandError(f"{type(exc).__name__}: {exc}") from None
        self.stdout.write(heading)
        for line in summary.lines():
            self.stdout.write(line)
