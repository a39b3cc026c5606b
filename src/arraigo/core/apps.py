from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "arraigo.core"
    verbose_name = "arraigo"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers system checks)
