from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "veche.ledger"
    label = "ledger"
    verbose_name = "Реестр действий"

    def ready(self):
        from veche.registry.signals import persons_regrouped

        from .services import rollups_rebuild

        # A registry merge or its undo: recount those humans' rollups (docs/registry_linkage.md).
        persons_regrouped.connect(rollups_rebuild, dispatch_uid="ledger.rollups_regrouped")
