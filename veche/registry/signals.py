"""Signals the registry sends to the apps above it (the registry imports none of them).

`persons_regrouped(territory, person_ids)`: records of these persons were merged or a merge was
undone, inside the merge's transaction. The ledger answers by recomputing those humans'
activity rollups (veche/ledger/apps.py → `rollups_rebuild(person_ids=…)`), so one human is
counted once."""

from django.dispatch import Signal

persons_regrouped = Signal()
