"""What the projects pages share: access decorators, the current project, POST handling that
re-renders the form with the service's Russian messages on a rejected input."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from veche.accounts.access import town_role_required
from veche.accounts.models import Role
from veche.practices.projects.selectors import project_current

from ...forms import attach_errors

# The project's back office: administration staff and the head.
staff_required = town_role_required(Role.STAFF, Role.HEAD)
expert_required = town_role_required(Role.EXPERT)
curator_in_town_required = town_role_required(Role.CURATOR)


def current_project(request):
    year = request.GET.get("year") or request.POST.get("year")
    year = int(year) if year and str(year).isdigit() else None
    return project_current(territory=request.territory, year=year)


def run_service(request, form, call, success: str, to: str, **to_kwargs):
    """Validate `form`, call the service with its cleaned data; on success flash `success`
    and redirect, on a ValidationError attach the messages to the form and return None."""
    if not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except ValidationError as exc:
        attach_errors(form, exc)
        return None
    messages.success(request, success.format(obj=result))
    return redirect(to, slug=request.territory.slug, **to_kwargs)


def month_param(value: str | None, default: dt.date) -> dt.date:
    try:
        y, m = str(value).split("-")[:2]
        return dt.date(int(y), int(m), 1)
    except (ValueError, TypeError):
        return default
