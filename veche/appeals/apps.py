from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "veche.appeals"
    label = "appeals"
    verbose_name = "Обращения, поручения и встречи Главы"

    def ready(self) -> None:
        # Registers the capability's contract (access, lifecycles, tenancy-walk rows).
        from . import contract  # noqa: F401

        # Appeals' timeliness for the scorecard's cut-off 7, through the core (ledger/figures).
        from .figures import register

        register()
