"""Search of the bank in Russian (runs on SQLite and PostgreSQL), filters, classifier counts,
«similar practices» with the neighbours first, lifecycle and replication rules."""

import pytest
from django.core.exceptions import ValidationError

from tests.practices.conftest import seed_bytes
from veche.practices.bank.search import BankFilters, filtered, search_practices
from veche.practices.bank.selectors import classifier_matrix, lifecycle_timeline
from veche.practices.bank.services import (
    practice_classify,
    practice_import,
    practice_move,
    replication_create,
)
from veche.practices.bank.similar import similar_to_practice, similar_to_text
from veche.practices.factories import make_practice
from veche.practices.models import Practice, PracticeTransition, Stage
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(town, other_town, far_town):
    with all_towns():
        meet = make_practice(
            territory=town, name="Встречи Главы города с жителями во дворах",
            description="Глава города встречается с жителями многоквартирных домов во дворе, "
                        "жители задают вопросы о благоустройстве дворовых территорий.",
            function="infrastructure")
        sport = make_practice(
            territory=other_town, name="Народный стадион",
            description="Жители и предприятие построили спортивную площадку для молодежи.",
            method="external_resources", function="culture")
        yards = make_practice(
            territory=far_town, name="Благоустройство дворов вместе с жителями",
            description="Жители на встречах во дворах выбирают, что благоустроить во дворе; "
                        "глава города отвечает на вопросы.", function="infrastructure")
        draft = make_practice(territory=town, name="Черновик про дворы и встречи",
                              description="встречи во дворах", publish=False)
    return {"meet": meet, "sport": sport, "yards": yards, "draft": draft}


def _search(**kw):
    with all_towns():
        return search_practices(BankFilters(**kw))


def test_search_understands_russian_word_forms(bank):
    found = _search(q="встреча с жителем")  # other forms than in the text
    titles = [p.title for p in found.items]
    assert titles[0] == "Встречи Главы города с жителями во дворах"
    assert "Народный стадион" not in titles
    assert "Черновик про дворы и встречи" not in titles  # drafts are not in the public bank


def test_search_by_a_word_in_the_description(bank):
    assert [p.title for p in _search(q="стадион").items] == ["Народный стадион"]
    assert [p.title for p in _search(q="спортивная площадка").items] == ["Народный стадион"]
    assert _search(q="квантовый реактор").total == 0


def test_filters_by_cell_town_year_and_stage(bank):
    assert {p.title for p in _search(function="culture").items} == {"Народный стадион"}
    assert _search(method="external_resources", function="culture").total == 1
    assert {p.territory.slug for p in _search(town="seversk").items} == {"seversk"}
    assert _search(year=2021).total == 3 and _search(year=2019).total == 0
    assert _search(stage=Stage.PROBLEM).total == 3


def test_tags_and_topics_filter(bank, town):
    from veche.territories.factories import make_topic

    with town_scope(town):
        topic = make_topic(town, "Благоустройство")
        practice_classify(practice=bank["meet"], method="environment",
                          function="infrastructure", tags=["дворы", " встречи "],
                          topics=[topic], year=2022)
    assert [p.title for p in _search(tag="дворы").items] == [bank["meet"].title]
    assert [p.title for p in _search(topic="Благоустройство").items] == [bank["meet"].title]
    assert _search(q="дворы", year=2022).total == 1


def test_classifier_matrix_counts(bank):
    with all_towns():
        m = classifier_matrix(filtered(BankFilters()))
    infra = next(r for r in m["rows"] if r["function"] == "infrastructure")
    env = next(c for c in infra["cells"] if c.method == "environment")
    assert env.count == 2 and m["total"] == 3 and infra["total"] == 2


def test_similar_practice_ranks_the_related_passport_first(bank):
    with all_towns():
        result = similar_to_practice(bank["meet"])
    assert result[0].practice.pk == bank["yards"].pk
    assert result[0].same_function and not result[0].neighbour


def test_neighbours_come_first_when_equally_similar(bank, other_town, far_town):
    with all_towns():
        twin = make_practice(
            territory=other_town, name="Благоустройство дворов вместе с жителями",
            description="Жители на встречах во дворах выбирают, что благоустроить во дворе; "
                        "глава города отвечает на вопросы. Подрядчика выбрали на конкурсе.",
            function="infrastructure")  # a little less like «meet» than Северск's «yards»
        result = similar_to_practice(bank["meet"])  # Заречный: Озёрск is in the same region
    assert [r.practice.pk for r in result[:2]] == [twin.pk, bank["yards"].pk]
    assert result[0].neighbour and not result[1].neighbour
    assert result[0].similarity < result[1].similarity and result[0].score > result[1].score


