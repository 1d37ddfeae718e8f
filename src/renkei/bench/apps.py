from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "renkei.bench"
    label = "renkei_bench"
