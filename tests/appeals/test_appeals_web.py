"""The resident's appeal form at the HTTP level: a 100,000-character text or a 50 MB file is
refused in Russian and everything typed comes back in the form; a letter entered by staff
from the office gets its number and 59-FZ terms at once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.appeals.conftest import png_bytes
from veche.appeals.models import Appeal, AppealStatus
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def test_huge_text_and_50_mb_photo_are_refused_and_the_draft_kept(aw, as_user):
    me = as_user(aw["resident"], verified=False)
    huge = SimpleUploadedFile("двор.png", png_bytes() + b"\0" * (50 * 1024 * 1024),
                              content_type="image/png")
    text = "Во дворе яма. " + "я" * 100_000
    response = me.post("/t/zarechny/appeals/new/", {
        "text": text, "address_text": "ул. Ленина, 7", "surname": "Жителева",
        "given_name": "Мария Ивановна", "reply_email": "", "reply_postal": "",
        "photos": [huge]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "не более 10 000" in page and "50,0 МБ" in page and "59-ФЗ" in page
    assert text in page and 'value="ул. Ленина, 7"' in page  # the draft is kept
    assert "приложите их заново" in page
    with town_scope(aw["town"]):
        assert not Appeal.objects.exists()


def test_staff_enter_a_letter_with_its_date_and_it_is_registered(aw, as_user):
    desk = as_user(aw["desk"])
    response = desk.post("/t/zarechny/office/appeals/new/", {
        "channel": "letter", "received_at": "2026-11-20T10:30", "text": "Прошу спилить "
        "аварийный тополь у дома.", "surname": "Тополев", "given_name": "Аркадий",
        "reply_postal": "ул. Ленина, 7, кв. 12", "building": aw["house"].pk,
        "department": aw["d_zhkh"].pk, "topic": aw["topic"].pk})
    assert response.status_code == 302
    with town_scope(aw["town"]):
        appeal = Appeal.objects.get()
        assert (appeal.channel, appeal.status) == ("letter", AppealStatus.REGISTERED)
        assert appeal.applicant.surname == "Тополев" and appeal.building == aw["house"]
        assert appeal.answer_due is not None and appeal.number.startswith("П-2026-")
    card = desk.get(response["Location"]).content.decode()
    assert appeal.number in card and "Тополев" in card


def test_control_view_counts_by_department_and_executor(aw, as_user):
    import datetime as dt

    from django.utils import timezone

    from veche.appeals.factories import make_appeal
    from veche.appeals.models import Assignment
    from veche.appeals.services import assignment_create, assignment_report

    today = timezone.localdate()
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"])
        late = assignment_create(appeal=appeal, task="Заменить лампу", actor=aw["desk"],
                                 deadline=today + dt.timedelta(days=5),
                                 department=aw["d_zhkh"], executor=aw["zhkh"])
        Assignment.objects.filter(pk=late.pk).update(deadline=today - dt.timedelta(days=2))
        assignment_create(appeal=appeal, task="Осмотреть дорогу", actor=aw["desk"],
                          deadline=today + dt.timedelta(days=2), department=aw["d_roads"])
        done = assignment_create(appeal=appeal, task="Покрасить опору", actor=aw["desk"],
                                 deadline=today + dt.timedelta(days=9),
                                 department=aw["d_zhkh"], executor=aw["zhkh"])
        assignment_report(assignment=done, text="Покрашено", author=aw["zhkh"],
                          marks_done=True)
    page = as_user(aw["head"]).get("/t/zarechny/office/appeals/control/")
    assert page.status_code == 200
    figures = page.context["figures"]
    assert figures["total"] == {"overdue": 1, "due_soon": 1, "in_time": 0, "done": 1}
    depts = {r["label"]: (r["overdue"], r["due_soon"], r["done"])
             for r in figures["by_department"]}
    assert depts == {"Отдел ЖКХ и благоустройства": (1, 0, 1),
                     "Отдел дорожного хозяйства": (0, 1, 0)}
    assert figures["by_department"][0]["label"] == "Отдел ЖКХ и благоустройства"  # late first
    people = {r["label"]: (r["overdue"], r["due_soon"]) for r in figures["by_executor"]}
    assert people == {"Лебедева Ирина": (1, 0), "не назначен": (0, 1)}
    assert "Заменить лампу" in page.content.decode()  # the overdue list is shown first
