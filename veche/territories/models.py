"""Towns of the network and what belongs to a town's geography: districts, buildings, topics.

Every town-owned model in Veche stands on `TownOwned` (its `territory` and the scoped manager),
so a query made outside `scope(territory=...)` raises instead of leaking another town's rows.
"""

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from .timezones import MOSCOW, ZONES

_M = TypeVar("_M", bound=models.Model)

if TYPE_CHECKING:

    class TerritoryManager(models.Manager[_M]):
        """What django-scopes' manager adds, for type checkers (they cannot see the class it
        builds in a function)."""

        def with_scopes_disabled(self) -> Self: ...

        def with_scope(self, **scope: Any) -> Self: ...

else:

    class TerritoryManager(type(ScopedManager(territory="territory"))):
        """django-scopes' manager on the `territory` dimension, as a module-level class: the
        type checker's Django plugin resolves managers by their class's dotted name."""


def TerritoryScopedManager() -> "TerritoryManager[Any]":  # noqa: N802 - reads as a class
    return TerritoryManager()


class EngagementBase(models.TextChoices):
    """Whom the 10% goal counts against. Seed 000: «ориентир 10% жителей» — the residents of
    the town, so the whole population is the default; a town may say its target is counted
    against its residents aged 14+ (those who may vote and act on their own)."""

    POPULATION = "population", _("все жители города")
    POPULATION_14_PLUS = "population_14_plus", _("жители 14 лет и старше")


class Territory(models.Model):
    class Kind(models.TextChoices):
        ZATO = "zato", _("ЗАТО")
        TOWN = "town", _("город")
        DISTRICT = "district", _("муниципальный район")

    slug = models.SlugField(unique=True, max_length=60)
    name = models.CharField(_("название"), max_length=200)
    region = models.CharField(_("субъект РФ"), max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TOWN)
    population_total = models.PositiveIntegerField(_("население"), default=0)
    population_14_plus = models.PositiveIntegerField(_("население 14+"), default=0)
    engagement_goal = models.FloatField(_("цель вовлечённости"), default=0.10)
    # The town's setting for the goal's base, and where its population figures come from
    # (a page that says «N of M residents» names M's source and date).
    engagement_base = models.CharField(_("база цели"), max_length=20,
                                       choices=EngagementBase.choices,
                                       default=EngagementBase.POPULATION)
    population_source = models.CharField(_("источник численности населения"), max_length=200,
                                         blank=True)
    population_as_of = models.DateField(_("численность на дату"), null=True, blank=True)
    # The town's own clock (pages, deadlines, posters, reminders): veche/territories/timezones.py
    time_zone = models.CharField(_("часовой пояс"), max_length=40, choices=ZONES,
                                 default=MOSCOW)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Where the town is (WGS 84 degrees; veche/territories/geo.py): the network map and the
    # bank's «neighbours first» read it. The boundary is a closed ring of [latitude, longitude]
    # pairs, empty where it is not known.
    latitude = models.FloatField(_("широта"), null=True, blank=True)
    longitude = models.FloatField(_("долгота"), null=True, blank=True)
    boundary = models.JSONField(_("граница"), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("территория")
        verbose_name_plural = _("территории")

    def __str__(self) -> str:
        return self.name

    @property
    def goal_base_population(self) -> int:
        """The number of residents the engagement goal is counted against (the town's
        setting `engagement_base`)."""
        if self.engagement_base == EngagementBase.POPULATION_14_PLUS:
            return self.population_14_plus
        return self.population_total


class TownOwned(models.Model):
    """A row that belongs to one town: the base of every town-owned model.

    It carries the town (`territory`, deleted with it) and the scoped manager, so a query
    outside `town_scope(...)` raises ScopeError instead of reading every town. A model that
    needs the field otherwise (a related_name, PROTECT, one row per town, a nullable town for
    rows shared by the network) redeclares `territory` and says why; the system check
    `veche.E001` (checks.py) fails for a model with a territory that does not stand on this.
    Reads across towns go through veche.territories.crosstown only.
    """

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE)

    objects = TerritoryScopedManager()

    class Meta:
        abstract = True


class TownOwnedCreated(TownOwned):
    """A town-owned row that records when it was created."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class TownOwnedTimestamped(TownOwnedCreated):
    """A town-owned row that records when it was created and last changed."""

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class District(TownOwned):
    # Redeclared (as for buildings and topics) for the reverse name: `town.districts`.
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="districts")
    name = models.CharField(_("район"), max_length=200)
    population_14_plus = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="district_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Building(TownOwned):
    """An address residents live at; apartment buildings (МКД) are the usual case."""

    class Kind(models.TextChoices):
        APARTMENT = "apartment", _("многоквартирный дом")
        PRIVATE = "private", _("частный дом")
        OTHER = "other", _("другое")

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="buildings")
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="buildings")
    street = models.CharField(_("улица"), max_length=200)
    house = models.CharField(_("дом"), max_length=20)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.APARTMENT)
    apartments = models.PositiveIntegerField(default=0)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["street", "house"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "street", "house"], name="building_unique_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.street}, {self.house}"


class CityTopic(TownOwnedCreated):
    """A current city problem or theme; votes, appeals, discussions and practices refer to it."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="topics")
    slug = models.SlugField(max_length=60)
    name = models.CharField(_("тема"), max_length=200)
    description = models.TextField(_("описание"), blank=True)
    is_active = models.BooleanField(_("актуальна"), default=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "slug"], name="topic_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name
