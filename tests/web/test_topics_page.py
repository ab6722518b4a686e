"""The topics page leads somewhere: each city topic links to its votes (the votes list filtered
by topic), counts the year's appeals on it with a link to write one, and links to the town's
practices on it. The town home's vote block says how many more votes are open."""

import pytest

from veche.appeals.factories import make_appeal
from veche.practices.factories import make_practice
from veche.registry.factories import make_person
from veche.territories.factories import make_topic
from veche.territories.scoping import town_scope
from veche.votes.factories import make_vote

pytestmark = pytest.mark.django_db


def test_a_topic_links_to_its_votes_appeals_and_practices(client, town):
    from veche.practices.bank.services import practice_classify

    with town_scope(town):
        yards = make_topic(town, "Дворы")
        make_topic(town, "Транспорт")
        make_vote(town, title="Какой двор благоустроить первым?", topic=yards)
        make_vote(town, title="Маршрут нового автобуса")
        make_appeal(town, make_person(town, surname="Жителев", given_name="Иван",
                                      email="ivan@example.ru"), topic=yards)
        practice = make_practice(territory=town, name="Дворовые встречи")
        practice_classify(practice=practice, method=practice.method,
                          function=practice.function, topics=[yards])
    page = client.get(f"/t/{town.slug}/topics/").content.decode()
    assert f'href="/t/{town.slug}/votes/?topic={yards.slug}"' in page
    assert "1 голосование" in page and "1 обращение жителей за год" in page
    assert "1 практика города" in page and "голосований пока не было" in page
    listed = client.get(f"/t/{town.slug}/votes/?topic={yards.slug}").content.decode()
    assert "Какой двор благоустроить первым?" in listed
    assert "Маршрут нового автобуса" not in listed


def test_the_home_vote_block_says_how_many_more_are_open(client, town):
    with town_scope(town):
        for n in range(7):
            make_vote(town, title=f"Голосование номер {n}")
    page = client.get(f"/t/{town.slug}/").content.decode()
    assert "Все голосования: открыто ещё 2" in page
