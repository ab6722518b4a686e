from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "veche.accounts"
    label = "accounts"
    verbose_name = "Учётные записи"
