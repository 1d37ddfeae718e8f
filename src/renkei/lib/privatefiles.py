"""Keeping renkei's data to its own user: the data dir holds the databases, customers' drawings
and caught mail with password-reset links, none of which another account on the machine may
read. Plain Python, used by the entry points before Django starts."""

import os
import stat
from pathlib import Path

# New files 0600, new directories 0700, whatever creates them (SQLite, Django, the mail catcher).
UMASK = 0o077
_OPEN_TO_OTHERS = stat.S_IRWXG | stat.S_IRWXO


def private_umask() -> None:
    os.umask(UMASK)


def restrict(data_dir: Path) -> int:
    """Takes group and others' rights off the data dir and everything in it, as a data dir made
    by an older renkei may have them; returns how many entries were changed. Only a data dir
    that is itself open to others is walked.
    Symbolic links are not followed: a link could point outside the data dir."""
    changed = 0
    if not data_dir.is_dir():
        return changed
    changed += _restrict_one(data_dir)
    if not changed:
        # Already closed, so renkei made it (umask 077) or closed it before: its files are
        # private too. Every `renkei` process starts here (server, worker, tick, commands),
        # and a data dir of many drawings is not to be walked at each start.
        return changed
    for root, dirs, files in os.walk(data_dir):
        for name in [*dirs, *files]:
            changed += _restrict_one(Path(root) / name)
    return changed


def _restrict_one(path: Path) -> int:
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:  # removed meanwhile (a SQLite journal)
        return 0
    if stat.S_ISLNK(mode) or not mode & _OPEN_TO_OTHERS:
        return 0
    try:
        path.chmod(stat.S_IMODE(mode) & ~_OPEN_TO_OTHERS)
    except (PermissionError, FileNotFoundError):  # not ours to change: leave it
        return 0
    return 1
