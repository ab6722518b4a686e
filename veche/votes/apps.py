from django.apps import AppConfig


class VotesConfig(AppConfig):
    name = "veche.votes"
    label = "votes"
    verbose_name = "Голосования"

    def ready(self) -> None:
        from . import contract  # noqa: F401  (registers the capability: veche.accounts.contract)
