"""`{% event_volunteer_tasks event %}`: an event's volunteer tasks on its page (sign-up for a
resident; the organiser's links for the office), so the event pages need no view change."""

from django import template

from veche.events import access_initiatives as acc
from veche.events.selectors import initiatives as sel

register = template.Library()


@register.inclusion_tag("events/volunteer_event_tasks.html", takes_context=True)
def event_volunteer_tasks(context, event, office: bool = False):
    request = context["request"]
    user, town = request.user, request.territory
    tasks = list(sel.event_tasks(event=event))
    organise = office and bool(acc.initiative_roles(user, town, None) & acc.ORGANISE)
    return {"tasks": tasks, "event": event, "organise": organise, "user": user,
            "request": request, "territory": town, "csrf_token": context.get("csrf_token"),
            "signed": sel.signed_task_ids(person=acc.person_of(user, town), tasks=tasks)}


@register.inclusion_tag("events/initiative_linked.html", takes_context=True)
def initiatives_linked(context, object_type: str, object_id):
    """The other side of an initiative's link: `{% initiatives_linked "votes.vote" vote.pk %}`
    on a vote's, a practice's, an appeal's or an event's page lists the initiatives naming it."""
    request = context["request"]
    town = getattr(request, "territory", None)
    rows = [] if town is None else list(sel.initiatives_linked_to(
        territory=town, object_type=object_type, object_id=object_id)[:20])
    return {"initiatives": rows, "territory": town}
