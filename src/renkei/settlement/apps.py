from django.apps import AppConfig


class SettlementConfig(AppConfig):
    name = "renkei.settlement"
    label = "settlement"
    verbose_name = "settlement"