def test_similar_to_a_problem_text(bank, far_town):
    with all_towns():
        result = similar_to_text("Жители не знают, как благоустроить дворы", territory=far_town)
    assert result[0].practice.pk == bank["yards"].pk and result[0].own_town
    with all_towns():
        assert similar_to_text("   ") == []


def test_seed_passports_find_each_other_by_problem(town):
    with town_scope(town):
        for prefix in ("001", "002", "003"):
            out = practice_import(territory=town, data=seed_bytes(prefix),
                                  filename=f"{prefix}.txt", publish=True)
            if prefix == "002":
                meetings = out.practice
    with all_towns():
        result = similar_to_text("встречи главы города с жителями на дворовых территориях")
        found = search_practices(BankFilters(q="стратегическое планирование"))
    assert result[0].practice.pk == meetings.pk
    assert found.items[0].title.startswith("Вовлечение жителей муниципального образования")


def test_lifecycle_moves_with_who_when_and_why(bank, town, staff_user):
    practice = bank["draft"]
    with town_scope(town):
        practice_move(practice=practice, to_stage=Stage.OPTIONS, user=staff_user)
        with pytest.raises(ValidationError, match="пропускаются"):
            practice_move(practice=practice, to_stage=Stage.SUPPORT, user=staff_user)
        practice_move(practice=practice, to_stage=Stage.SUPPORT, user=staff_user,
                      comment="Поддержку собрали заранее")
        with pytest.raises(ValidationError, match="Возврат"):
            practice_move(practice=practice, to_stage=Stage.PROBLEM, user=staff_user)
        with pytest.raises(ValidationError, match="уже на этом этапе"):
            practice_move(practice=practice, to_stage=Stage.SUPPORT, user=staff_user)
        moves = list(PracticeTransition.objects.filter(practice=practice).order_by("at"))
        timeline = lifecycle_timeline(practice)
    assert [(m.from_stage, m.to_stage) for m in moves] == [
        ("problem", "options"), ("options", "support")]
    assert moves[1].by == staff_user and moves[1].comment == "Поддержку собрали заранее"
    assert [s.state for s in timeline[:6]] == ["done", "done", "done", "done", "current",
                                               "ahead"]
    assert timeline[4].transitions == [moves[1]]


def test_replication_rules(bank, town, other_town):
    with town_scope(other_town):
        rep = replication_create(practice=bank["meet"], territory=other_town,
                                 adaptation_notes="Встречи в микрорайонах",
                                 indicators=[{"indicator": "Встреч", "unit": "шт",
                                              "target": "12"}, {"indicator": ""}])
        assert rep.indicators == [{"indicator": "Встреч", "unit": "шт", "target": "12",
                                   "actual": ""}]
        with pytest.raises(ValidationError, match="уже взял"):
            replication_create(practice=bank["meet"], territory=other_town)
    with town_scope(town):
        with pytest.raises(ValidationError, match="вашего города"):
            replication_create(practice=bank["meet"], territory=town)
    with town_scope(other_town):
        with pytest.raises(ValidationError, match="не опубликована"):
            replication_create(practice=bank["draft"], territory=other_town)
    with all_towns():
        assert Practice.objects.get(pk=bank["meet"].pk).replications.count() == 1


def test_title_matches_come_before_matches_deep_in_the_passport(town, other_town):
    with all_towns():
        make_practice(territory=other_town, name="Ремонт дорог силами горожан",
                      description="Жители выбирают улицы для ремонта.",
                      business_model="Софинансирование: наставничество студентов.",
                      dates="2025 - по настоящее время")
        make_practice(territory=town, name="Наставничество для молодых специалистов",
                      description="Опытные работники учат новичков.",
                      dates="2019 - 2020")
    found = _search(q="наставничество")
    # The older practice named after the word first; the one that mentions it only in its
    # business model is still found (the whole passport is searched), after it.
    assert [p.title for p in found.items] == ["Наставничество для молодых специалистов",
                                              "Ремонт дорог силами горожан"]
