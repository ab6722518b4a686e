from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "veche.ledger"
    label = "ledger"
    verbose_name = "Реестр действий"
