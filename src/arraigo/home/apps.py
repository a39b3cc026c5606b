from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The start page: the dashboard and the to-do strip, above every app they summarise."""

    name = "arraigo.home"
