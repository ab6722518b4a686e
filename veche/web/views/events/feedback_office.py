"""Staff pages of an event's feedback: build the questionnaire (from the kind's templates; add,
edit, remove, reorder questions; open and close), its link, QR code and A4 poster, the
aggregated results, and the list of people who want to help (personal data: staff and the head,
past the second factor)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.accounts.access import access_town_roles, role_required
from veche.accounts.contract import one_or_404
from veche.accounts.links import site_url
from veche.documents.download import file_response
from veche.documents.pdf import qr_svg
from veche.events import access
from veche.events.feedback_poster import feedback_poster_pdf
from veche.events.models import FeedbackQuestion, QuestionKind
from veche.events.selectors.feedback import helpers, questionnaire_of_event, questions_of, results
from veche.events.services import feedback as services

from ...charts import hbar
from ...forms import attach_errors
from .feedback_forms import QuestionForm, QuestionnaireForm

staff = role_required(access.MANAGE)


def form_url(questionnaire, *, qr: bool = False) -> str:
    """The public address of the form (printed on posters: VECHE_SITE_URL)."""
    path = reverse("web:events_feedback_form", args=[questionnaire.territory.slug,
                                                     questionnaire.slug])
    return site_url(path + ("?src=qr" if qr else ""))


def _builder_url(event) -> str:
    return reverse("web:events_feedback_office", args=[event.territory.slug, event.pk])


def _event(request, event_id, *, manage: bool = False):
    return access.access_event(request.user, request.territory, event_id, manage=manage)


def _questionnaire(event):
    questionnaire = questionnaire_of_event(event)
    if questionnaire is None:
        raise Http404(_("У мероприятия ещё нет анкеты."))
    return questionnaire


@staff
def builder(request, slug, event_id):
    event = _event(request, event_id)
    questionnaire = questionnaire_of_event(event)
    context: dict = {"event": event, "questionnaire": questionnaire,
                     "may_manage": access.may_manage(access.access_office(
                         request.user, request.territory), event)}
    if questionnaire is not None:
        context.update({
            "questions": questions_of(questionnaire),
            "settings_form": QuestionnaireForm(initial={
                "title": questionnaire.title, "intro": questionnaire.intro,
                "closes_at": questionnaire.closes_at}),
            "question_form": QuestionForm(),
            "url": form_url(questionnaire), "qr": qr_svg(form_url(questionnaire, qr=True)),
        })
    return render(request, "events/feedback_builder.html", context)


@require_POST
@staff
def create(request, slug, event_id):
    event = _event(request, event_id, manage=True)
    try:
        services.questionnaire_create(event=event, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Анкета создана из вопросов для этого вида мероприятий."))
    return redirect(_builder_url(event))


@require_POST
@staff
def settings(request, slug, event_id):
    event = _event(request, event_id, manage=True)
    questionnaire = _questionnaire(event)
    action = request.POST.get("action", "")
    if action in ("open", "close"):
        services.questionnaire_set_open(questionnaire=questionnaire, is_open=action == "open")
        messages.success(request, _("Анкета открыта для ответов.") if action == "open"
                         else _("Анкета закрыта: новые ответы не принимаются."))
        return redirect(_builder_url(event))
    form = QuestionnaireForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.questionnaire_update(questionnaire=questionnaire, title=d["title"],
                                          intro=d["intro"], closes_at=d["closes_at"])
        except ValidationError as exc:
            attach_errors(form, exc)
    if form.errors:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        messages.success(request, _("Анкета сохранена."))
    return redirect(_builder_url(event))


@require_POST
@staff
def question_add(request, slug, event_id):
    event = _event(request, event_id, manage=True)
    questionnaire = _questionnaire(event)
    form = QuestionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.question_add(questionnaire=questionnaire, kind=d["kind"], text=d["text"],
                                  required=d["required"], choices=form.choice_list())
        except ValidationError as exc:
            attach_errors(form, exc)
    if form.errors:
        return render(request, "events/feedback_builder.html", {
            "event": event, "questionnaire": questionnaire, "may_manage": True,
            "questions": questions_of(questionnaire), "question_form": form,
            "settings_form": QuestionnaireForm(initial={
                "title": questionnaire.title, "intro": questionnaire.intro,
                "closes_at": questionnaire.closes_at}),
            "url": form_url(questionnaire), "qr": qr_svg(form_url(questionnaire, qr=True)),
        }, status=400)
    messages.success(request, _("Вопрос добавлен."))
    return redirect(_builder_url(event))


@require_POST
@staff
def question_change(request, slug, event_id, question_id):
    """One question: move up or down, remove, or save its new wording (action=…)."""
    event = _event(request, event_id, manage=True)
    questionnaire = _questionnaire(event)
    question = one_or_404(FeedbackQuestion.objects.filter(questionnaire=questionnaire),
                          question_id, _("Нет такого вопроса."))
    action = request.POST.get("action", "")
    try:
        if action in ("up", "down"):
            services.question_move(question=question, up=action == "up")
        elif action == "remove":
            services.question_remove(question=question)
            messages.success(request, _("Вопрос удалён."))
        else:
            choices = request.POST.get("choices", "").splitlines()
            services.question_update(question=question, text=request.POST.get("text", ""),
                                     required=bool(request.POST.get("required")),
                                     choices=choices)
            messages.success(request, _("Вопрос сохранён."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_builder_url(event) + f"#q{question.pk}")


@staff
def qr(request, slug, event_id):
    event = _event(request, event_id)
    return HttpResponse(qr_svg(form_url(_questionnaire(event), qr=True), scale=8),
                        content_type="image/svg+xml")


@staff
def poster(request, slug, event_id):
    event = _event(request, event_id)
    questionnaire = _questionnaire(event)
    return file_response(feedback_poster_pdf(questionnaire=questionnaire,
                                             form_url=form_url(questionnaire, qr=True)),
                         filename=f"anketa-{event.pk}.pdf", content_type="application/pdf",
                         inline=True)


def rating_chart(block: dict, chart_id: str) -> dict:
    return hbar(chart_id=chart_id, title=str(block["question"].text),
                rows=block["distribution"], label="label", value="count",
                headers=(_("Оценка") if block["kind"] == QuestionKind.RATING else _("Ответ"),
                         _("Ответов")))


def results_context(questionnaire) -> dict:
    found = results(questionnaire=questionnaire)
    for n, block in enumerate(found["blocks"]):
        if "distribution" in block:
            block["chart"] = rating_chart(block, f"feedback-chart-{n}")
    return found


@staff
def results_page(request, slug, event_id):
    event = _event(request, event_id)
    questionnaire = _questionnaire(event)
    roles = access_town_roles(request, access.MANAGE)
    found = results_context(questionnaire)
    return render(request, "events/feedback_results.html", {
        "event": event, **found, "summary": found,
        "see_people": bool(roles & access.PERSONAL),
    })


@role_required(access.PERSONAL)
def helpers_page(request, slug, event_id):
    event = _event(request, event_id)
    questionnaire = _questionnaire(event)
    return render(request, "events/feedback_helpers.html", {
        "event": event, "questionnaire": questionnaire,
        "rows": helpers(questionnaire=questionnaire),
    })
