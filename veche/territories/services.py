"""Writes for towns, their geography and their city topics."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .geo import check_place
from .models import Building, CityTopic, District, EngagementBase, Territory
from .timezones import MOSCOW, ZONES

POPULATION_MAX = 50_000_000  # more than any town of the network; a typo, not a town
SOURCE_MAX = 200


@transaction.atomic
def territory_create(*, slug: str, name: str, region: str = "", kind: str = Territory.Kind.TOWN,
                     population_total: int = 0, population_14_plus: int = 0,
                     latitude: float | None = None, longitude: float | None = None,
                     boundary: list | None = None, time_zone: str = MOSCOW) -> Territory:
    check_place(latitude, longitude, boundary)
    if time_zone not in dict(ZONES):
        raise ValidationError({"time_zone": ValidationError(
            _("Выберите часовой пояс из списка часовых поясов России."),
            code="time_zone_unknown")})
    if Territory.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": ValidationError(
            _("Город с адресом «%(slug)s» уже есть."), code="town_slug_taken",
            params={"slug": slug})})
    return Territory.objects.create(
        slug=slug, name=name, region=region, kind=kind, population_total=population_total,
        population_14_plus=population_14_plus, latitude=latitude, longitude=longitude,
        boundary=boundary or [], time_zone=time_zone,
    )


def territory_place(*, territory: Territory, latitude: float | None, longitude: float | None,
                    boundary: list | None = None) -> Territory:
    """Sets where the town is: its centre and (optionally) its boundary ring."""
    check_place(latitude, longitude, boundary)
    territory.latitude, territory.longitude = latitude, longitude
    territory.boundary = boundary or []
    territory.save(update_fields=["latitude", "longitude", "boundary"])
    return territory


def check_population(*, population_total: int, population_14_plus: int, engagement_base: str,
                     population_source: str, population_as_of: dt.date | None) -> None:
    """The figures the 10% goal is counted against must be whole, ordered, sourced and dated:
    a page that says «N of M residents» names where M comes from."""
    errors: dict[str, list[ValidationError]] = {}

    def refuse(field: str, message: str, code: str, **params) -> None:
        errors.setdefault(field, []).append(
            ValidationError(message, code=code, params=params or None))

    for field, value in (("population_total", population_total),
                         ("population_14_plus", population_14_plus)):
        if not isinstance(value, int) or isinstance(value, bool) \
                or not 0 <= value <= POPULATION_MAX:
            refuse(field, _("Численность — целое число от 0 до %(max)s."),
                   "population_out_of_range", max=POPULATION_MAX)
    if not errors and population_14_plus > population_total:
        refuse("population_14_plus",
               _("Жителей 14 лет и старше не может быть больше, чем всех жителей города."),
               "population_14_plus_above_total")
    if engagement_base not in EngagementBase.values:
        refuse("engagement_base", _("Выберите, от какой численности считать цель."),
               "engagement_base_unknown")
    elif not errors:
        base = (population_14_plus if engagement_base == EngagementBase.POPULATION_14_PLUS
                else population_total)
        if base <= 0:
            refuse("engagement_base",
                   _("Численность, от которой считается цель, не указана: впишите её."),
                   "engagement_base_empty")
    source = " ".join((population_source or "").split())
    if not source:
        refuse("population_source",
               _("Укажите источник численности (например, «Росстат, оценка на 1 января»)."),
               "population_source_missing")
    elif len(source) > SOURCE_MAX:
        refuse("population_source", _("Источник — не более %(limit)s знаков."),
               "text_too_long", limit=SOURCE_MAX)
    if population_as_of is None:
        refuse("population_as_of", _("Укажите, на какую дату дана численность."),
               "population_date_missing")
    elif not dt.date(1990, 1, 1) <= population_as_of <= timezone.localdate():
        refuse("population_as_of",
               _("Дата численности — не раньше 1990 года и не позже сегодняшнего дня."),
               "population_date_out_of_range")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def territory_population_set(*, territory: Territory, population_total: int,
                             population_14_plus: int, engagement_base: str,
                             population_source: str,
                             population_as_of: dt.date | None) -> Territory:
    """Sets the town's population figures, their source and date, and which of them the 10%
    goal is counted against. Staff and the head set them (web office, API)."""
    check_population(population_total=population_total, population_14_plus=population_14_plus,
                     engagement_base=engagement_base, population_source=population_source,
                     population_as_of=population_as_of)
    territory.population_total = population_total
    territory.population_14_plus = population_14_plus
    territory.engagement_base = engagement_base
    territory.population_source = " ".join(population_source.split())
    territory.population_as_of = population_as_of
    territory.save(update_fields=["population_total", "population_14_plus", "engagement_base",
                                  "population_source", "population_as_of"])
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


def territory_time_zone_set(*, territory: Territory, time_zone: str) -> Territory:
    """The town's own clock: its pages, deadlines, posters and reminders follow it."""
    if time_zone not in dict(ZONES):
        raise ValidationError({"time_zone": ValidationError(
            _("Выберите часовой пояс из списка часовых поясов России."),
            code="time_zone_unknown")})
    territory.time_zone = time_zone
    territory.save(update_fields=["time_zone"])
    return territory
