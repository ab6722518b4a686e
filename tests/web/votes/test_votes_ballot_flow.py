"""The resident's ballot, screen by screen, for every kind of vote: exactly one ballot at the
end, Russian messages for every refusal, nothing chosen lost on the way."""

import datetime as dt

import pytest

from veche.registry.models import VerificationLevel
from veche.votes.models import Ballot, Participation, VoteKind
from veche.votes.services import question_add

from .conftest import options_of, url

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def cast(client, town, vote):
    return client.post(url(town, "votes_cast", vote.pk), follow=True)


def test_single_vote_end_to_end_gives_one_ballot_and_a_receipt(vt, vote_factory, resident):
    town, vote = vt["town"], vote_factory()
    first = options_of(vote)[1]
    page = resident.get(url(town, "votes_detail", vote.pk))
    assert "Начать голосование" in text(page)
    step = resident.get(url(town, "votes_ballot", vote.pk))
    assert step.status_code == 200 and "Шаг 1 из 2" in text(step)
    assert "Выберите один вариант." in text(step)
    nxt = resident.post(url(town, "votes_ballot", vote.pk), {"option": first.pk, "next": "1"})
    assert nxt.status_code == 302 and nxt["Location"].endswith("/ballot/review/")
    review = resident.get(nxt["Location"])
    assert first.text in text(review) and "Отправить голос" in text(review)
    done = cast(resident, town, vote)
    assert "Ваш голос принят" in text(done)
    ballot = Ballot.objects.get(vote=vote)  # names nobody: the vote allows no change
    assert ballot.choices == [first.pk] and ballot.person_id is None
    assert Participation.objects.filter(vote=vote, person=vt["me"]).count() == 1
    assert 'class="receipt-code" id="receipt-code">' in text(done)
    assert "Проверить квитанцию" in text(done)
    # A second click on «Отправить»: still one ballot, a plain message.
    again = cast(resident, town, vote)
    assert "уже принят" in text(again)
    assert Ballot.objects.filter(vote=vote).count() == 1
    # The vote page now says so instead of offering the ballot again.
    assert "Вы уже проголосовали" in text(resident.get(url(town, "votes_detail", vote.pk)))
    back = resident.get(url(town, "votes_ballot", vote.pk))
    assert back.status_code == 302 and back["Location"].endswith("/ballot/done/")


def test_nothing_chosen_is_refused_in_russian(vt, vote_factory, resident):
    town, vote = vt["town"], vote_factory()
    r = resident.post(url(town, "votes_ballot", vote.pk), {"next": "1"})
    assert r.status_code == 400
    assert "Выберите один вариант." in text(r) and 'role="alert"' in text(r)
    assert not Ballot.objects.filter(vote=vote).exists()


def test_approval_over_k_keeps_the_ticks_and_says_how_many(vt, vote_factory, resident):
    town = vt["town"]
    vote = vote_factory(kind=VoteKind.APPROVAL, max_choices=2,
                        options=("Лавочки", "Фонари", "Горка", "Клумбы"))
    ids = [o.pk for o in options_of(vote)]
    page = resident.get(url(town, "votes_ballot", vote.pk))
    assert "Выберите не больше 2 вариантов." in text(page)
    r = resident.post(url(town, "votes_ballot", vote.pk), {"options": ids[:3], "next": "1"})
    assert r.status_code == 400
    assert "не больше 2 вариантов, а отмечено 3" in text(r)
    assert text(r).count("checked") == 3
    ok = resident.post(url(town, "votes_ballot", vote.pk), {"options": ids[:2], "next": "1"})
    assert ok.status_code == 302
    cast(resident, town, vote)
    assert Ballot.objects.get(vote=vote).choices == sorted(ids[:2])


def test_budget_shows_the_total_and_refuses_over_the_limit(vt, vote_factory, resident):
    town = vt["town"]
    vote = vote_factory(kind=VoteKind.BUDGET, budget_amount=1_000_000,
                        options=("Детская площадка", "Освещение", "Тротуар"),
                        costs=[600_000, 300_000, 500_000])
    ids = [o.pk for o in options_of(vote)]
    page = resident.get(url(town, "votes_ballot", vote.pk))
    assert "1\u00a0000\u00a0000\u00a0₽" in text(page) and 'data-cost="600000"' in text(page)
    r = resident.post(url(town, "votes_ballot", vote.pk), {"options": [ids[0], ids[2]],
                                                           "next": "1"})
    assert r.status_code == 400
    assert "а бюджет" in text(r) and "Превышение бюджета" in text(r)
    assert not Ballot.objects.filter(vote=vote).exists()
    resident.post(url(town, "votes_ballot", vote.pk), {"options": ids[:2], "next": "1"})
    review = resident.get(url(town, "votes_review", vote.pk))
    assert "900\u00a0000\u00a0₽" in text(review)
    cast(resident, town, vote)
    assert Ballot.objects.get(vote=vote).choices == sorted(ids[:2])


