from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "arraigo.core"
    verbose_name = "arraigo"

    def ready(self) -> None:
        from django.core.signals import request_finished

        from .logs import forget_request

        # Django logs a refused or failed request after the middleware has returned: the
        # request's id and user stay until the response is closed.
        request_finished.connect(forget_request, dispatch_uid="arraigo.core.logs")
