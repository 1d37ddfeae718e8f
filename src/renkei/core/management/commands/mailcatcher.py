"""A local SMTP server that keeps every message as an .eml file under the data dir."""

import os
import socket
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

HOST = "127.0.0.1"


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


def _free(port: int) -> bool:
    with socket.socket() as probe:
        # As asyncio binds its servers: a port left in TIME_WAIT counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
        return True


def _any_free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def start_catcher(directory: Path, port: int, *, elsewhere: bool = False) -> Controller:
    """Catches mail on ``127.0.0.1:port`` into ``directory``. A port already taken — often by
    another demo's catcher, which would then keep this one's mail in its own folder — is an
    error, unless ``elsewhere``: then a free port the system picks is used (and is
    ``.port`` of the result)."""
    candidates = [port] + ([0, 0, 0] if elsewhere else [])
    for wanted in candidates:
        chosen = wanted or _any_free_port()
        if not _free(chosen):
            continue
        controller = Controller(SaveToDirectory(directory), hostname=HOST, port=chosen)
        try:
            controller.start()
        except OSError:
            continue  # taken between the probe and the bind: try the next one
        return controller
    raise CommandError(
        f"Port {port} on {HOST} is in use (another mail catcher?): cannot catch mail there. "
        "Stop the other one or give another --port."
    )


class Command(BaseCommand):
    help = "Run a local SMTP server that saves mail to <data dir>/mail (demo use)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=settings.EMAIL_PORT)

    def handle(self, *args: Any, **options: Any) -> None:
        directory = settings.DATA_DIR / "mail"
        controller = start_catcher(directory, options["port"])
        self.stdout.write(f"mailcatcher on {HOST}:{controller.port}, saving to {directory}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            controller.stop()