def test_score_needs_every_option_and_keeps_given_scores(vt, vote_factory, resident):
    town = vt["town"]
    vote = vote_factory(kind=VoteKind.SCORE, options=("Парк", "Сквер", "Набережная"))
    a, b, c = options_of(vote)
    r = resident.post(url(town, "votes_ballot", vote.pk),
                      {f"score_{a.pk}": "5", f"score_{b.pk}": "2", "next": "1"})
    assert r.status_code == 400 and "без оценки осталось 1" in text(r)
    assert f'id="score-{a.pk}-5" value="5" checked' in text(r)
    resident.post(url(town, "votes_ballot", vote.pk),
                  {f"score_{a.pk}": "5", f"score_{b.pk}": "2", f"score_{c.pk}": "4",
                   "next": "1"})
    cast(resident, town, vote)
    ballot = Ballot.objects.get(vote=vote)
    assert dict(zip(ballot.choices, ballot.scores, strict=True)) == {a.pk: 5, b.pk: 2, c.pk: 4}


def test_ranking_with_buttons_add_up_down_remove(vt, vote_factory, resident):
    town = vt["town"]
    vote = vote_factory(kind=VoteKind.RANKED, options=("Дороги", "Дворы", "Свет"))
    a, b, c = options_of(vote)
    step = url(town, "votes_ballot", vote.pk)
    empty = resident.post(step, {"next": "1"})
    assert empty.status_code == 400 and "хотя бы первый" in text(empty)
    for o in (a, b, c):
        assert resident.post(step, {"add": o.pk}).status_code == 302
    moved = resident.post(step, {"up": c.pk})
    assert moved["Location"].endswith(f"#move-up-{c.pk}")
    resident.post(step, {"down": a.pk})
    resident.post(step, {"remove": b.pk})
    page = resident.get(step)
    assert "Мой порядок" in text(page) and f'name="add" value="{b.pk}"' in text(page)
    resident.post(step, {"next": "1"})
    review = resident.get(url(town, "votes_review", vote.pk))
    assert "1-е место: Свет" in text(review)
    cast(resident, town, vote)
    assert Ballot.objects.get(vote=vote).choices == [c.pk, a.pk]


def test_survey_questions_one_per_screen(vt, vote_factory, resident):
    town = vt["town"]
    vote = vote_factory(status="draft")
    q1 = question_add(vote=vote, text="Как часто вы гуляете в сквере?", required=True,
                      choices=["Каждый день", "Иногда", "Никогда"])
    q2 = question_add(vote=vote, text="Что ещё добавить?", kind="text")
    from veche.votes.services import vote_open, vote_publish

    vote_publish(vote=vote)
    vote_open(vote=vote)
    first = options_of(vote)[0]
    r = resident.post(url(town, "votes_ballot", vote.pk), {"option": first.pk, "next": "1"})
    assert r["Location"] == url(town, "votes_question", vote.pk) + f"?q={q1.pk}"
    page = resident.get(r["Location"])
    assert "Шаг 2 из 4" in text(page) and "Обязательный вопрос." in text(page)
    skipped = resident.post(r["Location"], {"next": "1"})
    assert skipped.status_code == 400 and "обязательный вопрос" in text(skipped)
    choice = q1.choices.get(text="Иногда")
    r = resident.post(url(town, "votes_question", vote.pk) + f"?q={q1.pk}", {"answer": choice.pk,
                                                                    "next": "1"})
    assert r["Location"] == url(town, "votes_question", vote.pk) + f"?q={q2.pk}"
    long = resident.post(r["Location"], {"answer": "я" * 2500, "next": "1"})
    assert long.status_code == 400 and "не больше 2000 знаков" in text(long)
    assert "я" * 2500 in text(long)  # what was typed is still there
    back = resident.post(r["Location"], {"answer": "Фонтан", "back": "1"})
    assert back["Location"] == url(town, "votes_question", vote.pk) + f"?q={q1.pk}"
    assert "checked" in text(resident.get(back["Location"]))
    resident.post(url(town, "votes_question", vote.pk) + f"?q={q2.pk}", {"answer": "Фонтан",
                                                                "next": "1"})
    review = resident.get(url(town, "votes_review", vote.pk))
    assert "Иногда" in text(review) and "Фонтан" in text(review)
    cast(resident, town, vote)
    ballot = Ballot.objects.get(vote=vote)
    assert ballot.survey == {str(q1.pk): [choice.pk], str(q2.pk): "Фонтан"}


