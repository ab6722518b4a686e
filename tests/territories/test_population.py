"""The town's population figures, the goal's base, the source and the date are checked before
they are stored: every refusal is a Russian message with a stable code, nothing half-saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from veche.territories.models import Territory
from veche.territories.services import territory_population_set

pytestmark = pytest.mark.django_db

GOOD = {"population_total": 24000, "population_14_plus": 20000, "engagement_base": "population",
        "population_source": "Росстат", "population_as_of": dt.date(2026, 1, 1)}


def _codes(exc) -> dict[str, set[str]]:
    return {field: {e.code for e in errors} for field, errors in exc.value.error_dict.items()}


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"population_14_plus": 30000}, "population_14_plus", "population_14_plus_above_total"),
    ({"population_total": -1}, "population_total", "population_out_of_range"),
    ({"engagement_base": "voters"}, "engagement_base", "engagement_base_unknown"),
    ({"population_total": 0, "population_14_plus": 0}, "engagement_base",
     "engagement_base_empty"),
    ({"population_source": "  "}, "population_source", "population_source_missing"),
    ({"population_as_of": None}, "population_as_of", "population_date_missing"),
    ({"population_as_of": timezone.localdate() + dt.timedelta(days=2)}, "population_as_of",
     "population_date_out_of_range"),
])
def test_bad_population_figures_are_refused(town, change, field, code):
    with pytest.raises(ValidationError) as exc:
        territory_population_set(territory=town, **{**GOOD, **change})
    assert code in _codes(exc)[field]
    assert Territory.objects.get(pk=town.pk).population_source == ""


def test_good_figures_are_stored(town):
    territory_population_set(territory=town, **{**GOOD, "population_source": "  Росстат,  оценка "})
    town = Territory.objects.get(pk=town.pk)
    assert (town.population_total, town.population_14_plus, town.population_source,
            town.population_as_of) == (24000, 20000, "Росстат, оценка", dt.date(2026, 1, 1))
    assert town.goal_base_population == 24000
