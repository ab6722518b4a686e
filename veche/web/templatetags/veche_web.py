"""Small presentation helpers for Veche templates."""

from django import template
from django.utils.translation import gettext_lazy as _

from veche.web import charts

register = template.Library()


@register.filter
def percent(share) -> str:
    """0.0342 → «3,4 %» in the current locale."""
    return charts.fmt_percent(share)


@register.filter
def num(value) -> str:
    """12345 → «12 345» with the locale's grouping."""
    return charts.fmt_number(value)


@register.filter
def bar_width(share) -> str:
    """A share as a CSS width, capped at 100% (progress past the goal still fills the bar)."""
    return f"{min(max(float(share or 0), 0), 1) * 100:.1f}%"


@register.filter
def pct_class(share) -> str:
    """A share (0..1) as one of the classes pct-0 … pct-100 of veche.css: a bar's width without
    an inline style, which the Content-Security-Policy forbids."""
    try:
        value = float(share or 0)
    except (TypeError, ValueError):
        value = 0.0
    return f"pct-{round(min(max(value, 0), 1) * 100)}"


@register.filter
def pct_of(part, whole) -> str:
    """`part` of `whole` as a pct-N class (a step of the steps, a budget spent)."""
    try:
        return pct_class(float(part or 0) / float(whole))
    except (TypeError, ValueError, ZeroDivisionError):
        return pct_class(0)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def widget(field, **attrs):
    """A form field's widget tied to its help text and errors for screen readers."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


_FK_LABELS = {"district": _("район"), "building": _("дом")}


@register.filter
def person_field_label(name: str) -> str:
    """A registry field's human name (facts store the field's code name)."""
    from veche.registry.models import Person

    if name in _FK_LABELS:
        return str(_FK_LABELS[name])
    try:
        return str(getattr(Person._meta.get_field(name), "verbose_name", name))
    except Exception:  # noqa: BLE001 - an unknown name is shown as it is
        return name


@register.filter
def day_off_note(day) -> str:
    """A term that ends on a day off, with the Civil Code's rule applied: «нерабочий день
    (Новогодние каникулы): по ст. 193 ГК РФ окончание срока — 11.01.2027»; "" otherwise."""
    from django.utils.formats import date_format

    from veche.territories.calendar import term_on_day_off

    found = term_on_day_off(day)
    if found is None:
        return ""
    return str(_("нерабочий день (%(reason)s): по ст. 193 ГК РФ окончание срока — %(moved)s; "
                 "последний рабочий день до него — %(last)s") % {
        "reason": found["reason"], "moved": date_format(found["moved_to"], "d.m.Y"),
        "last": date_format(found["last_working_day"], "d.m.Y")})


@register.simple_tag(takes_context=True)
def town_clock(context) -> str:
    """«время местное, МСК+2» beside a clock time on a town's page (the town's own time zone is
    active there); «время московское» for a town on Moscow time."""
    from veche.territories.timezones import moscow_offset

    territory = context.get("territory")
    if territory is None:
        return ""
    offset = moscow_offset(territory.time_zone)
    if offset == moscow_offset("Europe/Moscow"):
        return str(_("время московское"))
    return str(_("время местное, %(offset)s") % {"offset": offset})
