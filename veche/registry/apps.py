from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "veche.registry"
    label = "registry"
    verbose_name = "Реестр граждан"
