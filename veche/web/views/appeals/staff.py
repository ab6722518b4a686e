"""Staff pages: the appeal registry with filters, registering a phone/letter/e-mail appeal
(applicant search or creation, suggested template solutions), the appeal card with its
actions (register, status, extension, forwarding, answer, assignment)."""

import importlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.accounts.access import role_required
from veche.accounts.flow import client_ip
from veche.appeals import access
from veche.appeals import selectors as sel
from veche.appeals import services as svc
from veche.appeals.letters import letter_print
from veche.appeals.lifecycle import (
    APPEAL,
    APPEAL_STATUS_FORM,
    ASSIGNMENT,
    ASSIGNMENT_STATUS_FORM,
    offered,
    perform,
    step_to,
)
from veche.registry.models import Person
from veche.registry.selectors import persons_search
from veche.registry.services import person_card_open

from ...forms import attach_errors
from .forms import (
    AnswerForm,
    AppealFilterForm,
    AssignmentForm,
    ExtendForm,
    ForwardForm,
    RegisterForm,
    StaffAppealForm,
    StatusForm,
    new_submission_key,
)

staff_required = role_required(access.MANAGE)
PAGE = 50


def suggest_solutions(*, territory, text, topic=None) -> list:
    """Template solutions from the knowledge base, when that part is installed."""
    try:
        knowledge = importlib.import_module("veche.appeals.knowledge")
    except ModuleNotFoundError:
        return []
    suggest = getattr(knowledge, "suggest_solutions", None)
    if suggest is None or not (text or "").strip():
        return []
    try:
        return list(suggest(territory=territory, text=text, topic=topic))[:5]
    except Exception:  # noqa: BLE001 - a hint must never break registration
        return []


def _viewer(request) -> sel.Viewer:
    return access.access_office(request.user, request.territory)


@staff_required
def registry(request, slug):
    viewer = _viewer(request)
    form = AppealFilterForm(request.GET, territory=request.territory)
    qs = sel.appeals_search(sel.appeals_visible(viewer), **form.search_kwargs())
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "web/appeals/registry.html", {
        "form": form, "page": page, "query": query.urlencode(), "viewer": viewer,
        "figures": sel.appeal_figures(sel.appeals_visible(viewer)),
    })


@staff_required
def applicant_search(request, slug):
    """htmx: persons matching the typed name/phone/email, to pick as the applicant."""
    q = request.GET.get("q", "")
    people = list(persons_search(territory=request.territory, q=q)[:10]) if len(q) >= 2 else []
    return render(request, "web/appeals/applicant_results.html", {"people": people, "q": q})


def _chosen(request) -> Person | None:
    try:
        pk = int(request.POST.get("applicant") or 0)
    except ValueError:
        return None
    return Person.objects.filter(territory=request.territory, pk=pk,
                                 is_erased=False).first() if pk else None


def _new_applicant(form, request):
    """The applicant typed in (none picked): found in the registry by contacts or created."""
    data = form.cleaned_data
    if data.get("applicant"):  # picked, but _chosen found no such person of this town
        raise ValidationError({"surname": [_("Выбранный заявитель не найден в реестре.")]})
    return svc.applicant_find_or_create(
        territory=request.territory, surname=data["surname"], given_name=data["given_name"],
        patronymic=data["patronymic"], phone=data["reply_phone"],
        email=data["reply_email"], recorded_by=request.user,
    )


@staff_required
def register_new(request, slug):
    viewer = access.access_desk(request.user, request.territory)
    t = request.territory
    form = StaffAppealForm(request.POST or None, request.FILES or None, territory=t)
    # The applicant picked from the registry stays picked when the form comes back with errors.
    chosen = _chosen(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if chosen is None:
                # A new registry person: every problem of the form at once, before creating it.
                svc.appeal_check_only(territory=t, name_required=True, **data)

            def enter(key: str):
                applicant = chosen or _new_applicant(form, request)
                return svc.appeal_create(
                    territory=t, channel=data["channel"], applicant=applicant,
                    text=data["text"], surname=data["surname"] or applicant.surname,
                    given_name=data["given_name"], reply_email=data["reply_email"],
                    reply_postal=data["reply_postal"], reply_phone=data["reply_phone"],
                    topic=data["topic"], building=data["building"],
                    address_text=data["address_text"], latitude=data["latitude"],
                    longitude=data["longitude"], photos=data["photos"],
                    received_at=data["received_at"], created_by=request.user, register=True,
                    department=data["department"], submission_key=key,
                )

            # One transaction: a refused appeal leaves no new applicant behind.
            appeal, created = svc.appeal_enter_once(
                territory=t, user=request.user, submission_key=data["submission_key"],
                text=data["text"], enter=enter)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "submission_key_reused":
                # Changed after it was sent: keep what is typed, under a new key.
                form = _with_new_key(request, t)
            attach_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Обращение зарегистрировано: %(n)s.") % {
                    "n": appeal.number})
            else:
                messages.info(request, _("Это обращение уже зарегистрировано: %(n)s. Повторная "
                                         "отправка формы не создала второго.") % {
                                             "n": appeal.number})
            return redirect("web:appeals_card", slug=t.slug, appeal_id=appeal.pk)
    data = form.data if form.is_bound else {}
    return render(request, "web/appeals/register_new.html", {
        "form": form, "chosen": chosen, "files_lost": bool(request.FILES) and form.errors,
        "viewer": viewer,
        "solutions": suggest_solutions(territory=t, text=data.get("text", "")),
    }, status=400 if form.errors else 200)


def _with_new_key(request, territory) -> StaffAppealForm:
    data = request.POST.copy()
    data["submission_key"] = new_submission_key()
    form = StaffAppealForm(data, territory=territory)
    form.is_valid()
    return form


