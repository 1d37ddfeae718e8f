"""The fault tests start renkei processes on SQLite files of their own, whatever database the
suite runs on; the second CI pass on PostgreSQL runs only those that use PostgreSQL too."""

import os

import pytest

ON_POSTGRES_TOO = {"test_backup_drill"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="runs SQLite processes of its own: the SQLite pass ran it")
    for item in items:
        module = item.nodeid.partition("::")[0]
        if module.startswith("tests/reliability/") and module[18:-3] not in ON_POSTGRES_TOO:
            item.add_marker(skip)
