"""Writes for towns, their geography and their city topics."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from .models import Building, CityTopic, District, Territory


@transaction.atomic
def territory_create(*, slug: str, name: str, region: str = "", kind: str = Territory.Kind.TOWN,
                     population_total: int = 0, population_14_plus: int = 0) -> Territory:
    if Territory.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": [f"Город с адресом «{slug}» уже есть."]})
    return Territory.objects.create(
        slug=slug, name=name, region=region, kind=kind, population_total=population_total,
        population_14_plus=population_14_plus,
    )


def district_create(*, territory: Territory, name: str, population_14_plus: int = 0) -> District:
    return District.objects.create(territory=territory, name=name,
                                   population_14_plus=population_14_plus)


def building_create(*, territory: Territory, district: District, street: str, house: str,
                    kind: str = Building.Kind.APARTMENT, apartments: int = 0,
                    latitude: float | None = None, longitude: float | None = None) -> Building:
    if district.territory_id != territory.pk:
        raise ValidationError({"district": ["Район относится к другому городу."]})
    return Building.objects.create(
        territory=territory, district=district, street=street, house=house, kind=kind,
        apartments=apartments, latitude=latitude, longitude=longitude,
    )


@transaction.atomic
def topic_create(*, territory: Territory, name: str, description: str = "", order: int = 0,
                 slug: str = "") -> CityTopic:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": ["Укажите название темы."]})
    if len(name) > 200:
        raise ValidationError({"name": ["Название темы — не более 200 знаков."]})
    slug = slug or slugify(name, allow_unicode=False) or f"topic-{CityTopic.objects.count() + 1}"
    # Compared in Python: SQLite's iexact folds only Latin letters («дороги» vs «Дороги»).
    existing = CityTopic.objects.filter(territory=territory).values_list("name", flat=True)
    if name.casefold() in {n.casefold() for n in existing}:
        raise ValidationError({"name": [f"Тема «{name}» уже есть в каталоге."]})
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
