"""The resident's feedback form, reached by its link or QR code (/t/<town>/f/<slug>/): answer
once, see thanks and, where the event needs volunteers, an offer to sign up. A second submit
says when the first one was sent; a closed form says so and keeps what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from veche.accounts.contract import one_or_404
from veche.events.models import FeedbackResponse, VolunteerTask
from veche.events.selectors.feedback import (
    questionnaire_by_slug,
    questions_of,
    response_of,
)
from veche.events.services.feedback import already_answered_message, check_open, feedback_submit
from veche.registry.models import Person

from ...forms import attach_errors
from .feedback_forms import AnswerForm


def _person(request) -> Person | None:
    return Person.objects.filter(territory=request.territory, user=request.user,
                                 is_erased=False).first()


def _gate(request, questionnaire_slug):
    """(questionnaire, person): only a registry person of the town answers; anyone else is
    refused before the form is shown, so another town's user learns nothing of it."""
    person = _person(request)
    if person is None:
        raise PermissionDenied(_(
            "Ответить на анкету может житель этого города: в вашем профиле нет записи жителя. "
            "Присоединитесь к городу в личном кабинете или обратитесь в администрацию."))
    return questionnaire_by_slug(territory=request.territory, slug=questionnaire_slug), person


def _thanks_url(questionnaire) -> str:
    return reverse("web:events_feedback_thanks",
                   args=[questionnaire.territory.slug, questionnaire.slug])


def _channel(request) -> str:
    src = request.GET.get("src") or request.POST.get("src")
    return FeedbackResponse.Channel.QR if src == "qr" else FeedbackResponse.Channel.LINK


@never_cache
@login_required
def form(request, slug, questionnaire_slug):
    questionnaire, person = _gate(request, questionnaire_slug)
    questions = questions_of(questionnaire)
    earlier = response_of(questionnaire=questionnaire, person=person)
    refusal = already_answered_message(earlier) if earlier is not None else ""
    closed = ""
    try:
        check_open(questionnaire)
    except ValidationError as exc:
        closed = exc.messages[0]
    posted = request.method == "POST"
    answer_form = AnswerForm(request.POST if posted else None, questions=questions)
    status = 200
    if posted and not refusal:
        if closed:
            status = 409  # the typed answers stay on the page with the message
        elif answer_form.is_valid():
            try:
                feedback_submit(questionnaire=questionnaire, person=person,
                                answers=answer_form.answers(), channel=_channel(request))
            except ValidationError as exc:
                if getattr(exc, "code", "") == "feedback_already_sent":
                    refusal = exc.messages[0]
                elif getattr(exc, "code", "") == "feedback_closed":
                    closed = exc.messages[0]
                else:
                    attach_errors(answer_form, exc)
                status = 409 if refusal or closed else 400
            else:
                return redirect(_thanks_url(questionnaire))
        else:
            status = 400
    elif posted:
        status = 409
    return render(request, "events/feedback_form.html", {
        "questionnaire": questionnaire, "event": questionnaire.event, "form": answer_form,
        "rows": answer_form.rows(), "refusal": refusal, "closed": closed,
        "earlier": earlier, "channel": "qr" if _channel(request) == "qr" else "",
    }, status=status)


def _open_tasks(questionnaire):
    if questionnaire.event_id is None:
        return []
    return list(VolunteerTask.objects.filter(event_id=questionnaire.event_id,
                                             status=VolunteerTask.Status.OPEN))


def _signup_service():
    """E3's volunteer sign-up, where the volunteers part is installed."""
    try:
        from veche.events.services.volunteers import signup_create
    except ImportError:
        return None
    return signup_create


@login_required
def thanks(request, slug, questionnaire_slug):
    questionnaire, person = _gate(request, questionnaire_slug)
    response = response_of(questionnaire=questionnaire, person=person)
    tasks = _open_tasks(questionnaire) if response and response.wants_to_help else []
    return render(request, "events/feedback_thanks.html", {
        "questionnaire": questionnaire, "event": questionnaire.event, "response": response,
        "tasks": tasks if _signup_service() else [],
    })


@require_POST
@login_required
def help_signup(request, slug, questionnaire_slug, task_id):
    """«Хочу помочь» → sign up to one of the event's open volunteer tasks."""
    questionnaire, person = _gate(request, questionnaire_slug)
    service = _signup_service()
    task = one_or_404(VolunteerTask.objects.filter(territory=request.territory,
                                                   event_id=questionnaire.event_id),
                      task_id, _("Нет такой задачи."))
    if service is None:
        messages.error(request, _("Записаться сейчас нельзя: организаторы свяжутся с вами, "
                                  "если вы дали согласие на сообщения."))
        return redirect(_thanks_url(questionnaire))
    try:
        service(task=task, person=person, source="web")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Вы записаны волонтёром: «%(task)s». Спасибо!")
                         % {"task": task.title})
    return redirect(_thanks_url(questionnaire))
