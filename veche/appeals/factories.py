"""Test and demo factories of the appeals area, and the tenancy walk's rows."""

import datetime as dt
import importlib
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from veche.accounts.factories import grant_role, make_user
from veche.accounts.models import Department, Role

from .models import AppealChannel
from .services import appeal_answer, appeal_create, assignment_create, assignment_report


def _png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 160, 90)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_appeal(territory, applicant, *, text: str = "Во дворе не горит фонарь у подъезда 2.",
                channel: str = AppealChannel.PHONE, register: bool = True, **extra):
    extra.setdefault("reply_email", applicant.email or "zayavitel@example.ru")
    return appeal_create(territory=territory, channel=channel, applicant=applicant, text=text,
                         register=register, **extra)


def tenancy_walk_objects(*, territory, persons, marker):
    """An appeal of a marked person, with an assignment, a report, an answer (so a feedback
    round exists), for the walk's `<int:appeal_id>` / `<int:assignment_id>` parameters."""
    department, _ = Department.objects.get_or_create(territory=territory,
                                                     name="Отдел проверки доступа")
    executor = make_user(email=f"executor-{territory.slug}@example.ru",
                         full_name="Исполнитель Проверочный")
    grant_role(executor, territory, Role.STAFF, department)
    appeal = make_appeal(territory, persons[0], text=f"{marker}: яма во дворе",
                         address_text=f"ул. {marker}, 1", photos=[_png(f"{marker}.png")])
    assignment = assignment_create(appeal=appeal, task=f"Засыпать яму {marker}",
                                   deadline=timezone.localdate() + dt.timedelta(days=5),
                                   actor=executor, department=department, executor=executor)
    assignment_report(assignment=assignment, text=f"Яма засыпана {marker}", author=executor,
                      marks_done=True)
    appeal_answer(appeal=appeal, text=f"Яма засыпана {marker}", actor=executor)
    try:
        meetings = importlib.import_module("veche.appeals.meetings.factories")
    except ModuleNotFoundError:
        return
    hook = getattr(meetings, "tenancy_walk_meeting_objects", None)
    if hook is not None:
        hook(territory=territory, persons=persons, marker=marker)
