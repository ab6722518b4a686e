"""What the appeals desk, the resident and the head see along an appeal's path, checked the way
they use it: a registry applicant stays picked when the form comes back, every missing fact
is named at once, the status form offers only what it can do, a reopened appeal gets a fresh
term (not «продлено»), the history does not repeat itself, two taps file one appeal."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from veche.appeals.factories import make_appeal
from veche.appeals.models import Appeal, AppealStatus
from veche.appeals.services import (
    appeal_answer,
    appeal_extend,
    appeal_status_change,
    assignment_create,
    feedback_open,
    feedback_submit,
)
from veche.appeals.validation import NAME_MISSING
from veche.registry.models import Person
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db
NEW = "/t/zarechny/office/appeals/new/"


def _people(town) -> int:
    with town_scope(town):
        return Person.objects.filter(territory=town).count()


def test_applicant_picked_from_the_registry_stays_picked_after_an_error(aw, as_user):
    desk = as_user(aw["desk"])
    before = _people(aw["town"])
    form = {"channel": "phone", "applicant": aw["other"].pk, "text": "",
            "reply_email": "sosed@example.ru"}
    bad = desk.post(NEW, form)
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Заполните поле «Текст обращения»" in html
    # The choice comes back as a checked radio, so sending the form again keeps it.
    assert re.search(rf'name="applicant" value="{aw["other"].pk}" checked', html)
    assert "Соседов Иван" in html
    form["text"] = "Не горит фонарь у подъезда."
    assert desk.post(NEW, form).status_code == 302
    with town_scope(aw["town"]):
        appeal = Appeal.objects.get()
    assert appeal.applicant == aw["other"] and appeal.applicant_surname == "Соседов"
    assert _people(aw["town"]) == before  # nobody new in the registry


def test_new_applicant_without_a_name_is_told_with_the_other_problems(aw, as_user):
    desk = as_user(aw["desk"])
    before = _people(aw["town"])
    bad = desk.post(NEW, {"channel": "phone", "surname": "Звонарёв", "text": ""})
    assert bad.status_code == 400
    html = bad.content.decode()
    # All at once: the text, the name and where to send the answer.
    assert "Заполните поле «Текст обращения»" in html
    assert NAME_MISSING in html and "куда направить ответ" in html
    assert 'value="Звонарёв"' in html
    assert _people(aw["town"]) == before


def test_question_at_a_meeting_names_every_problem_at_once(aw, as_user):
    from veche.appeals.meetings.factories import make_meeting

    with town_scope(aw["town"]):
        meeting = make_meeting(aw["town"], building=aw["house"], days=3)
    desk = as_user(aw["desk"])
    bad = desk.post(f"/t/zarechny/office/meetings/{meeting.pk}/record/", {
        "what": "question", "surname": "Иванова", "apartment": "12",
        "text": "Нет скамеек во дворе", "task": "Установить скамейки",
        "deadline": "2020-01-01"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert NAME_MISSING in html
    assert "Срок исполнения не может быть раньше" in html
    assert "Выберите отдел или впишите организацию" in html
    with town_scope(aw["town"]):
        assert not Appeal.objects.exists()


def test_status_form_offers_only_moves_it_can_make(aw, as_user):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"])
    html = as_user(aw["desk"]).get(f"/t/zarechny/office/appeals/{appeal.pk}/").content.decode()
    select = re.search(r'<select name="to_status" id="id_to_status">(.*?)</select>', html,
                       re.S).group(1)
    # Answering and forwarding have their own forms on the card; here only «в работе».
    assert "в работе" in select
    assert "дан ответ" not in select and "перенаправлено" not in select


def test_reopened_by_the_applicant_gets_a_fresh_term_that_can_be_extended(aw, as_user):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"])
        Appeal.objects.filter(pk=appeal.pk).update(
            answer_due=timezone.localdate() - dt.timedelta(days=40),
            answer_due_initial=timezone.localdate() - dt.timedelta(days=40))
        appeal.refresh_from_db()
        appeal_answer(appeal=appeal, text="Фонарь заменён.", actor=aw["desk"])
        feedback_submit(feedback=feedback_open(appeal=appeal), solved=False, satisfaction=2,
                        comment="Фонарь снова не горит", actor=aw["resident"])
        appeal.refresh_from_db()
        fresh = timezone.localdate() + dt.timedelta(days=30)
        assert appeal.answer_due == fresh and appeal.answer_due_initial == fresh
        # The reopened appeal can be extended within the law's 30 days of its new term.
        appeal_extend(appeal=appeal, new_due=fresh + dt.timedelta(days=20),
                      reason="Нужна закупка светильника", actor=aw["desk"])
    card = as_user(aw["desk"]).get(f"/t/zarechny/office/appeals/{appeal.pk}/").content.decode()
    assert "продлено, было " + f"{fresh:%d.%m.%Y}" in card
    mine = as_user(aw["resident"], verified=False).get(
        f"/t/zarechny/cabinet/appeals/{appeal.pk}/").content.decode()
    # The history names the kind once, then what the applicant said.
    assert "оценка заявителя: проблема не решена, 2 из 5. Фонарь снова не горит" in mine
    assert "Оценка заявителя: Оценка" not in mine and "оценка заявителя: Оценка" not in mine


def test_closed_appeal_reopened_by_staff_is_not_overdue_at_once(aw):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"])
        appeal_answer(appeal=appeal, text="Ответ дан.", actor=aw["desk"])
        appeal_status_change(appeal=appeal, to_status=AppealStatus.CLOSED, actor=aw["desk"])
        Appeal.objects.filter(pk=appeal.pk).update(
            answer_due=timezone.localdate() - dt.timedelta(days=60))
        appeal.refresh_from_db()
        appeal_status_change(appeal=appeal, to_status=AppealStatus.REOPENED, actor=aw["desk"],
                             comment="Жалоба повторно")
        appeal.refresh_from_db()
    assert appeal.answer_due == timezone.localdate() + dt.timedelta(days=30)


def test_assignment_in_the_history_is_not_called_twice(aw, as_user):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"])
        assignment_create(appeal=appeal, task="Заменить лампу", actor=aw["desk"],
                          deadline=timezone.localdate() + dt.timedelta(days=5),
                          department=aw["d_zhkh"])
    card = as_user(aw["desk"]).get(f"/t/zarechny/office/appeals/{appeal.pk}/").content.decode()
    assert "поручение: Отдел ЖКХ и благоустройства, срок" in card
    assert "поручение: Поручение:" not in card


def test_two_taps_on_send_file_one_appeal(aw, as_user):
    me = as_user(aw["resident"], verified=False)
    form = {"text": "Во дворе ул. Ленина, 7 яма у подъезда.", "surname": "Жителева",
            "given_name": "Мария Ивановна", "reply_email": "zhitel@zarechny.ru"}
    first = me.post("/t/zarechny/appeals/new/", form)
    second = me.post("/t/zarechny/appeals/new/", form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    with town_scope(aw["town"]):
        assert Appeal.objects.count() == 1
    # A different text a minute later is a new appeal.
    form["text"] = "И ещё: не горит фонарь."
    assert me.post("/t/zarechny/appeals/new/", form).status_code == 302
    with town_scope(aw["town"]):
        assert Appeal.objects.count() == 2


def test_quality_names_the_row_without_a_department(aw, as_user):
    with town_scope(aw["town"]):
        appeal = make_appeal(aw["town"], aw["me"])
        appeal_answer(appeal=appeal, text="Ответ дан.", actor=aw["desk"])
    html = as_user(aw["head"]).get("/t/zarechny/office/appeals/quality/").content.decode()
    assert "отдел не назначен" in html and "без темы" in html


def test_solution_list_counts_steps_in_correct_russian(aw, as_user):
    from veche.appeals.knowledge.services import solution_create

    with town_scope(aw["town"]):
        solution_create(territory=aw["town"], title="Освещение двора", problem="Темно",
                        steps=["Найти владельца сетей", "Заявка", "Ремонт", "Проверка"])
    html = as_user(aw["head"]).get("/t/zarechny/office/meetings/solutions/").content.decode()
    assert "шагов: 4" in html and "4 шагов" not in html
