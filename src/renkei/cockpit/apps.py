from django.apps import AppConfig


class CockpitConfig(AppConfig):
    name = "renkei.cockpit"
    label = "cockpit"
