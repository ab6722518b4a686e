"""Towns of the network and what belongs to a town's geography: districts, buildings, topics.

Every town-owned model in Veche carries `territory` and uses `TerritoryScopedManager`, so a
query made outside `scope(territory=...)` raises instead of leaking another town's rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


def TerritoryScopedManager(manager_class=models.Manager):  # noqa: N802 - reads as a class
    return ScopedManager(_manager_class=manager_class, territory="territory")


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
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("территория")
        verbose_name_plural = _("территории")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="districts")
    name = models.CharField(_("район"), max_length=200)
    population_14_plus = models.PositiveIntegerField(default=0)

    objects = TerritoryScopedManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="district_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
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

    objects = TerritoryScopedManager()

    class Meta:
        ordering = ["street", "house"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "street", "house"], name="building_unique_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.street}, {self.house}"


class CityTopic(models.Model):
    """A current city problem or theme; votes, appeals, discussions and practices refer to it."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="topics")
    slug = models.SlugField(max_length=60)
    name = models.CharField(_("тема"), max_length=200)
    description = models.TextField(_("описание"), blank=True)
    is_active = models.BooleanField(_("актуальна"), default=True)
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TerritoryScopedManager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "slug"], name="topic_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name
