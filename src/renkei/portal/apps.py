from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "renkei.portal"
    label = "portal"
