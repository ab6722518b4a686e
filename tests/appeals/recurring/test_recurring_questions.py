"""Recurring questions: Russian word forms and synonyms are grouped (pothole questions with
pothole questions, lighting with lighting), stored by the background task with counts and a
monthly trend, and linked to template solutions (their suggestions: tests/appeals/knowledge)."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from veche.appeals.knowledge.services import solution_create
from veche.appeals.models import RecurringMember, RecurringRun
from veche.appeals.recurring.cluster import clusters_of
from veche.appeals.recurring.selectors import recurring_questions
from veche.appeals.recurring.services import recurring_run_request
from veche.appeals.recurring.tasks import run_recurring_find
from veche.appeals.recurring.text import lemmas, tokens
from veche.appeals.services import appeal_create
from veche.registry.factories import make_person
from veche.territories.scoping import town_scope

POTHOLES = ["Яма во дворе", "Ямы на дворовом проезде", "Отремонтировать асфальт во дворе",
            "Глубокие выбоины на дороге у дома"]
LIGHT = ["Не горит фонарь", "Нет освещения у подъезда", "Во дворе темно, фонари не работают"]
BUMPS = ["Установить лежачего полицейского во дворе", "Нужна искусственная неровность на "
         "проезде, лежачий полицейский"]


def test_lemmas_join_word_forms_and_drop_stop_words():
    assert lemmas("Ямы на дворовых проездах") == ["яма", "проезд"]
    assert lemmas("Просим, пожалуйста, не горит фонарь") == ["гореть", "фонарь"]


def test_words_with_yo_reach_their_synonyms():
    # «гололёд» and «тёмный» are written with ё in the thesaurus; lemmas drop the ё.
    assert "~снег" in tokens("Гололёд у подъезда") and "~освещение" in tokens("Тёмный двор")


def _groups(texts):
    return [{texts[i] for i in c.members} for c in clusters_of(texts, min_size=2)]


def test_paraphrased_questions_are_grouped_together_and_apart():
    groups = _groups(POTHOLES + LIGHT + BUMPS)
    assert set(POTHOLES) in groups
    assert set(LIGHT) in groups
    assert set(BUMPS) in groups


def test_unrelated_texts_make_no_group_and_empty_input_is_fine():
    assert clusters_of(["Когда откроют бассейн", "Нет освещения у подъезда"], min_size=2) == []
    assert clusters_of([], min_size=2) == []
    assert clusters_of(["и в на", "   "], min_size=2) == []


@pytest.mark.django_db
def test_background_run_stores_groups_with_trend_and_keeps_solution_link(aw):
    town = aw["town"]
    with town_scope(town):
        person = make_person(town, surname="Жалобин", given_name="Фёдор", email="z@example.ru")
        now = timezone.now()
        for i, text in enumerate(POTHOLES * 2 + LIGHT):
            appeal_create(territory=town, channel="phone", applicant=person, text=text,
                          reply_email="z@example.ru",
                          received_at=now - dt.timedelta(days=40 * (i % 3)))
        run = recurring_run_request(territory=town)
        run_recurring_find.enqueue(run_id=run.pk, territory_id=town.pk)  # immediate in tests
        run.refresh_from_db()
        assert run.status == RecurringRun.Status.DONE and run.documents_count == 11
        found = list(recurring_questions(territory=town))
        biggest = found[0]
        assert biggest.size == 8 and "яма" in biggest.terms
        assert sum(p["count"] for p in biggest.trend) == 8 and len(biggest.trend) >= 2
        assert RecurringMember.objects.filter(question=biggest).count() == 8
        assert {q.size for q in found} == {8, 3}
        # A person links a solution; the next run finds the same group and keeps the link.
        solution = solution_create(territory=town, title="Ремонт проезда",
                                   problem="Ямы во дворе", steps=["Заявка в УК"])
        biggest.solution = solution
        biggest.save()
        again = recurring_run_request(territory=town)
        run_recurring_find.enqueue(run_id=again.pk, territory_id=town.pk)
        assert recurring_questions(territory=town).first().solution == solution
        assert RecurringRun.objects.filter(territory=town).count() == 1  # old run replaced


@pytest.mark.django_db
def test_recurring_page_shows_which_questions_grow(aw, as_user):
    """Potholes: all in the last two months (growing); lighting: half a year ago (falling)."""
    town = aw["town"]
    with town_scope(town):
        person = make_person(town, surname="Жалобин", given_name="Фёдор", email="z@example.ru")
        now = timezone.now()
        for i, text in enumerate(POTHOLES * 2):
            appeal_create(territory=town, channel="phone", applicant=person, text=text,
                          reply_email="z@example.ru", received_at=now - dt.timedelta(days=i * 7))
        for text in LIGHT * 2:
            appeal_create(territory=town, channel="phone", applicant=person, text=text,
                          reply_email="z@example.ru", received_at=now - dt.timedelta(days=150))
        run = recurring_run_request(territory=town)
        run_recurring_find.enqueue(run_id=run.pk, territory_id=town.pk)
    html = as_user(aw["desk"]).get("/t/zarechny/office/meetings/recurring/").content.decode()
    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in html.split("<tr>")[2:]}
    pothole = next(r for label, r in rows.items() if "яма" in label)
    light = next(r for label, r in rows.items() if "фонарь" in label or "освещение" in label)
    assert "↑ растёт" in pothole and "3 мес.: 8, до того: 0" in pothole
    assert "↓ снижается" in light and "3 мес.: 0, до того: 6" in light
    api = as_user(aw["desk"]).get("/api/v1/t/zarechny/recurring-questions/").json()
    assert sorted((q["size"], q["direction"]) for q in api) == [(6, "down"), (8, "up")]


@pytest.mark.django_db
def test_nightly_command_finds_the_groups_and_refuses_a_future_date(aw):
    town = aw["town"]
    with town_scope(town):
        person = make_person(town, surname="Жалобин", given_name="Фёдор", email="z@example.ru")
        for text in POTHOLES + LIGHT:
            appeal_create(territory=town, channel="web", applicant=person, text=text,
                          reply_email="z@example.ru")
    out = io.StringIO()
    call_command("appeals_recurring", town="zarechny", stdout=out)
    assert "zarechny: обращений 7, групп 2" in out.getvalue()
    with town_scope(town):
        assert {q.size for q in recurring_questions(territory=town)} == {4, 3}
    with pytest.raises(CommandError, match="не может быть в будущем"):
        call_command("appeals_recurring", since="2999-01-01")
    with pytest.raises(CommandError, match="Нет города"):
        call_command("appeals_recurring", town="nowhere")
