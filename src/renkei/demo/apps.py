from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "renkei.demo"
    label = "renkei_demo"
