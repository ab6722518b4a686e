from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "veche.accounts"
    label = "accounts"
    verbose_name = "Учётные записи"

    def ready(self) -> None:
        from . import links  # noqa: F401 - registers the VECHE_SITE_URL deploy check
