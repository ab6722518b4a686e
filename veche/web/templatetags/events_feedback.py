"""`{% event_feedback event %}`: an event's feedback on its page — for residents the link to
the open form, for the office the headline results with links to the questionnaire, results
and criteria — so the event pages need no view change."""

from django import template

from veche.events.selectors.feedback import summary

register = template.Library()


@register.inclusion_tag("events/_feedback_summary.html", takes_context=True)
def event_feedback(context, event, office: bool = False):
    request = context["request"]
    return {"feedback": summary(event=event), "event": event, "office": office,
            "territory": request.territory, "request": request}
