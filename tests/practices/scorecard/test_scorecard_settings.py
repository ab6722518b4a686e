"""Issue 14, point 3: the numbers seed 004 does not give are the network's settings, versioned
with who, when and why, shown beside the seed's own numbers, and every stored month is
recomputed when they change."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from tests.api.conftest import login_client
from veche.accounts.factories import make_user
from veche.ledger.models import ActionKind
from veche.ledger.services import action_record
from veche.practices import access
from veche.practices.models import ScorecardMonth, ScorecardSettings
from veche.practices.scorecard.compute import scorecard_recompute
from veche.practices.scorecard.export import scorecard_xlsx
from veche.practices.scorecard.params import (
    current_params,
    legend,
    scorecard_settings_change,
)
from veche.practices.scorecard.rules import INDICATORS, WEIGHTS
from veche.practices.scorecard.selectors import ranking, town_months
from veche.practices.scorecard.services import fact_create, fact_recognize
from veche.territories.factories import make_topic
from veche.territories.scoping import towns_scope

pytestmark = pytest.mark.django_db
MARCH = dt.date(2026, 3, 1)
JSON = {"content_type": "application/json"}


def at(day):
    from django.utils import timezone
    return dt.datetime.combine(day, dt.time(12), timezone.get_current_timezone())


@pytest.fixture
def month(in_town, people, head):
    """March: one vote with one voter of 300 residents 14+, one recognised fact."""
    in_town.population_14_plus = 300
    in_town.save()
    action_record(person=people[0], kind=ActionKind.BALLOT, object_type="votes.vote",
                  object_id=1, object_title="Голосование", topic=make_topic(in_town, "Дороги"),
                  occurred_at=at(dt.date(2026, 3, 3)))
    staff = make_user(email="st@zarechny.ru")
    fact = fact_create(territory=in_town, month=MARCH, title="Онлайн-запись", by=staff,
                       evidence_url="https://zarechny.ru/n/1")
    fact_recognize(fact=fact, by=head)
    scorecard_recompute(territories=[in_town], months=[MARCH])
    return ScorecardMonth.objects.get(territory=in_town, month=MARCH)


def test_the_seed_weights_are_constants_and_the_defaults_are_settings(month):
    """Seed 004, «Целевые показатели»: «Упакованная (описанная) городская практика 20 …
    Голосование по реальным городским проблемам 20 … Ежемесячные факты улучшения работы ОМСУ 30
    … с привлечением внешних ресурсов 10 … Экспертная оценка проекта 20». The split of the
    vote's 20 points, the share of voters and the facts for full marks are not in the seed."""
    assert WEIGHTS == {"practices": 20, "votes": 20, "facts": 30, "external": 10, "curator": 20}
    assert [i.weight for i in INDICATORS] == [20, 20, 30, 10, 20]
    assert all(i.seed_line.startswith("«") for i in INDICATORS)
    assert current_params().version == 0  # no settings row yet: the defaults
    assert month.settings_version == 0
    assert month.votes_points == pytest.approx(10 + 10 / 3, abs=0.01)  # 1 of 3 voters
    assert month.facts_points == 15  # 1 of 2 facts
    rows = legend(current_params())
    sources = {r["what"]: r["source"] for r in rows}
    assert sources["Вес: Голосование по реальным городским проблемам"] == "семя 004"
    assert sources["Признанных фактов за месяц для полного балла"].startswith("настройка сети")


