"""Staff pages of the project's bodies: the list with the member-overlap warning, one body with
its members and sessions, one session's agenda, minutes and decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veche.accounts.models import User
from veche.practices import access
from veche.practices.models import PassportSelection
from veche.practices.projects.bodies import (
    SELECTING_BODIES,
    bodies_overlap,
    body_create,
    body_member_add,
    body_member_remove,
    body_session_create,
    passport_selection_record,
)
from veche.practices.projects.selectors import bodies_of, sessions_of, town_practices
from veche.practices.projects.stages import STAGES
from veche.registry.models import Person

from .common import current_project, run_service, staff_required
from .forms import BodyForm, MemberForm, SessionForm


def _town_users(territory):
    return User.objects.filter(memberships__territory=territory).distinct().order_by(
        "full_name")


@staff_required
def bodies(request, slug):
    t = request.territory
    form = BodyForm(request.POST or None)
    if request.method == "POST":
        done = run_service(request, form, lambda d: body_create(
            territory=t, kind=d["kind"], name=d["name"], order_number=d["order_number"],
            order_date=d["order_date"], tasks=d["tasks"]),
            _("Орган «{obj.name}» создан."), "web:projects_bodies")
        if done:
            return done
    return render(request, "web/projects/bodies.html", {
        "project": current_project(request), "bodies": bodies_of(territory=t),
        "overlap": bodies_overlap(territory=t), "form": form,
    }, status=400 if form.errors else 200)


def _meetings():
    return [(m.code, f"{s.number}. {m.title}") for s in STAGES for m in s.meetings]


@staff_required
def body(request, slug, body_id):
    t = request.territory
    the_body = access.access_body(request.user, t, body_id)
    project = current_project(request)
    action = request.POST.get("action") if request.method == "POST" else None
    member_form = MemberForm(request.POST if action == "member" else None,
                             users=_town_users(t))
    session_form = SessionForm(request.POST if action == "session" else None,
                               request.FILES if action == "session" else None,
                               meetings=_meetings())
    if action == "member":
        def add(d):
            person = None
            if d.get("person"):
                person = Person.objects.filter(pk=d["person"], territory=t).first()
                if person is None:
                    raise ValidationError({"person": [ValidationError(
                        _("Нет такого жителя в реестре города."), code="no_person")]})
            return body_member_add(body=the_body, person=person, user=d["user"],
                                   name=d["name"], role=d["role"], position=d["position"],
                                   is_community_member=d["is_community_member"])
        done = run_service(request, member_form, add, _("«{obj.name}» включён в состав."),
                           "web:projects_body", body_id=the_body.pk)
        if done:
            return done
    elif action == "session":
        done = run_service(request, session_form, lambda d: body_session_create(
            body=the_body, held_on=d["held_on"], title=d["title"], agenda=d["agenda"],
            minutes=d["minutes"], decisions=d["decisions"], attendees=d["attendees"] or 0,
            project=project if d["meeting_code"] else None, meeting_code=d["meeting_code"],
            minutes_file=d.get("minutes_file"), by=request.user),
            _("Заседание записано."), "web:projects_body", body_id=the_body.pk)
        if done:
            return done
    errors = member_form.errors or session_form.errors
    return render(request, "web/projects/body.html", {
        "body": the_body, "members": the_body.members.select_related("person", "user"),
        "sessions": sessions_of(body=the_body), "member_form": member_form,
        "session_form": session_form, "project": project,
    }, status=400 if errors else 200)


@staff_required
@require_POST
def member_remove(request, slug, bodymember_id):
    member = access.access_body_member(request.user, request.territory, bodymember_id)
    body_id = member.body_id
    body_member_remove(member=member)
    messages.success(request, _("Член органа исключён из состава."))
    return redirect("web:projects_body", slug=slug, body_id=body_id)


@staff_required
def session(request, slug, bodysession_id):
    s = access.access_body_session(request.user, request.territory, bodysession_id)
    selections = (PassportSelection.objects.filter(session=s).prefetch_related("practices")
                  if s.body.kind in SELECTING_BODIES else [])
    return render(request, "web/projects/session.html", {
        "s": s, "selections": selections, "can_select": s.body.kind in SELECTING_BODIES,
        "practices": town_practices(territory=request.territory),
        "project": current_project(request)})


@staff_required
@require_POST
def passport_selection(request, slug, bodysession_id):
    """Seed 004, stage 3: the session's decision selecting the town's own practices for
    passports («не менее трёх»), recorded with the practices it lists."""
    s = access.access_body_session(request.user, request.territory, bodysession_id)
    project = current_project(request)
    ids = [int(v) for v in request.POST.getlist("practices") if v.isdigit()]
    if project is None:
        messages.error(request, _("Сначала начните проект года."))
    else:
        try:
            passport_selection_record(
                project=project, session=s, by=request.user,
                practices=list(town_practices(territory=request.territory).filter(pk__in=ids)),
                decision=request.POST.get("decision", ""))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Перечень практик для паспортизации записан."))
    return redirect("web:projects_session", slug=slug, bodysession_id=s.pk)
