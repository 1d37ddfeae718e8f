"""A local SMTP server that keeps every message as an .eml file under the data dir."""

import os
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management.base import BaseCommand


class SaveToDirectory:
    """Caught mail holds password-reset and invitation links: only renkei's user reads it."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        directory.chmod(0o700)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        path = self.directory / f"{time.time_ns()}.eml"
        # Created 0600 whatever the umask; O_EXCL: never write through a planted file or link.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


class Command(BaseCommand):
    help = "Run a local SMTP server that saves mail to <data dir>/mail (demo use)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=settings.EMAIL_PORT)

    def handle(self, *args: Any, **options: Any) -> None:
        directory = settings.DATA_DIR / "mail"
        controller = Controller(
            SaveToDirectory(directory), hostname="127.0.0.1", port=options["port"]
        )
        controller.start()
        self.stdout.write(f"mailcatcher on 127.0.0.1:{options['port']}, saving to {directory}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            controller.stop()
