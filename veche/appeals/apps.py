from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "veche.appeals"
    label = "appeals"
    verbose_name = "Обращения, поручения и встречи Главы"

    def ready(self) -> None:
        # Registers the capability's contract (access, lifecycles, tenancy-walk rows).
        from . import contract  # noqa: F401
