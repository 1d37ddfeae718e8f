"""Run the web server and the background task worker together (what `make demo` starts)."""

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve renkei with waitress and run the task worker beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--mailcatcher",
            action="store_true",
            help="Also run a local SMTP server that saves mail under the data "
            "dir (for demos without a mail server).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from renkei.config.wsgi import application

        children = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "renkei",
                    "db_worker",
                    "--queue-name",
                    "*",
                    "--interval",
                    "0.5",
                    "--no-reload",
                ]
            )
        ]
        children.append(subprocess.Popen([sys.executable, "-m", "renkei", "tick"]))
        if options["mailcatcher"]:
            children.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "renkei",
                        "mailcatcher",
                        "--port",
                        str(settings.EMAIL_PORT),
                    ]
                )
            )

        def stop(*_: Any) -> None:
            for child in children:
                child.terminate()
            for child in children:
                child.wait(timeout=10)
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"renkei is up at {url}  (health: {url}healthz)"))
        self.stdout.write(
            f"task worker pid {children[0].pid}; mail to "
            f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
        )
        try:
            serve(
                application,
                host=options["host"],
                port=options["port"],
                threads=options["threads"],
                ident="renkei",
            )
        finally:
            stop()
