"""System checks of tenancy: a model that belongs to a town stands on `TownOwned`.

`manage.py check` (and so every test run, `runserver` and `migrate`) fails with
- veche.E001 for a model whose `territory` points at Territory but does not inherit TownOwned:
  it would carry the town without the scoped manager, and every query of it would read all
  towns without a word;
- veche.E002 for a TownOwned model whose default manager is not the scoped one (an
  `objects = models.Manager()` written over the base's).
"""

from collections.abc import Iterable

from django.apps import AppConfig, apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .models import Territory, TownOwned


def _owns_a_territory(model: type[models.Model]) -> bool:
    try:
        field = model._meta.get_field("territory")
    except FieldDoesNotExist:  # not a row of a town
        return False
    return isinstance(field, models.ForeignKey) and field.related_model is Territory


def town_owned_errors(model: type[models.Model]) -> list[checks.CheckMessage]:
    """What is wrong with one model's tenancy (an empty list when nothing is)."""
    if model._meta.abstract or not _owns_a_territory(model):
        return []
    if not issubclass(model, TownOwned):
        return [checks.Error(
            f"{model._meta.label} has a territory but does not inherit TownOwned, so its "
            "queries are not scoped to a town.",
            hint="Inherit veche.territories.models.TownOwned (or TownOwnedCreated, "
                 "TownOwnedTimestamped) and drop its own territory field and manager.",
            obj=model, id="veche.E001",
        )]
    if not callable(getattr(model._default_manager, "with_scope", None)):
        return [checks.Error(
            f"{model._meta.label} replaces the scoped manager of TownOwned with "
            f"{type(model._default_manager).__name__}, so its queries read every town.",
            hint="Keep `objects` from TownOwned, or build it with TerritoryManager.",
            obj=model, id="veche.E002",
        )]
    return []


@checks.register(checks.Tags.models)
def check_town_owned(app_configs: Iterable[AppConfig] | None = None,
                     **kwargs) -> list[checks.CheckMessage]:
    configs = app_configs if app_configs is not None else apps.get_app_configs()
    return [error for config in configs for model in config.get_models()
            for error in town_owned_errors(model)]
