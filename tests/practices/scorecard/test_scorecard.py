"""The KPI scorecard on known data: ledger ballots counted per month, weights, cut-offs,
curator's judgements, XLSX read back."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from veche.accounts.factories import make_user
from veche.ledger.models import ActionKind
from veche.ledger.services import action_record
from veche.practices.models import PassportVersion, Practice, ScorecardMonth
from veche.practices.scorecard.compute import scorecard_recompute
from veche.practices.scorecard.export import scorecard_xlsx
from veche.practices.scorecard.selectors import ranking, town_months
from veche.practices.scorecard.services import (
    curator_assess,
    cutoff_judge,
    event_report_create,
    external_case_create,
    fact_create,
    fact_recognize,
)
from veche.territories.factories import make_topic
from veche.territories.scoping import towns_scope

pytestmark = pytest.mark.django_db

MARCH, APRIL = dt.date(2026, 3, 1), dt.date(2026, 4, 1)


def at(day: dt.date, hour=12):
    from django.utils import timezone
    return dt.datetime.combine(day, dt.time(hour), timezone.get_current_timezone())


def _ballot(person, vote_id, day, topic):
    action_record(person=person, kind=ActionKind.BALLOT, object_type="votes.vote",
                  object_id=vote_id, object_title="Голосование", topic=topic,
                  occurred_at=at(day))


def _packaged(town, n, when):
    for i in range(n):
        p = Practice.objects.create(territory=town, title=f"Практика {when} {i}")
        v = PassportVersion.objects.create(territory=town, practice=p, number=1, data={})
        PassportVersion.objects.filter(pk=v.pk).update(created_at=at(when))


@pytest.fixture
def data(in_town, people, curator, head):
    town = in_town
    town.population_14_plus = 300  # 1 % = 3 voters for full marks
    town.save()
    staff = make_user(email="st@zarechny.ru")
    roads = make_topic(town, "Дороги")
    _packaged(town, 2, dt.date(2026, 1, 10))
    _packaged(town, 1, dt.date(2026, 4, 2))  # the third passport arrives in April
    # March: two votes with a topic, 3 distinct voters (Петров twice); one ballot without a
    # topic and one of another object type do not count.
    _ballot(people[0], 1, dt.date(2026, 3, 3), roads)
    _ballot(people[0], 2, dt.date(2026, 3, 20), roads)
    _ballot(people[1], 2, dt.date(2026, 3, 21), roads)
    _ballot(people[2], 2, dt.date(2026, 3, 21), roads)
    _ballot(people[3], 3, dt.date(2026, 3, 22), None)
    action_record(person=people[3], kind=ActionKind.BALLOT, object_type="meetings.poll",
                  object_id=1, topic=roads, occurred_at=at(dt.date(2026, 3, 5)))
    # April: one vote, one voter.
    _ballot(people[0], 4, dt.date(2026, 4, 9), roads)
    f1 = fact_create(territory=town, month=MARCH, title="Приём заявлений онлайн", by=staff,
                     evidence_url="https://zarechny.ru/news/1")
    fact_create(territory=town, month=MARCH, title="Не признан", by=staff,
                description="Было долго, стало быстро")
    fact_recognize(fact=f1, by=head)
    external_case_create(territory=town, month=MARCH, task="Ремонт сквера", kind="financial",
                         source="Фонд Росатома", amount="1 500 000,00", by=staff,
                         with_enterprise=True)
    event_report_create(territory=town, held_on=dt.date(2026, 3, 14), title="Форум",
                        by=staff, announcement_url="https://zarechny.ru/a",
                        release_url="https://zarechny.ru/r",
                        speakers=["Иванов", "Петров", "Сидоров", "Кузнецов", "Орлов"],
                        participants_list="Список на 40 человек",
                        photo_urls=["https://zarechny.ru/p1.jpg"])
    curator_assess(territory=town, month=MARCH, score=75, conclusion="Хорошо", curator=curator)
    cutoff_judge(territory=town, month=MARCH, code=6, failed=False, comment="", curator=curator)
    cutoff_judge(territory=town, month=MARCH, code=7, failed=False, comment="", curator=curator)
    scorecard_recompute(territories=[town], months=[MARCH, APRIL])
    return town


def test_march_points_follow_the_seed_weights(data):
    march = ScorecardMonth.objects.get(territory=data, month=MARCH)
    assert (march.practices, march.votes, march.voters, march.facts, march.external) == \
        (2, 2, 3, 1, 1)
    assert march.practices_points == pytest.approx(20 * 2 / 3, abs=0.01)
    assert march.votes_points == 20  # a vote held (10) + 3 voters ≥ 1 % of 300 (10)
    assert march.facts_points == 15  # 1 of 2 recognised facts
    assert march.external_points == 10
    assert march.curator_points == 15  # 75 % of 20
    assert march.total_raw == pytest.approx(13.33 + 20 + 15 + 10 + 15, abs=0.01)
    # Fewer than three packaged practices: cut-off 1 fires, everything else is fine.
    failed = {c for c, v in march.cutoffs.items() if v["failed"]}
    assert failed == {"1"}
    assert march.cut_off and march.total == 0
    assert march.cutoffs["6"]["source"] == "curator"
    assert march.cutoffs["2"]["source"] == "data"


def test_april_counts_only_its_own_ballots_and_the_third_passport(data):
    april = ScorecardMonth.objects.get(territory=data, month=APRIL)
    assert (april.practices, april.votes, april.voters) == (3, 1, 1)
    assert april.votes_points == pytest.approx(10 + 10 / 3, abs=0.01)
    failed = {c for c, v in april.cutoffs.items() if v["failed"]}
    # Nothing was reported in April: no release, no facts, no joint action, no lists.
    assert failed == {"2", "3", "5", "8"}
    assert april.cutoffs["4"]["failed"] is False  # five speakers within the last 12 months
    assert april.cutoffs["6"]["failed"] is None  # the curator has not judged April


def test_the_curator_overrides_a_data_cutoff_only_with_a_reason(data, curator):
    with pytest.raises(ValidationError) as err:
        cutoff_judge(territory=data, month=MARCH, code=1, failed=False, comment="",
                     curator=curator)
    assert "объясните" in str(err.value)
    cutoff_judge(territory=data, month=MARCH, code=1, failed=False, curator=curator,
                 comment="Третий паспорт сдан на бумаге 28.03")
    march = ScorecardMonth.objects.get(territory=data, month=MARCH)
    assert not march.cut_off and march.total == march.total_raw


def test_facts_are_recognised_by_someone_else(data):
    fact = fact_create(territory=data, month=APRIL, title="Новый регламент",
                       by=make_user(email="author@zarechny.ru"),
                       evidence_url="https://zarechny.ru/reg")
    with pytest.raises(ValidationError) as err:
        fact_recognize(fact=fact, by=fact.entered_by)
    assert "другой человек" in str(err.value)


def test_bad_input_is_refused_in_russian(data, curator):
    with pytest.raises(ValidationError) as err:
        curator_assess(territory=data, month=MARCH, score=140, conclusion="x", curator=curator)
    assert "от 0 до 100" in str(err.value)
    with pytest.raises(ValidationError) as err:
        external_case_create(territory=data, month=MARCH, task="x", kind="financial",
                             source="y", amount="много", by=None)
    assert "число" in str(err.value)
    with pytest.raises(ValidationError) as err:
        fact_create(territory=data, month=MARCH, title="Без подтверждения", by=None)
    assert "подтверждение" in str(err.value)


def test_ranking_and_xlsx_read_back(data, other_town):
    with towns_scope([data, other_town]):
        scorecard_recompute(territories=[data, other_town], months=[MARCH, APRIL])
        rows = ranking(territories=[data, other_town], month=MARCH)
        assert [r["town"].slug for r in rows] == ["zarechny", "ozersk"]  # higher raw first
        history = {data.pk: town_months(territory=data, until=APRIL)}
        content = scorecard_xlsx(ranking=rows, month=MARCH, history=history)
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Рейтинг", "Отсекающие", "Заречный"]
    sheet = book["Рейтинг"]
    assert sheet["B3"].value == "Заречный" and sheet["J3"].value == "1"
    assert sheet["H3"].value == pytest.approx(73.33, abs=0.01)
    months = book["Заречный"]
    assert months.max_row == 3  # header + March + April
    assert months["A2"].value.date() == MARCH


def test_the_nightly_command_fills_every_towns_months(town, other_town):
    """`manage.py scorecard_recompute` (cron): every active town gets its stored months, so the
    curator's ranking has rows to show without anyone pressing «Пересчитать»."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command("scorecard_recompute", "--months", "3", stdout=out)
    assert "Городов: 2, месяцев пересчитано: 6" in out.getvalue()
    with towns_scope([town, other_town]):
        assert ScorecardMonth.objects.filter(territory=other_town).count() == 3
    call_command("scorecard_recompute", "--months", "2", "--recent", "--town", town.slug,
                 stdout=out)
    assert "Городов: 1, месяцев пересчитано: 2" in out.getvalue()
