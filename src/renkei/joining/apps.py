from django.apps import AppConfig


class JoiningConfig(AppConfig):
    name = "renkei.joining"
    verbose_name = "joining and leaving"
