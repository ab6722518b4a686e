"""Staff pages of countable criteria: an event's scorecard (choose criteria from the catalogue
or define own ones, each with a target; enter values that are entered with their source), and
the comparison of events and organisers over a period, with CSV and XLSX exports."""

import csv
import datetime as dt
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.accounts.access import role_required
from veche.accounts.contract import one_or_404
from veche.documents.download import XLSX, file_response
from veche.events import access
from veche.events.kinds import kind_choices
from veche.events.models import EventCriterion, OrganiserKind
from veche.events.selectors.scorecard import Filters, comparison, scorecard
from veche.events.services import criteria as services

from ...forms import attach_errors
from .feedback_forms import CatalogueCriterionForm, CriterionValueForm, OwnCriterionForm

staff = role_required(access.MANAGE)
PAGE = 200


def _url(event) -> str:
    return reverse("web:events_scorecard", args=[event.territory.slug, event.pk])


def _page(request, event, *, catalogue_form=None, own_form=None, status=200):
    roles = access.access_office(request.user, request.territory)
    return render(request, "events/scorecard_event.html", {
        **scorecard(event=event), "may_manage": access.may_manage(roles, event),
        "catalogue_form": catalogue_form or CatalogueCriterionForm(),
        "own_form": own_form or OwnCriterionForm(),
    }, status=status)


@staff
def event_scorecard(request, slug, event_id):
    event = access.access_event(request.user, request.territory, event_id)
    return _page(request, event)


@require_POST
@staff
def criterion_add(request, slug, event_id):
    """Choose a catalogue criterion (what=catalogue), the kind's suggested ones
    (what=suggested) or define an own one (what=own)."""
    event = access.access_event(request.user, request.territory, event_id, manage=True)
    what = request.POST.get("what", "")
    if what == "suggested":
        services.criteria_suggest(event=event)
        messages.success(request, _("Добавлены рекомендуемые критерии: задайте им цели."))
        return redirect(_url(event))
    if what == "own":
        own = OwnCriterionForm(request.POST)
        if own.is_valid():
            d = own.cleaned_data
            try:
                services.criterion_define(event=event, name=d["name"], unit=d["unit"],
                                          target=d["target"], value=d["manual_value"],
                                          source=d["value_source"])
            except ValidationError as exc:
                attach_errors(own, exc)
        if own.errors:
            return _page(request, event, own_form=own, status=400)
    else:
        form = CatalogueCriterionForm(request.POST)
        if form.is_valid():
            try:
                services.criterion_set(event=event, code=form.cleaned_data["code"],
                                       target=form.cleaned_data["target"])
            except ValidationError as exc:
                attach_errors(form, exc)
        if form.errors:
            return _page(request, event, catalogue_form=form, status=400)
    messages.success(request, _("Критерий сохранён."))
    return redirect(_url(event))


@require_POST
@staff
def criterion_change(request, slug, event_id, criterion_id):
    """Enter a value with its source, change the target (action=save) or remove it."""
    event = access.access_event(request.user, request.territory, event_id, manage=True)
    criterion = one_or_404(EventCriterion.objects.filter(event=event), criterion_id,
                           _("Нет такого критерия."))
    try:
        if request.POST.get("action") == "remove":
            services.criterion_remove(criterion=criterion)
            messages.success(request, _("Критерий убран."))
        else:
            form = CriterionValueForm(request.POST)
            form.is_valid()
            d = form.cleaned_data
            if criterion.code and not criterion_entered(criterion):
                services.criterion_set(event=event, code=criterion.code, target=d["target"])
            else:
                services.criterion_value_enter(criterion=criterion, value=d["manual_value"],
                                               source=d["value_source"], target=d["target"])
            messages.success(request, _("Критерий сохранён."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_url(event))


def criterion_entered(criterion: EventCriterion) -> bool:
    from veche.events.criteria import CATALOGUE

    return criterion.code not in CATALOGUE or CATALOGUE[criterion.code].entered


# --- comparison ------------------------------------------------------------------------------

def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filters_of(request) -> Filters:
    g = request.GET
    today = dt.date.today()
    date_from = _date(g.get("from", "")) if "from" in g else today - dt.timedelta(days=365)
    return Filters(date_from=date_from, date_to=_date(g.get("to", "")),
                   kind=g.get("kind", "") if g.get("kind", "") in dict(kind_choices()) else "",
                   organiser_kind=g.get("organiser", "")
                   if g.get("organiser", "") in OrganiserKind.values else "",
                   organiser_name=g.get("name", "").strip()[:100])


def _number(value) -> str:
    return "" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def export_rows(found: dict) -> tuple[list[str], list[list]]:
    head = [_("Дата"), _("Мероприятие"), _("Вид"), _("Организатор"), _("Название организатора"),
            *[f"{c.label}, {c.unit}" for c in found["criteria"]],
            _("Выполнено критериев"), _("Выбрано критериев")]
    kinds, organisers = dict(kind_choices()), dict(OrganiserKind.choices)
    rows = [[r["starts_at"].date().isoformat(), r["title"], str(kinds.get(r["kind"], r["kind"])),
             str(organisers.get(r["organiser_kind"], r["organiser_kind"])), r["organiser_name"],
             *[_number(r["values"][c.code]) for c in found["criteria"]], r["met"], r["chosen"]]
            for r in found["rows"]]
    return head, rows


def _export(found: dict, fmt: str) -> HttpResponse:
    head, rows = export_rows(found)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(head)
        writer.writerows(rows)
        data = ("\ufeff" + out.getvalue()).encode()
        kind, name = "text/csv; charset=utf-8", "events-comparison.csv"
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Мероприятия"))
        sheet.append(head)
        for row in rows:
            sheet.append(row)
        summary = book.create_sheet(_("Организаторы"))
        summary.append([_("Организатор"), _("Название"), _("Мероприятий"),
                        _("Средняя доля ответивших, %"), _("Предложений на участника"),
                        _("Новые активные"), _("Доля выполненных критериев, %")])
        organisers = dict(OrganiserKind.choices)
        for s in found["organisers"]:
            summary.append([str(organisers.get(s.organiser_kind, s.organiser_kind)),
                            s.organiser_name, s.events, _number(s.mean_feedback_rate),
                            _number(s.proposals_per_participant), s.newcomers,
                            _number(None if s.criteria_met_share is None
                                    else 100 * s.criteria_met_share)])
        out_bytes = io.BytesIO()
        book.save(out_bytes)
        data, kind, name = out_bytes.getvalue(), XLSX, "events-comparison.xlsx"
    return file_response(data, filename=name, content_type=kind)


@staff
def compare(request, slug):
    filters = filters_of(request)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        return _export(comparison(territory=request.territory, filters=filters, limit=None),
                       fmt)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    found = comparison(territory=request.territory, filters=filters, limit=PAGE,
                       offset=(page - 1) * PAGE)
    return render(request, "events/scorecard_compare.html", {
        **found, "filters": filters, "kinds": kind_choices(),
        "organiser_kinds": OrganiserKind.choices, "page": page,
        "has_next": page * PAGE < found["count"], "organiser_labels": dict(OrganiserKind.choices),
        "kind_labels": dict(kind_choices()),
    })
