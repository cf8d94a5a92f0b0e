from django.apps import AppConfig


class SummitsConfig(AppConfig):
    name = "summits"
    verbose_name = "Summit tracker"

    def ready(self) -> None:
        from . import signals

        signals.connect()
