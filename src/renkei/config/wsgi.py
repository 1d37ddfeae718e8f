"""WSGI entry point."""

import os

from renkei.lib.privatefiles import private_umask, restrict

# Before Django loads the settings, which create the data dir.
private_umask()

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renkei.config.settings")
application = get_wsgi_application()
restrict(settings.DATA_DIR)