def test_a_change_needs_a_reason_is_versioned_and_recomputes_the_months(
        month, in_town, curator, django_capture_on_commit_callbacks):
    """The seed gives «Ежемесячные факты … 30» without saying how many facts make full marks:
    the network's setting says it; a change is a new version with who, when and why, and the
    months computed under the old version are recomputed with the new one."""
    with pytest.raises(ValidationError) as err:
        scorecard_settings_change(by=curator, reason="  ", facts_full=1)
    assert "reason" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        scorecard_settings_change(by=curator, reason="x", voters_share_percent=0)
    assert err.value.error_dict["voters_share_percent"][0].code == "setting_out_of_range"
    with django_capture_on_commit_callbacks(execute=True):
        first = scorecard_settings_change(by=curator, facts_full=1, votes_held_points=5,
                                          reason="Решение совета сети от 01.04.2026")
    assert first.changed_by == curator and current_params().version == first.pk
    row = ScorecardMonth.objects.get(territory=in_town, month=MARCH)
    assert row.settings_version == first.pk
    assert row.facts_points == 30  # one fact is now full marks
    assert row.votes_points == pytest.approx(5 + 15 / 3, abs=0.01)
    with pytest.raises(ValidationError) as err:
        scorecard_settings_change(by=curator, reason="ещё раз", facts_full=1)
    assert err.value.error_dict["reason"][0].code == "settings_unchanged"
    with django_capture_on_commit_callbacks(execute=True):
        second = scorecard_settings_change(by=curator, facts_full=2, reason="Вернули как было")
    assert list(ScorecardSettings.objects.values_list("pk", flat=True)) == [second.pk, first.pk]
    row = ScorecardMonth.objects.get(territory=in_town, month=MARCH)  # rewritten, new id
    assert row.settings_version == second.pk and row.facts_points == 15
    assert row.votes_points == pytest.approx(5 + 15 / 3, abs=0.01)  # carried over


def test_only_a_curator_changes_the_settings(in_town, curator):
    staff = make_user(email="staff2@zarechny.ru")
    with pytest.raises(PermissionDenied):
        access.access_scorecard_settings(staff)
    assert access.access_scorecard_settings(curator) == curator


def test_the_xlsx_and_pages_say_which_numbers_are_settings(month, in_town, curator, client,
                                                          django_capture_on_commit_callbacks):
    """The scorecard page and its XLSX show the legend: seed 004's numbers and the settings."""
    with django_capture_on_commit_callbacks(execute=True):
        version = scorecard_settings_change(by=curator, facts_full=3, reason="Пилот 2026")
    with towns_scope([in_town]):
        rows = ranking(territories=[in_town], month=MARCH)
        content = scorecard_xlsx(ranking=rows, month=MARCH,
                                 history={in_town.pk: town_months(territory=in_town,
                                                                  until=MARCH)},
                                 params=current_params(),
                                 settings=list(ScorecardSettings.objects.all()))
    book = load_workbook(io.BytesIO(content))
    text = [str(c) for row in book["Отсекающие"].iter_rows(values_only=True) for c in row if c]
    assert "семя 004" in text and f"настройка сети, версия {version.pk}" in text
    assert "Пилот 2026" in text
    assert book["Рейтинг"]["K3"].value == version.pk
    web = login_client(curator, verified=True)
    page = web.get("/curator/scorecard/settings/").content.decode()
    assert "Пилот 2026" in page and "семя 004" in page
    bad = web.post("/curator/scorecard/settings/", {
        "votes_held_points": "10", "voters_share_percent": "1", "facts_full": "2",
        "speakers_window_months": "12", "no_events_fails": "on", "reason": ""})
    assert bad.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        ok = web.post("/curator/scorecard/settings/", {
            "votes_held_points": "10", "voters_share_percent": "1", "facts_full": "2",
            "speakers_window_months": "12", "no_events_fails": "on",
            "reason": "Возврат к умолчаниям"})
    assert ok.status_code == 302
    assert current_params().facts_full == 2
    api = web.get("/api/v1/curator/scorecard/settings/").json()
    assert api["current"]["facts_full"] == 2 and len(api["history"]) == 2
    assert api["history"][0]["reason"] == "Возврат к умолчаниям"
    with django_capture_on_commit_callbacks(execute=True):
        changed = web.post("/api/v1/curator/scorecard/settings/",
                           {"speakers_window_months": 6, "reason": "Через API"}, **JSON)
    assert changed.status_code == 200
    assert changed.json()["current"]["speakers_window_months"] == 6
    missing = web.post("/api/v1/curator/scorecard/settings/", {"facts_full": 4}, **JSON)
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    staff_page = login_client(make_user(email="s3@zarechny.ru"), verified=True)
    assert staff_page.get("/curator/scorecard/settings/").status_code == 403
