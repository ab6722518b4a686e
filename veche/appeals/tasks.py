"""Background work of the appeals area, through Django's tasks API (`veche worker` runs it)."""

from django.tasks import task

from veche.territories.models import Territory
from veche.territories.scoping import town_scope

from .services.reminders import appeals_remind


@task()
def remind_executors(*, territory_id: int | None = None) -> dict:
    """Reminders and escalations owed today, in one town or every active town."""
    towns = Territory.objects.filter(is_active=True)
    if territory_id is not None:
        towns = towns.filter(pk=territory_id)
    done = {}
    for territory in towns:
        with town_scope(territory):
            done[territory.slug] = appeals_remind(territory=territory)
    return done
