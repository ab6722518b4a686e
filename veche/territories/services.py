"""Writes for towns, their geography and their city topics."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .geo import check_place
from .models import Building, CityTopic, District, Territory


@transaction.atomic
def territory_create(*, slug: str, name: str, region: str = "", kind: str = Territory.Kind.TOWN,
                     population_total: int = 0, population_14_plus: int = 0,
                     latitude: float | None = None, longitude: float | None = None,
                     boundary: list | None = None) -> Territory:
    check_place(latitude, longitude, boundary)
    if Territory.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": ValidationError(
            _("Город с адресом «%(slug)s» уже есть."), code="town_slug_taken",
            params={"slug": slug})})
    return Territory.objects.create(
        slug=slug, name=name, region=region, kind=kind, population_total=population_total,
        population_14_plus=population_14_plus, latitude=latitude, longitude=longitude,
        boundary=boundary or [],
    )


def territory_place(*, territory: Territory, latitude: float | None, longitude: float | None,
                    boundary: list | None = None) -> Territory:
    """Sets where the town is: its centre and (optionally) its boundary ring."""
    check_place(latitude, longitude, boundary)
    territory.latitude, territory.longitude = latitude, longitude
    territory.boundary = boundary or []
    territory.save(update_fields=["latitude", "longitude", "boundary"])
    return territory


def district_create(*, territory: Territory, name: str, population_14_plus: int = 0) -> District:
    return District.objects.create(territory=territory, name=name,
                                   population_14_plus=population_14_plus)


def building_create(*, territory: Territory, district: District, street: str, house: str,
                    kind: str = Building.Kind.APARTMENT, apartments: int = 0,
                    latitude: float | None = None, longitude: float | None = None) -> Building:
    if district.territory_id != territory.pk:
        raise ValidationError({"district": ValidationError(
            _("Район относится к другому городу."), code="other_town")})
    return Building.objects.create(
        territory=territory, district=district, street=street, house=house, kind=kind,
        apartments=apartments, latitude=latitude, longitude=longitude,
    )


@transaction.atomic
def topic_create(*, territory: Territory, name: str, description: str = "", order: int = 0,
                 slug: str = "") -> CityTopic:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": ValidationError(
            _("Укажите название темы."), code="topic_name_missing")})
    if len(name) > 200:
        raise ValidationError({"name": ValidationError(
            _("Название темы — не более 200 знаков."), code="topic_name_too_long")})
    slug = slug or slugify(name, allow_unicode=False) or f"topic-{CityTopic.objects.count() + 1}"
    # Compared in Python: SQLite's iexact folds only Latin letters («дороги» vs «Дороги»).
    existing = CityTopic.objects.filter(territory=territory).values_list("name", flat=True)
    if name.casefold() in {n.casefold() for n in existing}:
        raise ValidationError({"name": ValidationError(
            _("Тема «%(name)s» уже есть в каталоге."), code="topic_duplicate",
            params={"name": name})})
    base, n = slug[:50], 1
    while CityTopic.objects.filter(territory=territory, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return CityTopic.objects.create(territory=territory, name=name, description=description,
                                    order=order, slug=slug)


def topic_set_active(*, topic: CityTopic, is_active: bool) -> CityTopic:
    topic.is_active = is_active
    topic.save(update_fields=["is_active"])
    return topic
