"""The ``renkei`` console script: Django's manage.py for this project."""

import os
import sys

from renkei.lib.privatefiles import private_umask, restrict


def main() -> None:
    # First, so that even the data dir the settings create is private.
    private_umask()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renkei.config.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    restrict(settings.DATA_DIR)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