def test_invitation_link_is_carried_into_the_ballot(vt, vote_factory, resident):
    from veche.votes.services import invitation_create

    town, vote = vt["town"], vote_factory()
    inv = invitation_create(vote=vote, channel="leader", campaign="Весна")
    short = resident.get(url(town, "votes_invitation", inv.token))
    assert short.status_code == 302 and short["Location"].endswith(f"?i={inv.token}")
    resident.get(short["Location"])
    resident.post(url(town, "votes_ballot", vote.pk), {"option": options_of(vote)[0].pk,
                                                       "next": "1"})
    cast(resident, town, vote)
    assert Participation.objects.get(vote=vote).invitation_id == inv.pk
    assert resident.get(url(town, "votes_invitation", "nope")).status_code == 404


def test_changing_a_ballot_where_allowed(vt, vote_factory, resident):
    town, vote = vt["town"], vote_factory(allow_change=True)
    a, b, _c = options_of(vote)
    resident.post(url(town, "votes_ballot", vote.pk), {"option": a.pk, "next": "1"})
    done = cast(resident, town, vote)
    assert "Изменить голос" in text(done)
    resident.post(url(town, "votes_change", vote.pk))
    step = resident.get(url(town, "votes_ballot", vote.pk))
    assert f'value="{a.pk}" id="opt-{a.pk}" checked' in text(step)
    assert "Вы меняете свой голос" in text(step)
    resident.post(url(town, "votes_ballot", vote.pk), {"option": b.pk, "next": "1"})
    review = resident.get(url(town, "votes_review", vote.pk))
    assert 'name="change" value="1"' in text(review)
    changed = resident.post(url(town, "votes_cast", vote.pk), {"change": "1"}, follow=True)
    assert "Голос изменён" in text(changed)
    current = Ballot.objects.filter(vote=vote, is_current=True)
    assert [x.choices for x in current] == [[b.pk]]
    assert Ballot.objects.filter(vote=vote).count() == 2


@pytest.mark.parametrize("case,expected,link", [
    ("age", "от 18 лет", None),
    ("verification", "нужно подтвердить личность", "/accounts/phone/"),
    ("birth_date", "не указана ваша дата рождения", "/cabinet/"),
])
def test_ineligible_residents_are_told_why_and_what_to_do(vt, vote_factory, resident, case,
                                                          expected, link):
    town, me = vt["town"], vt["me"]
    if case == "age":
        vote = vote_factory(min_age=18)
        me.birth_date = dt.date.today().replace(year=dt.date.today().year - 16)
    elif case == "verification":
        vote = vote_factory(min_verification=VerificationLevel.PHONE)
    else:
        vote = vote_factory()
        me.birth_date = None
    me.save()
    page = resident.get(url(town, "votes_detail", vote.pk))
    assert expected in text(page)
    if link:
        assert link in text(page)
    step = resident.get(url(town, "votes_ballot", vote.pk))
    assert step.status_code == 403 and expected in text(step)
    posted = resident.post(url(town, "votes_cast", vote.pk))
    assert posted.status_code == 403
    assert not Ballot.objects.filter(vote=vote).exists()


def test_not_a_resident_and_anonymous(vt, vote_factory, client):
    from tests.web.helpers import login
    from veche.accounts.factories import make_user

    town, vote = vt["town"], vote_factory()
    anon = client.get(url(town, "votes_ballot", vote.pk))
    assert anon.status_code == 302 and anon["Location"].startswith("/accounts/login/")
    assert "Чтобы проголосовать, войдите" in text(client.get(url(town, "votes_detail",
                                                                  vote.pk)))
    stranger = login(client, make_user(email="guest@ozersk.ru"), verified=False)
    r = stranger.get(url(town, "votes_ballot", vote.pk))
    assert r.status_code == 403 and "Голосовать могут только жители города" in text(r)
    assert "/accounts/signup/zarechny/" in text(r)


def test_closed_and_not_yet_open_votes_refuse(vt, vote_factory, resident):
    from veche.votes.services import vote_close

    town = vt["town"]
    soon = vote_factory(status="published")
    r = resident.get(url(town, "votes_ballot", soon.pk))
    assert r.status_code == 403 and "ещё не началось" in text(r)
    closed = vote_factory()
    vote_close(vote=closed)
    r = resident.post(url(town, "votes_cast", closed.pk))
    assert r.status_code == 403 and "завершено" in text(r)
    draft = vote_factory(status="draft")
    assert resident.get(url(town, "votes_detail", draft.pk)).status_code == 404
