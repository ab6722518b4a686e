"""A town's practices in its back office (/t/<slug>/office/practices/…): list, import with the
parser's problems, edit (each save is a new passport version), versions with a diff, lifecycle
moves, classification, publication. Staff and head of the town only (role + TOTP)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.accounts.access import role_required
from veche.practices import access
from veche.practices.bank import selectors as sel
from veche.practices.bank import services as svc
from veche.practices.bank.classifier import SHORT_FUNCTION, SHORT_METHOD
from veche.practices.bank.search import BankFilters, search_practices
from veche.practices.bank.similar import similar_to_practice
from veche.practices.lifecycle import PRACTICE_PUBLICATION, practice_stage_move
from veche.practices.models import PassportVersion, Practice, Stage
from veche.territories.scoping import all_towns
from veche.territories.selectors import town_topics

from ...forms import attach_errors
from .forms import ClassifyForm, ImportForm, MoveForm, PassportForm
from .public import passport_file

manage_required = role_required(access.MANAGE)
PAGE = 50


def _practice(request, practice_id: int) -> Practice:
    return access.access_practice(request.user, request.territory, practice_id, manage=True)


@manage_required
def practice_list(request, slug):
    t = request.territory
    f = BankFilters(q=request.GET.get("q", "")[:300], status=request.GET.get("status", ""),
                    stage=request.GET.get("stage", ""))
    if f.status not in Practice.Status.values:
        f.status = ""
    if f.stage not in Stage.values:
        f.stage = ""
    found = search_practices(f, published_only=False, territory=t, limit=PAGE)
    return render(request, "web/practices/office_list.html", {
        "found": found, "filters": f, "statuses": Practice.Status.choices,
        "stages": Stage.choices, "short_method": SHORT_METHOD, "short_function": SHORT_FUNCTION,
        "replications": sel.town_replications(territory=t),
    })


@manage_required
def practice_import(request, slug):
    t = request.territory
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = svc.practice_import(
                territory=t, data=upload.read(), filename=upload.name, user=request.user,
                method=form.cleaned_data["method"], function=form.cleaned_data["function"],
                contest_year=form.cleaned_data["contest_year"],
                publish=form.cleaned_data["publish"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            if outcome.problems:
                messages.warning(request, _("Паспорт загружен, но распознан не полностью: "
                                            "проверьте список ниже и допишите разделы."))
            else:
                messages.success(request, _("Паспорт загружен: все 22 раздела на месте."))
            return redirect("web:practices_office_detail", slug=t.slug,
                            practice_id=outcome.practice.pk)
    return render(request, "web/practices/office_import.html", {"form": form},
                  status=400 if form.errors else 200)


def _detail_context(request, practice: Practice, **extra) -> dict:
    topics = town_topics(territory=request.territory, only_active=False)
    classify = extra.pop("classify", None) or ClassifyForm(topics=topics, initial={
        "method": practice.method, "function": practice.function, "year": practice.year,
        "contest_year": practice.contest_year,
        "tags": ", ".join(t.name for t in practice.tags.all()),
        "topics": list(practice.topics.all())})
    with all_towns():
        similar = similar_to_practice(practice, limit=5)
        replications = sel.replications_of(practice)
    return {
        "practice": practice, "version": practice.current_version,
        "sections": sel.sections_of(practice.current_version),
        "timeline": sel.lifecycle_timeline(practice), "versions": sel.versions_of(practice),
        "classify": classify, "move": extra.pop("move", None) or MoveForm(),
        "similar": similar, "replications": replications,
        "short_method": SHORT_METHOD, "short_function": SHORT_FUNCTION, **extra,
    }


@manage_required
def practice_detail(request, slug, practice_id: int):
    practice = _practice(request, practice_id)
    return render(request, "web/practices/office_detail.html",
                  _detail_context(request, practice))


@manage_required
@require_POST
def practice_classify(request, slug, practice_id: int):
    practice = _practice(request, practice_id)
    form = ClassifyForm(request.POST, topics=town_topics(territory=request.territory,
                                                         only_active=False))
    if form.is_valid():
        c = form.cleaned_data
        try:
            svc.practice_classify(practice=practice, user=request.user, method=c["method"],
                                  function=c["function"], tags=c["tags"].split(","),
                                  topics=list(c["topics"]), year=c["year"],
                                  contest_year=c["contest_year"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Классификация сохранена."))
            return redirect("web:practices_office_detail", slug=slug, practice_id=practice.pk)
    return render(request, "web/practices/office_detail.html",
                  _detail_context(request, practice, classify=form), status=400)


@manage_required
@require_POST
def practice_move(request, slug, practice_id: int):
    practice = _practice(request, practice_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            practice_stage_move(practice=practice, to_stage=form.cleaned_data["to_stage"],
                                by=request.user, comment=form.cleaned_data["comment"],
                                roles=request.town_roles)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Этап изменён: %(stage)s.") % {
                "stage": practice.get_stage_display()})
            return redirect("web:practices_office_detail", slug=slug, practice_id=practice.pk)
    return render(request, "web/practices/office_detail.html",
                  _detail_context(request, practice, move=form), status=400)


@manage_required
@require_POST
def practice_publish(request, slug, practice_id: int):
    practice = _practice(request, practice_id)
    publish = request.POST.get("publish") == "1"
    try:
        PRACTICE_PUBLICATION.run("publish" if publish else "unpublish", practice,
                                 by=request.user, roles=request.town_roles)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Практика опубликована в банке сети.") if publish
                         else _("Практика снята с публикации."))
    return redirect("web:practices_office_detail", slug=slug, practice_id=practice.pk)


@manage_required
def practice_edit(request, slug, practice_id: int):
    practice = _practice(request, practice_id)
    form = PassportForm(request.POST or None, passport=sel.passport_of(practice.current_version))
    if request.method == "POST" and form.is_valid():
        try:
            version = svc.passport_save(practice=practice, passport=form.passport(),
                                        user=request.user,
                                        comment=form.cleaned_data["comment"] or _("Правка"))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Сохранено как версия %(n)s.") % {"n": version.number})
            return redirect("web:practices_office_detail", slug=slug, practice_id=practice.pk)
    return render(request, "web/practices/office_edit.html",
                  {"practice": practice, "form": form}, status=400 if form.errors else 200)


@manage_required
def practice_version(request, slug, practice_id: int, version_id: int):
    version = access.access_passport_version(request.user, request.territory, practice_id,
                                             version_id)
    practice = version.practice
    previous = (PassportVersion.objects.filter(practice=practice, number__lt=version.number)
                .order_by("-number").first())
    return render(request, "web/practices/office_version.html", {
        "practice": practice, "version": version, "previous": previous,
        "diff": sel.version_diff(previous, version),
        "sections": sel.sections_of(version),
    })


@manage_required
def practice_download(request, slug, practice_id: int, fmt: str):
    if fmt not in ("docx", "pdf"):
        raise Http404
    return passport_file(_practice(request, practice_id), fmt)
