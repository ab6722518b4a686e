from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "veche.web"
    label = "web"
    verbose_name = "Веб-интерфейс"
