from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "renkei.imports"
    label = "renkei_imports"
