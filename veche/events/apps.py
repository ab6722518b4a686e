from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "veche.events"
    label = "events"
    verbose_name = "Мероприятия, инициативы и волонтёры"

    def ready(self) -> None:
        from . import contract  # noqa: F401  (registers the capability's manifest)
        from .origins import register

        # Event kinds and the month's events for the engagement figures (veche/ledger/origins.py).
        register()
