"""Head meetings through their services: planning, announcing, recording participants and
questions (each an appeal with channel head_meeting), results, and the planning data."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from veche.appeals.meetings.factories import make_meeting
from veche.appeals.meetings.questions import (
    question_ask_in_advance,
    question_publish_set,
    question_record,
)
from veche.appeals.meetings.selectors import (
    appeal_map,
    public_question_rows,
    upcoming_meetings,
    where_next,
)
from veche.appeals.meetings.services import (
    meeting_create,
    meeting_headcount_set,
    meeting_mark_held,
    meeting_report,
    participant_add,
    series_create,
    series_plan,
)
from veche.appeals.models import Appeal, MeetingQuestion, MeetingStatus
from veche.ledger.models import Action
from veche.registry.factories import make_person
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def test_question_at_meeting_becomes_registered_appeal_with_assignment(mw):
    with town_scope(mw["town"]):
        meeting = mw["meeting"]
        q = question_record(
            meeting=meeting, text="Во дворе глубокая яма на проезде, машины бьют подвеску.",
            surname="Кузнецова", given_name="Нина Петровна", apartment="14",
            recorded_by=mw["desk"], task="Засыпать яму и заасфальтировать участок",
            deadline=timezone.localdate() + dt.timedelta(days=14), department=mw["dept_roads"])
        appeal = q.appeal
        assert appeal.channel == "head_meeting"
        assert appeal.status == "in_work"  # registered, then an assignment put it to work
        assert appeal.number.startswith("П-")
        assert appeal.source_ref == f"meeting:{meeting.pk}"
        assert "ул. Победы, 12, кв. 14" in appeal.reply_postal
        assert appeal.assignments.get().department == mw["dept_roads"]
        meeting.refresh_from_db()
        assert meeting.participants_count == 1
        assert meeting.participants.get().person == appeal.applicant
        # The applicant's appeal is in the ledger; their presence is not an action (seed 000).
        kinds = set(Action.objects.filter(person=appeal.applicant).values_list("kind",
                                                                                 flat=True))
        assert kinds == {"appeal"}


def test_resend_of_same_form_records_one_question(mw):
    with town_scope(mw["town"]):
        args = dict(meeting=mw["meeting"], text="Не горит фонарь у второго подъезда.",
                    surname="Орлов", given_name="Иван", apartment="3", client_key="k-123")
        first = question_record(**args)
        second = question_record(**args)
        assert first.pk == second.pk
        assert Appeal.objects.count() == 1


def test_bad_question_is_refused_in_russian_and_nothing_is_saved(mw):
    with town_scope(mw["town"]):
        with pytest.raises(ValidationError) as err:
            question_record(meeting=mw["meeting"], text="   ", surname="", apartment="1")
        messages = err.value.message_dict
        assert "text" in messages and "surname" in messages
        with pytest.raises(ValidationError) as err:
            question_record(meeting=mw["meeting"], text="x" * 100_001, surname="Орлов",
                            given_name="Иван")
        assert "text" in err.value.message_dict
        assert not Appeal.objects.exists() and not MeetingQuestion.objects.exists()


def test_task_without_deadline_is_refused(mw):
    with town_scope(mw["town"]):
        with pytest.raises(ValidationError) as err:
            question_record(meeting=mw["meeting"], text="Сломаны качели", surname="Орлов",
                            given_name="Иван", task="Починить качели", department=mw["dept_zhkh"])
        assert "deadline" in err.value.message_dict
        assert not Appeal.objects.exists()


def test_question_in_advance_only_before_an_announced_meeting(mw):
    with town_scope(mw["town"]):
        q = question_ask_in_advance(meeting=mw["meeting"], text="Когда отремонтируют крышу?",
                                    surname="Петрова", given_name="Анна",
                                    email="petrova@example.ru")
        assert q.in_advance and q.appeal.channel == "head_meeting"
        assert q.appeal.status == "received"  # waits for registration like a web appeal
        past = make_meeting(mw["town"], building=mw["far"], days=-2)
        with pytest.raises(ValidationError, match="не принимаются"):
            question_ask_in_advance(meeting=past, text="Вопрос", surname="Петрова",
                                    email="petrova@example.ru")


def test_lifecycle_and_public_rows_carry_no_names(mw):
    with town_scope(mw["town"]):
        meeting = mw["meeting"]
        q = question_record(meeting=meeting, text="Иванова из кв. 5 просит убрать мусор",
                            surname="Иванова", given_name="Ольга", apartment="5")
        participant_add(meeting=meeting, name="Сидоров Пётр")
        meeting_headcount_set(meeting=meeting, count=45)
        with pytest.raises(ValidationError):
            meeting_report(meeting=meeting, results_summary="Итоги")  # not held yet
        meeting_mark_held(meeting=meeting)
        rows = public_question_rows(meeting=meeting)
        assert "Иванова" not in str(rows)
        question_publish_set(question=q, public_text="Вывоз мусора с контейнерной площадки",
                             public_outcome="График вывоза изменён")
        meeting_report(meeting=meeting, results_summary="Решено 1 из 1 вопросов.")
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.REPORTED
        assert meeting.participants_count == 45
        assert public_question_rows(meeting=meeting)[0]["outcome"] == "График вывоза изменён"
        with pytest.raises(ValidationError, match="опубликованы"):
            participant_add(meeting=meeting, name="Опоздавший")


def test_meeting_validation_messages(mw):
    with town_scope(mw["town"]):
        with pytest.raises(ValidationError) as err:
            meeting_create(territory=mw["town"], starts_at=None, head_name="",
                           duration_minutes=5)
        assert set(err.value.message_dict) >= {"starts_at", "building", "head_name",
                                               "duration_minutes"}


def test_series_plan_one_meeting_per_building(mw):
    with town_scope(mw["town"]):
        series = series_create(territory=mw["town"], title="Лето во дворах")
        first = timezone.localdate() + dt.timedelta(days=10)
        made = series_plan(territory=mw["town"], series=series,
                           buildings=[mw["yard"], mw["far"]], first_day=first, every_days=7,
                           at_time=dt.time(18, 30), head_name="Глава")
        assert [timezone.localtime(m.starts_at).date() for m in made] == \
            [first, first + dt.timedelta(days=7)]
        assert all(m.status == "planned" for m in made)
        assert upcoming_meetings(territory=mw["town"]) == [mw["meeting"]]  # drafts hidden


def test_where_next_prefers_many_appeals_and_no_recent_meeting(mw):
    with town_scope(mw["town"]):
        town = mw["town"]
        applicant = make_person(town, surname="Жалобин", given_name="Фёдор",
                                email="z@example.ru")
        from veche.appeals.services import appeal_create
        for i in range(3):
            appeal_create(territory=town, channel="phone", applicant=applicant,
                          text=f"Яма во дворе {i}", reply_email="z@example.ru",
                          building=mw["far"])
        appeal_create(territory=town, channel="phone", applicant=applicant, text="Фонарь",
                      reply_email="z@example.ru", building=mw["yard"])
        rows = appeal_map(territory=town)
        by_id = {r["id"]: r for r in rows}
        assert by_id[mw["far"].pk]["appeals"] == 3 and by_id[mw["far"].pk]["open"] == 3
        ranked = where_next(territory=town, rows=rows)
        # The yard already has a meeting announced: it is not proposed again.
        assert [r["id"] for r in ranked] == [mw["far"].pk]