@staff_required
def solutions(request, slug):
    """htmx: template solutions for the text typed so far."""
    return render(request, "web/appeals/solutions.html", {"solutions": suggest_solutions(
        territory=request.territory, text=request.GET.get("text", "")[:10_000])})


def _card_context(request, viewer, appeal, **forms):
    t = request.territory
    manage = sel.may_manage(viewer)
    # The forms and buttons the card shows: the actions the lifecycle table opens now.
    actions = offered(APPEAL, appeal) if manage else []
    assignments = list(appeal.assignments.select_related("department", "executor")
                       .prefetch_related("reports__author", "reports__attachments"))
    for a in assignments:
        a.moves = [ASSIGNMENT.step(x) for x in offered(ASSIGNMENT, a, ASSIGNMENT_STATUS_FORM)] \
            if manage else []
    context = {
        "appeal": appeal, "viewer": viewer, "manage": manage, "actions": actions,
        "events": sel.appeal_history(appeal, public_only=False),
        "assignments": assignments,
        "photos": appeal.attachments.filter(report__isnull=True),
        "extensions": appeal.extensions.select_related("by"),
        "forwardings": appeal.forwardings.select_related("by"),
        "notifications": appeal.notifications.all(),
        "feedback": appeal.feedback.all(),
        # Register, answer and forward have forms of their own (they need more than a
        # status); the plain status form offers only the moves open now.
        "next_statuses": [APPEAL.step(a).target for a in actions if a in APPEAL_STATUS_FORM],
        "solutions": suggest_solutions(territory=t, text=appeal.text, topic=appeal.topic)
        if manage and appeal.is_open else [],
    }
    if manage:
        context.update(
            register_form=forms.get("register_form") or RegisterForm(
                territory=t, initial={"department": appeal.department_id}),
            status_form=forms.get("status_form") or StatusForm(),
            extend_form=forms.get("extend_form") or ExtendForm(),
            forward_form=forms.get("forward_form") or ForwardForm(),
            answer_form=forms.get("answer_form") or AnswerForm(
                initial={"text": appeal.answer_text}),
            assign_form=forms.get("assign_form") or AssignmentForm(
                territory=t, initial={"department": appeal.department_id}),
        )
    return context


def _get(request, appeal_id, *, manage: bool = False) -> tuple:
    viewer = _viewer(request)
    return viewer, access.access_appeal(request.user, request.territory, appeal_id,
                                        manage=manage, viewer=viewer)


@staff_required
def card(request, slug, appeal_id):
    viewer, appeal = _get(request, appeal_id)
    person_card_open(person=appeal.applicant, viewer=request.user, ip=client_ip(request),
                     purpose=f"карточка обращения {appeal.number}")
    return render(request, "web/appeals/card.html", _card_context(request, viewer, appeal))


@staff_required
def letter(request, slug, appeal_id, notification_id):
    """The letter to print for a notice that goes by post (its PDF, opened to print)."""
    viewer, appeal = _get(request, appeal_id)
    pdf = letter_print(appeal=appeal, notification_id=notification_id, viewer=request.user,
                       ip=client_ip(request))
    if pdf is None:
        raise Http404(_("Письма с таким номером у этого обращения нет."))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{appeal.pk}-{notification_id}.pdf"'
    return response


def _action(request, appeal_id, form_name, form, run):
    """A card form's POST: `run(appeal, data)` names the lifecycle's action and its fields."""
    viewer, appeal = _get(request, appeal_id, manage=True)
    if form.is_valid():
        try:
            run(appeal, form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Сохранено."))
            return redirect("web:appeals_card", slug=request.territory.slug,
                            appeal_id=appeal.pk)
    messages.error(request, _("Не сохранено: исправьте форму ниже."))
    return render(request, "web/appeals/card.html",
                  _card_context(request, viewer, appeal, **{form_name: form}), status=400)


def _run(request, action: str, *fields: str):
    """The lifecycle's `action`, given the named fields of its card form."""
    return lambda appeal, data: perform(APPEAL, action, appeal, by=request.user,
                                        **{f: data[f] for f in fields})


@require_POST
@staff_required
def register(request, slug, appeal_id):
    return _action(request, appeal_id, "register_form",
                   RegisterForm(request.POST, territory=request.territory),
                   _run(request, "register", "department"))


@require_POST
@staff_required
def status(request, slug, appeal_id):
    def run(appeal, data):
        step = step_to(APPEAL, data["to_status"], among=APPEAL_STATUS_FORM)
        perform(APPEAL, step.action, appeal, by=request.user, comment=data["comment"])
    return _action(request, appeal_id, "status_form", StatusForm(request.POST), run)


@require_POST
@staff_required
def extend(request, slug, appeal_id):
    return _action(request, appeal_id, "extend_form", ExtendForm(request.POST),
                   _run(request, "extend", "new_due", "reason"))


@require_POST
@staff_required
def forward(request, slug, appeal_id):
    return _action(request, appeal_id, "forward_form", ForwardForm(request.POST),
                   _run(request, "forward", "body", "reason"))


@require_POST
@staff_required
def answer(request, slug, appeal_id):
    return _action(request, appeal_id, "answer_form", AnswerForm(request.POST),
                   _run(request, "answer", "text"))


@require_POST
@staff_required
def assign(request, slug, appeal_id):
    def run(appeal, data):
        perform(APPEAL, "assign", appeal, by=request.user, task=data["task"],
                deadline=data["deadline"], department=data["department"],
                organisation=data["organisation"],
                executor=data["executor"].user if data["executor"] else None)
    return _action(request, appeal_id, "assign_form",
                   AssignmentForm(request.POST, territory=request.territory), run)
