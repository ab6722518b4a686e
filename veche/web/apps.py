from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "veche.web"
    label = "web"
    verbose_name = "Веб-интерфейс"

    def ready(self):
        from . import blocks  # noqa: F401 - registers the built-in "open now" blocks
        from .hooks import autodiscover

        autodiscover()

