from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "veche.api"
    label = "api"
    verbose_name = "HTTP API"
