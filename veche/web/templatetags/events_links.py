"""«Связанные мероприятия»: the block a vote's, an appeal's or a head meeting's page shows for
the events linked to it (veche.events EventLink). The web may read every capability; the
capabilities themselves never import each other.

    {% load events_links %}{% related_events "votes.vote" vote.pk %}
"""

from django import template
from django.urls import reverse

from veche.events.access import PUBLIC_STATUSES
from veche.events.selectors.events import events_linked_to

register = template.Library()


@register.inclusion_tag("events/related_events.html", takes_context=True)
def related_events(context, object_type: str, object_id, office: bool = True) -> dict:
    request = context.get("request")
    territory = getattr(request, "territory", None)
    if territory is None:
        return {"rows": []}
    events = events_linked_to(territory, object_type, object_id)
    if not office:
        events = events.filter(status__in=PUBLIC_STATUSES)
    name = "web:events_office_detail" if office else "web:events_detail"
    return {"rows": [{"title": e.title, "starts_at": e.starts_at,
                      "href": reverse(name, args=[territory.slug, e.pk])}
                     for e in events[:20]]}
