"""What the projects pages share: the access decorators (role sets of the practices
capability), the current project, POST handling that re-renders the form with the service's
messages on a rejected input."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from veche.accounts.access import role_required
from veche.practices import access
from veche.practices.projects.selectors import project_current

from ...forms import attach_errors

# The project's back office: administration staff and the head.
staff_required = role_required(access.MANAGE)
expert_required = role_required(access.EXPERTISE)
curator_in_town_required = role_required(access.CURATE)


def year_param(request) -> int | None:
    year = request.GET.get("year") or request.POST.get("year")
    return int(year) if year and str(year).isdigit() else None


def current_project(request):
    """The project of ?year= (the latest when none), or None: the pages that offer to start a
    project or send the visitor there use it; the others call `project_or_404`."""
    return project_current(territory=request.territory, year=year_param(request))


def project_or_404(request, *, expert: bool = False):
    return access.access_project(request.user, request.territory, year=year_param(request),
                                 expert=expert)


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


def month_param[D](value: str | None, default: D) -> dt.date | D:
    try:
        y, m = str(value).split("-")[:2]
        return dt.date(int(y), int(m), 1)
    except (ValueError, TypeError):
        return default
