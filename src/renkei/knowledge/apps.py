from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "renkei.knowledge"
    label = "knowledge"
