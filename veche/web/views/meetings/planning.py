"""Planning a series of meetings from the data: the appeal map, the ranked courtyards «where
to go next», and a form that turns the chosen courtyards into a series of planned meetings."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from veche.appeals.meetings.selectors import appeal_map, where_next
from veche.appeals.meetings.services import series_create, series_plan
from veche.territories.models import Building

from ...forms import attach_errors
from .common import meetings_staff
from .forms import PeriodForm, SeriesPlanForm
from .mapsvg import appeal_map_svg
from .office import _head_name


def _period(request) -> tuple[PeriodForm, dt.date, dt.date]:
    today = timezone.localdate()
    since, until = today - dt.timedelta(days=365), today
    form = PeriodForm(request.GET or None, initial={"date_from": since, "date_to": until})
    if form.is_bound and form.is_valid():
        since = form.cleaned_data.get("date_from") or since
        until = form.cleaned_data.get("date_to") or until
    return form, since, until


@meetings_staff
def plan(request, slug):
    t = request.territory
    period_form, since, until = _period(request)
    rows = appeal_map(territory=t, since=since, until=until)
    ranked = where_next(territory=t, rows=rows, limit=25)
    candidates = Building.objects.filter(territory=t, pk__in=[r["id"] for r in ranked])
    form = SeriesPlanForm(request.POST if request.method == "POST" else None,
                          buildings=candidates, initial={
                              "head_name": _head_name(t), "every_days": 7,
                              "first_day": timezone.localdate() + dt.timedelta(days=14),
                              "title": _("Встречи Главы во дворах")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if not (d["title"] or "").strip():
                raise ValidationError({"title": [_("Назовите цикл встреч.")]})
            if d["first_day"] is None or d["at_time"] is None:
                raise ValidationError({"first_day": [_("Укажите дату первой встречи и время.")]})
            if not (d["head_name"] or "").strip():
                raise ValidationError({"head_name": [_("Укажите, кто проводит встречи.")]})
            order = {r["id"]: i for i, r in enumerate(ranked)}
            chosen = sorted(d["buildings"], key=lambda b: order.get(b.pk, 999))
            with transaction.atomic():  # a refused plan leaves no empty series behind
                series = series_create(territory=t, title=d["title"], created_by=request.user)
                made = series_plan(territory=t, series=series, buildings=chosen,
                                   first_day=d["first_day"], every_days=d["every_days"] or 7,
                                   at_time=d["at_time"], head_name=d["head_name"],
                                   created_by=request.user)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Запланировано встреч: %(n)d. Проверьте даты и объявите "
                                        "их.") % {"n": len(made)})
            return redirect("web:meetings_office", slug=t.slug)
    return render(request, "web/meetings/plan.html", {
        "period_form": period_form, "since": since, "until": until,
        "map": appeal_map_svg(rows), "ranked": ranked, "form": form,
        "total_appeals": sum(r["appeals"] for r in rows),
    }, status=400 if form.errors else 200)
