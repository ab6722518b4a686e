from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "veche.territories"
    label = "territories"
    verbose_name = "Территории"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the tenancy checks (veche.E001, E002)
