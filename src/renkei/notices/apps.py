from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "renkei.notices"
    label = "notices"
