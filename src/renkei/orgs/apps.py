from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "renkei.orgs"
    label = "orgs"
    verbose_name = _("Groups and companies")
