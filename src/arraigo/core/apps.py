from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "arraigo.core"
    verbose_name = "arraigo"
