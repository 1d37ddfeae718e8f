"""PostgreSQL for backups: ``pg_dump`` and ``pg_restore`` with the connection settings in their
environment (a password on a command line is visible to every user of the machine in ``ps``),
a dump taken in a snapshot exported from a transaction that also counts the rows, so that the
manifest's counts are those of the dump while writes go on."""

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient

from renkei.core.backup_archive import BackupError

# Django's own mapping (the one `renkei dbshell` uses) gives PGPASSWORD, PGSSLMODE, PGSERVICE,
# PGPASSFILE and the other TLS settings; host, port, user and database are added as PG*.
_CONNECTION_VARIABLES = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "NAME": "PGDATABASE"}


def environment(alias: str) -> dict[str, str]:
    settings_dict = connections[alias].settings_dict
    _args, extra = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = dict(os.environ) | dict(extra or {})
    for key, variable in _CONNECTION_VARIABLES.items():
        value = settings_dict.get(key)
        if value:
            env[variable] = str(value)
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client tools of the server's "
            "version (Debian: apt-get install postgresql-client)"
        )
    return found


def _tool_major(path: str) -> int:
    done = subprocess.run(  # noqa: S603 (a PostgreSQL tool found on PATH, fixed arguments)
        [path, "--version"], capture_output=True, text=True, check=False
    )
    found = re.search(r"\)\s+(\d+)", done.stdout)
    if found is None:
        raise BackupError(f"{path} --version said {done.stdout.strip()!r}")
    return int(found.group(1))


def _server_major(cursor: Any) -> int:
    cursor.execute("SHOW server_version_num")
    return int(cursor.fetchone()[0]) // 10000


def _check_version(tool: str, cursor: Any) -> None:
    # pg_dump refuses a server newer than itself; say which client to install instead.
    tool_major, server_major = _tool_major(tool), _server_major(cursor)
    if tool_major < server_major:
        raise BackupError(
            f"{Path(tool).name} is version {tool_major} but the server is {server_major}: "
            f"install postgresql-client-{server_major} and put it first on PATH"
        )


def row_counts(alias: str, cursor: Any | None = None) -> dict[str, int]:
    """Rows per table of ``alias`` through Django's connection (any engine)."""
    connection = connections[alias]
    if cursor is None:
        with connection.cursor() as own:
            return row_counts(alias, own)
    counts: dict[str, int] = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the catalogue, quoted)
        counts[table] = int(cursor.fetchone()[0])
    return counts


def dump(alias: str, target: Path) -> dict[str, Any]:
    """Dumps ``alias`` into ``target`` (custom format); returns the manifest's entry for it."""
    tool = _tool("pg_dump")
    connection = connections[alias]
    connection.ensure_connection()
    with connection.cursor() as cursor:
        _check_version(tool, cursor)
        # Django runs in autocommit: this transaction is ours to open and to end. It stays
        # open while pg_dump imports its snapshot and until the rows are counted in it.
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = str(cursor.fetchone()[0])
            command = [tool, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"]
            _run(command, alias, f"pg_dump of {alias!r}")
            tables = row_counts(alias, cursor)
            cursor.execute("SHOW server_version")
            server = str(cursor.fetchone()[0])
        finally:
            cursor.execute("ROLLBACK")
    return {"engine": "postgresql", "server_version": server, "tables": tables}


def is_empty(alias: str) -> tuple[bool, int]:
    """Whether ``alias`` holds no table yet; and how many it holds."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    return not tables, len(tables)


def restore(alias: str, dump_file: Path) -> None:
    """``pg_restore`` of a custom-format dump into ``alias``, in one transaction: a failure
    leaves the database as it was. Owners and grants are left out, as the database's role
    on this server need not be the one that made the dump."""
    tool = _tool("pg_restore")
    connection = connections[alias]
    with connection.cursor() as cursor:
        _check_version(tool, cursor)
    connections.close_all()  # no session of ours holds locks on the tables being replaced
    name = str(connection.settings_dict["NAME"])
    options = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    command = [tool, *options, "--exit-on-error", f"--dbname={name}", str(dump_file)]
    _run(command, alias, f"pg_restore into {alias!r}")


def _run(command: list[str], alias: str, what: str) -> None:
    """Runs a PostgreSQL client tool with the connection settings in its environment (never
    on its command line, where other users of the machine could read a password)."""
    done = subprocess.run(  # noqa: S603 (a PostgreSQL tool from PATH; secrets only in env)
        command, env=environment(alias), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.strip()}")
