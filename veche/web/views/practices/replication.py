"""«Adopt this practice»: a town's staff take another town's published practice into work
(adaptation notes, own indicators, status), and keep the list of what their town replicates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from veche.practices.bank import selectors as sel
from veche.practices.bank import services as svc
from veche.practices.models import Practice, Replication

from ...forms import attach_errors
from .forms import ReplicationForm, indicators_text
from .office import practices_staff


@practices_staff
def replication_new(request, slug):
    t = request.territory
    raw = request.POST.get("practice") or request.GET.get("practice") or ""
    try:
        practice = sel.published_practice(practice_id=int(raw))
    except (ValueError, Practice.DoesNotExist):
        raise Http404(_("В банке нет такой опубликованной практики.")) from None
    form = ReplicationForm(request.POST or None, initial={"status": Replication.Status.PLANNED})
    if request.method == "POST" and "status" in request.POST and form.is_valid():
        c = form.cleaned_data
        try:
            rep = svc.replication_create(
                practice=practice, territory=t, user=request.user,
                adaptation_notes=c["adaptation_notes"], indicators=form.indicator_rows(),
                status=c["status"], started_on=c["started_on"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Практика взята в работу."))
            return redirect("web:practices_replication", slug=slug, replication_id=rep.pk)
    return render(request, "web/practices/replication_form.html",
                  {"form": form, "practice": practice, "replication": None},
                  status=400 if form.errors else 200)


@practices_staff
def replication_edit(request, slug, replication_id: int):
    try:
        rep = sel.replication_in_town(territory=request.territory, replication_id=replication_id)
    except Replication.DoesNotExist:
        raise Http404(_("Нет такой записи о тиражировании в этом городе.")) from None
    form = ReplicationForm(request.POST or None, initial={
        "adaptation_notes": rep.adaptation_notes, "status": rep.status,
        "started_on": rep.started_on, "indicators": indicators_text(rep.indicators)})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            svc.replication_update(replication=rep, user=request.user,
                                   adaptation_notes=c["adaptation_notes"],
                                   indicators=form.indicator_rows(), status=c["status"],
                                   started_on=c["started_on"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Сохранено."))
            return redirect("web:practices_replication", slug=slug, replication_id=rep.pk)
    return render(request, "web/practices/replication_form.html",
                  {"form": form, "practice": rep.practice, "replication": rep},
                  status=400 if form.errors else 200)
