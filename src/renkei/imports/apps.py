from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "renkei.imports"
    label = "renkei_imports"
    verbose_name = _("imports")
