from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "renkei.directory"
    label = "directory"
