from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "renkei.core"
    label = "core"
    verbose_name = "renkei core"

    def ready(self) -> None:
        from renkei.core import checks  # noqa: F401  (registers the checks)
