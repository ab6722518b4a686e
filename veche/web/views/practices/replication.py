"""«Adopt this practice»: a town's staff take another town's published practice into work
(adaptation notes, own indicators, status), and keep the list of what their town replicates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from veche.accounts.access import role_required
from veche.practices import access
from veche.practices.bank import services as svc
from veche.practices.models import Replication

from ...forms import attach_errors
from .forms import ReplicationForm, indicators_text

manage_required = role_required(access.MANAGE)


@manage_required
def replication_new(request, slug):
    t = request.territory
    raw = request.POST.get("practice") or request.GET.get("practice") or ""
    # Another town's practice, published: the bank is the network's.
    practice = access.access_practice(request.user, None, raw)
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


@manage_required
def replication_edit(request, slug, replication_id: int):
    rep = access.access_replication(request.user, request.territory, replication_id)
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
