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
