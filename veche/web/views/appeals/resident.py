"""Resident pages: file an appeal (mobile-first, the draft kept on errors), my appeals in the
cabinet with their history and the feedback form, the signed feedback link from the e-mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.appeals import access
from veche.appeals.lifecycle import ASSIGNMENT, ASSIGNMENT_VERDICT, offered, perform
from veche.appeals.selectors import appeal_history, appeals_of_resident, my_person
from veche.appeals.services import appeal_file_by_resident, feedback_open, feedback_submit

from ...forms import attach_errors
from ..media import media_response
from .forms import FeedbackForm, ResidentAppealForm, VerdictForm, new_submission_key

FIELDS = ("topic", "text", "address_text", "reply_email", "reply_postal", "latitude",
          "longitude")


def _initial(person) -> dict:
    if person is None:
        return {}
    postal = ""
    if person.building_id:
        postal = f"{person.building}" + (f", кв. {person.apartment}" if person.apartment else "")
    return {"surname": person.surname,
            "given_name": " ".join(p for p in (person.given_name, person.patronymic) if p),
            "reply_email": person.email, "reply_phone": person.phone, "reply_postal": postal}


@login_required
def appeal_new(request, slug):
    t = request.territory
    person = my_person(request.user, t)
    if request.method != "POST":
        # ?topic=<id>: the topics page's «написать обращение» comes with its topic chosen
        initial = {**_initial(person), "topic": request.GET.get("topic") or None}
        form = ResidentAppealForm(territory=t, initial=initial)
        return render(request, "web/appeals/new.html", {"form": form})
    form = ResidentAppealForm(request.POST, request.FILES, territory=t)
    if form.is_valid():
        data = form.cleaned_data
        try:
            appeal, created = appeal_file_by_resident(
                territory=t, user=request.user, surname=data["surname"],
                given_name=data["given_name"], reply_phone=data["reply_phone"],
                photos=data["photos"], submission_key=data["submission_key"],
                **{k: data[k] for k in FIELDS},
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == "submission_key_reused":
                # The form was sent before and then changed: keep what is typed, under a new
                # key, so that sending it once more files it as a new appeal.
                form = _with_new_key(request, t)
            attach_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Обращение принято, номер %(n)s. Его "
                                            "зарегистрируют в течение 3 дней.") % {
                                                "n": appeal.number})
            else:
                # A second tap or a resent page: the one appeal, not an error page.
                messages.info(request, _("Это обращение уже принято, номер %(n)s. Повторная "
                                         "отправка не создала второго.") % {"n": appeal.number})
            return redirect("web:appeals_cabinet_detail", slug=t.slug, appeal_id=appeal.pk)
    return render(request, "web/appeals/new.html",
                  {"form": form, "files_lost": bool(request.FILES)}, status=400)


def _with_new_key(request, territory) -> ResidentAppealForm:
    data = request.POST.copy()
    data["submission_key"] = new_submission_key()
    form = ResidentAppealForm(data, territory=territory)
    form.is_valid()
    return form


@login_required
def cabinet_list(request, slug):
    appeals = appeals_of_resident(request.user, request.territory).select_related("topic")
    return render(request, "web/appeals/cabinet_list.html", {"appeals": appeals[:200]})


def _feedback_post(request, appeal, feedback, via):
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            feedback_submit(feedback=feedback, solved=form.cleaned_data["solved"] == "yes",
                            satisfaction=form.cleaned_data["satisfaction"],
                            comment=form.cleaned_data["comment"], via=via, actor=request.user)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return None
    return form


@login_required
def cabinet_detail(request, slug, appeal_id):
    appeal = access.access_own_appeal(request.user, request.territory, appeal_id)
    feedback = feedback_open(appeal=appeal) if appeal.status == "answered" else None
    form = FeedbackForm() if feedback else None
    if request.method == "POST":
        if feedback is None:
            messages.info(request, _("По этому обращению сейчас не ждём оценки."))
            return redirect(request.path)
        form = _feedback_post(request, appeal, feedback, "cabinet")
        if form is None:
            messages.success(request, _("Спасибо за оценку!"))
            return redirect(request.path)
    assignments = list(appeal.assignments.exclude(status="cancelled").select_related(
        "department"))
    for a in assignments:
        # Seed 002: the applicant is told the term and controls the quality of the work.
        a.verdict_open = not a.applicant_verdict and bool(  # type: ignore[attr-defined]
            offered(ASSIGNMENT, a, ASSIGNMENT_VERDICT))
    return render(request, "web/appeals/cabinet_detail.html", {
        "appeal": appeal, "events": appeal_history(appeal, public_only=True),
        "assignments": assignments,
        "photos": appeal.attachments.filter(report__isnull=True),
        "feedback_form": form, "answered_feedback": appeal.feedback.filter(
            answered_at__isnull=False),
    }, status=400 if form is not None and form.errors else 200)


@login_required
@require_POST
def assignment_verdict(request, slug, assignment_id):
    """The applicant confirms a done assignment or disputes it (the dispute reopens it)."""
    assignment = access.access_own_assignment(request.user, request.territory, assignment_id)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Выберите: подтвердить или оспорить исполнение."))
    else:
        action = form.cleaned_data["action"]
        try:
            perform(ASSIGNMENT, action, assignment, by=request.user,
                    comment=form.cleaned_data["comment"], via="cabinet")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Спасибо: исполнение подтверждено.") if action == "confirm"
                             else _("Поручение возвращено исполнителю с вашим замечанием."))
    return redirect("web:appeals_cabinet_detail", slug=request.territory.slug,
                    appeal_id=assignment.appeal_id)


def feedback_link(request, slug, appeal_id):
    """The link from the answer e-mail / SMS: no login needed, the signature is the key."""
    feedback = access.access_feedback_by_link(request.territory, appeal_id,
                                              request.GET.get("k", ""))
    appeal, form, done = feedback.appeal, FeedbackForm(), feedback.answered_at is not None
    if request.method == "POST" and not done:
        form = _feedback_post(request, appeal, feedback, "link")
        if form is None:
            done = True
            feedback.refresh_from_db()
            messages.success(request, _("Спасибо за оценку!"))
    return render(request, "web/appeals/feedback_link.html", {
        "appeal": appeal, "form": form, "done": done, "feedback": feedback,
    }, status=400 if form is not None and form.errors else 200)


@login_required
def attachment(request, slug, attachment_id):
    """A photo, to staff who see the appeal and to its applicant; nobody else."""
    item = access.access_attachment(request.user, request.territory, attachment_id)
    return media_response(request, item.file.name, content_type=item.content_type,
                          filename=item.original_name)
