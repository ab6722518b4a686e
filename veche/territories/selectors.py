from django.db.models import QuerySet

from .models import CityTopic, Territory


def active_towns() -> QuerySet[Territory]:
    return Territory.objects.filter(is_active=True)


def town_topics(*, territory: Territory, only_active: bool = True) -> QuerySet[CityTopic]:
    qs = CityTopic.objects.filter(territory=territory)
    return qs.filter(is_active=True) if only_active else qs
