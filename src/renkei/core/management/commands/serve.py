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

        host, port = options["host"], options["port"]
        # Links in mail must open where this server is, on the same host name: a login on
        # 127.0.0.1 is not a login on localhost, so a link to the other name asks to log in again.
        # Listening on every address, it is reached on loopback at least.
        link_host = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host  # noqa: S104
        link_host = f"[{link_host}]" if ":" in link_host else link_host
        base_url = os.environ.get("RENKEI_BASE_URL") or f"http://{link_host}:{port}"
        settings.RENKEI_BASE_URL = base_url
        env = os.environ | {"RENKEI_BASE_URL": base_url}
        catcher = None
        if options["mailcatcher"]:
            from renkei.core.management.commands.mailcatcher import HOST, start_catcher

            wanted = settings.EMAIL_PORT
            directory = settings.DATA_DIR / "mail"
            # In this process, so the worker is told the port really bound: a second demo
            # finding the port taken by the first catches its own mail on another port
            # instead of sending it into the first one's folder.
            catcher = start_catcher(directory, wanted, elsewhere=True)
            if catcher.port != wanted:
                self.stdout.write(
                    self.style.WARNING(
                        f"port {wanted} is taken (another mail catcher?): "
                        f"catching mail on {HOST}:{catcher.port} instead"
                    )
                )
            settings.EMAIL_HOST, settings.EMAIL_PORT = HOST, catcher.port
            env |= {"EMAIL_HOST": HOST, "EMAIL_PORT": str(catcher.port)}
        worker = [sys.executable, "-m", "renkei", "db_worker", "--queue-name", "*"]
        children = [
            subprocess.Popen([*worker, "--interval", "0.5", "--no-reload"], env=env),
            subprocess.Popen([sys.executable, "-m", "renkei", "tick"], env=env),
        ]

        stopped: list[bool] = []

        def stop(*_: Any) -> None:
            # Once: SIGTERM calls it, then the ``finally`` below as SystemExit unwinds.
            if stopped:
                return
            stopped.append(True)
            for child in children:
                child.terminate()
            for child in children:
                child.wait(timeout=10)
            if catcher is not None:
                catcher.stop()
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"renkei is up at {url}  (health: {url}healthz)"))
        self.stdout.write(f"links in mail open {base_url.rstrip('/')}/")
        if catcher is not None:
            self.stdout.write(
                f"mail is caught on {HOST}:{catcher.port} and saved under "
                f"{settings.DATA_DIR / 'mail'}"
            )
        else:
            self.stdout.write(f"mail goes to {settings.EMAIL_HOST}:{settings.EMAIL_PORT}")
        self.stdout.write(f"task worker pid {children[0].pid}")
        self.stdout.flush()  # before waitress takes over: a log or pipe sees where things are
        try:
            serve(application, host=host, port=port, threads=options["threads"], ident="renkei")
        finally:
            stop()
