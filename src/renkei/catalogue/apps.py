from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "renkei.catalogue"
    verbose_name = "catalogue"
