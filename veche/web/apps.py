from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "veche.web"
    label = "web"
    verbose_name = "Веб-интерфейс"

    def ready(self):
        from django.db.models import fields
        from django.utils.translation import gettext_lazy

        from . import blocks  # noqa: F401 - registers the built-in "open now" blocks
        from .hooks import autodiscover

        # The empty choice of every select (Django 6.1's «- Select an option -», which its
        # Russian catalogue does not translate yet): the way Django says to set it.
        fields.BLANK_CHOICE_LABEL = gettext_lazy("— не выбрано —")
        autodiscover()
