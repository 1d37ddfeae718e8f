"""Helpers for tests (kept out of the fixtures so test modules can import them)."""

from typing import Any

from django.utils import timezone

PASSWORD = "correct-horse-42"


def sqlite_processes_only() -> Any:
    """A mark for tests whose renkei processes run on SQLite files of their own (process_env
    leaves DATABASE_URL out): the PostgreSQL pass would only repeat what the SQLite pass ran."""
    import pytest

    from renkei.lib.liveserver import postgres_url

    return pytest.mark.skipif(
        postgres_url() is not None,
        reason="runs SQLite processes of its own: the SQLite pass ran it",
    )


def login(client: Any, user: Any) -> None:
    from django.http import HttpRequest

    # django-axes checks every authenticate() against its lockouts and needs a request for it;
    # the test client passes none of its own (as axes documents).
    assert client.login(request=HttpRequest(), username=user.username, password=PASSWORD)


def login_with_second_factor(client: Any, user: Any) -> None:
    """Logs in past both steps: the password, and a confirmed authenticator app (platform
    operators and some coordinators must use two-factor authentication)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    login(client, user)
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def compose_test_quote(
    actor: Any, inquiry: Any, lines: list[tuple[str, int, int]], *, lead_days: int | None = 9
) -> Any:
    """A quote as a coordinator composes it: the given lines, the usual 10 % fee, valid for 30
    days. Not sent yet."""
    import datetime as dt
    from decimal import Decimal

    from renkei.inquiries import replies

    return replies.compose_quote(
        actor=actor,
        inquiry=inquiry,
        lines=lines,
        fee_percent=Decimal("10"),
        valid_until=timezone.localdate() + dt.timedelta(days=30),
        lead_days=lead_days,
    )


def run_worker() -> None:
    """Runs every queued task once, as the worker process of `renkei serve` would."""
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--no-reload")


class Inbox:
    """A local SMTP server's mailbox (aiosmtpd handler): what really went over the wire."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def free_port() -> int:
    from renkei.lib.liveserver import free_port as any_free_port

    return any_free_port()


STEP_BYTES = b"ISO-10303-21;\nHEADER;\nENDSEC;\nDATA;\nENDSEC;\nEND-ISO-10303-21;\n"


def pdf_bytes() -> bytes:
    """A real one-page PDF, made by pypdf."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def process_env(data_dir: Any, **extra: str) -> dict[str, str]:
    """The environment for a `renkei` process of a test's own: SQLite files in ``data_dir``
    (never the database a CI run points DATABASE_URL at), plus ``extra``."""
    from pathlib import Path

    from renkei.lib.liveserver import renkei_env

    return renkei_env(Path(data_dir), **extra)


def run_renkei(env: dict[str, str], *args: str) -> str:
    """Runs `renkei <args>` in its own process; returns what it printed."""
    from renkei.lib.liveserver import renkei

    return renkei(env, *args)


# The customer of the tests' inquiries: one header, shared by every app's tests.
CUSTOMER = {
    "customer_company": "株式会社ロケット工房",
    "contact_name": "宇宙 太郎",
    "email": "taro@rocket.example",
    "title": "シャフト試作",
    "description": "図面の通り",
}


def ensure_taxonomy() -> None:
    """Puts the taxonomy back where a flush emptied it (a data migration loads it, and a
    transactional test's flush or `committed_for_module` empties every table)."""
    from renkei.capabilities.models import Material, MaterialFamily, Process, ProcessCategory
    from renkei.capabilities.taxonomy import load_taxonomy

    if not Process.objects.exists():
        load_taxonomy(ProcessCategory, Process, MaterialFamily, Material)
        from renkei.directory.search import forget_vocabulary

        forget_vocabulary()


def _is_test_database(connection: Any) -> bool:
    from django.db.backends.base.creation import TEST_DATABASE_PREFIX

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return True
    name = str(connection.settings_dict["NAME"])
    return name == connection.settings_dict["TEST"].get("NAME") or name.startswith(
        TEST_DATABASE_PREFIX
    )


def committed_for_module(django_db_blocker: Any, media_root: Any, make: Any) -> Any:
    """Data that takes seconds to make, made once for a module: ``make()`` runs committed on the
    test databases (files under ``media_root``), each test of the module then reads it inside its
    own transaction, rolled back after it, so what one test changes the next never sees. At the
    end every test database is flushed as a transactional test leaves it. A generator for a
    module-scoped fixture (``yield from``); its tests need ``django_db(databases="__all__")``,
    so that every database the data reaches (the task queue too) is a test database."""
    from django.core.management import call_command
    from django.db import connections
    from django.test import override_settings

    for alias in connections:
        # Never commit to, nor flush, a real database (one not set up for the tests).
        assert _is_test_database(connections[alias]), f"{alias} is not a test database"
    # The hasher every test uses (root conftest): a password hashed otherwise fails to log in.
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=media_root, PASSWORD_HASHERS=hashers),
        ):
            ensure_taxonomy()
            made = make()
        yield made
    finally:
        with django_db_blocker.unblock():
            for alias in connections:
                call_command("flush", verbosity=0, interactive=False, database=alias)
