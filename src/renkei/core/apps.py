from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "renkei.core"
    label = "core"
    verbose_name = _("platform")

    def ready(self) -> None:
        from renkei.core import (
            checks,  # noqa: F401  (registers the checks)
            tasks_backend,  # noqa: F401  (a task's run carries its request id)
        )
        from renkei.core.admin_names import name_third_party_apps

        name_third_party_apps()
