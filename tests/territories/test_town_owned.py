"""The town-owned base and its system check (veche/territories/checks.py)."""

from django.apps import apps
from django.core import checks
from django.db import models
from django.test.utils import isolate_apps

from veche.territories.checks import check_town_owned, town_owned_errors
from veche.territories.models import Territory, TownOwned, TownOwnedTimestamped


def _ids(errors) -> list[str]:
    return [e.id for e in errors]


@isolate_apps("veche.territories")
def test_a_model_with_a_territory_off_the_base_fails_the_check():
    class Leaky(models.Model):
        territory = models.ForeignKey(Territory, on_delete=models.CASCADE)

        class Meta:
            app_label = "territories"

    assert _ids(town_owned_errors(Leaky)) == ["veche.E001"]


@isolate_apps("veche.territories")
def test_a_town_owned_model_that_drops_the_scoped_manager_fails_the_check():
    class Unscoped(TownOwned):
        objects = models.Manager()

        class Meta:
            app_label = "territories"

    assert _ids(town_owned_errors(Unscoped)) == ["veche.E002"]


@isolate_apps("veche.territories")
def test_town_owned_models_and_models_without_a_town_pass():
    class Owned(TownOwnedTimestamped):
        class Meta:
            app_label = "territories"

    class NotATownsRow(models.Model):
        name = models.CharField(max_length=10)

        class Meta:
            app_label = "territories"

    class PointsAtATown(models.Model):  # another town named, not the owner: not checked
        origin = models.ForeignKey(Territory, on_delete=models.CASCADE)

        class Meta:
            app_label = "territories"

    for model in (Owned, NotATownsRow, PointsAtATown):
        assert town_owned_errors(model) == []
    assert {f.name for f in Owned._meta.fields} >= {"territory", "created_at", "updated_at"}


def test_the_check_reads_the_models_of_the_apps_it_is_given():
    with isolate_apps("veche.territories") as isolated:
        class Leaky(models.Model):
            territory = models.ForeignKey(Territory, on_delete=models.CASCADE)

            class Meta:
                app_label = "territories"

        errors = check_town_owned(app_configs=isolated.get_app_configs())
    assert [(e.id, e.obj) for e in errors] == [("veche.E001", Leaky)]


def test_the_project_passes_the_check():
    assert check_town_owned() == []
    # Registered, so `manage.py check` and every test run apply it.
    assert check_town_owned in checks.registry.registry.get_checks()


def test_every_model_with_a_territory_stands_on_the_base():
    owned = [m for m in apps.get_models() if issubclass(m, TownOwned)]
    assert len(owned) >= 70  # 74 when the base came in: a drop means models left it
    for model in owned:
        assert callable(getattr(model._default_manager, "with_scope", None)), model
