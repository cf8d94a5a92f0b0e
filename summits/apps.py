from django.apps import AppConfig


class SummitsConfig(AppConfig):
    name = "summits"
    verbose_name = "Summit tracker"

    def ready(self) -> None:
        from . import caching, search, services

        caching.connect_signals()
        search.connect_signals()
        services.connect_signals()
