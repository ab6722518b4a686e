"""What a resident or a staff member ran into on the votes pages and must not meet again:
«Назад» blocked by a required survey question, a tie rule naming options by database ids,
every mistake of the new-vote form not shown at once, an untouched settings form moving the
close time and logging a change, and the settings log in field codes."""

import datetime as dt

import pytest
from django.utils import timezone

from veche.votes.models import Question, ResultsVisibility, TieRule, Vote, VoteSettingsChange
from veche.votes.services import ballot_cast, question_add, vote_update

from .conftest import options_of, url

pytestmark = pytest.mark.django_db

FORM = {"kind": "single", "min_age": "14", "score_min": "1", "score_max": "5",
        "ranked_method": "schulze", "budget_rule": "equal_shares", "min_verification": "0",
        "results_visibility": "after_close", "tie_rule": "lexicographic"}


def text(response) -> str:
    return response.content.decode()


def test_back_from_an_unanswered_required_question_is_not_blocked(vt, vote_factory, resident):
    town = vt["town"]
    vote = vote_factory(status="draft")
    q = question_add(vote=vote, text="Откуда вы узнали?", kind=Question.Kind.ONE,
                     choices=["Соседи", "Плакат"], required=True)
    from veche.votes.services import vote_open, vote_publish

    vote_publish(vote=vote)
    vote_open(vote=vote)
    resident.post(url(town, "votes_ballot", vote.pk), {"option": options_of(vote)[1].pk})
    question = url(town, "votes_question", vote.pk) + f"?q={q.pk}"
    back = resident.post(question, {"back": "1"})
    assert back.status_code == 302 and back["Location"] == url(town, "votes_ballot", vote.pk)
    # The choice made before is still there, and going forward still asks the question.
    choice = text(resident.get(back["Location"]))
    assert f'value="{options_of(vote)[1].pk}" id="opt-{options_of(vote)[1].pk}" checked' in choice
    forward = resident.post(question, {"next": "1"})
    assert forward.status_code == 400 and "Это обязательный вопрос" in text(forward)


def test_tie_rule_names_options_by_their_ballot_numbers(vt, vote_factory, client):
    town = vt["town"]
    # Options made after others have large ids; residents know them as 1, 2, 3.
    vote_factory(title="Раньше", status="draft", options=tuple(f"В{i}" for i in range(9)))
    vote = vote_factory(results_visibility=ResultsVisibility.LIVE)
    ids = [o.pk for o in options_of(vote)]
    assert min(ids) > 3
    ballot_cast(vote=vote, person=vt["me"], answers={"option": ids[0]})
    body = text(client.get(url(town, "votes_results", vote.pk)))
    assert "вариант 1 раньше варианта 2" in body
    assert ", ".join(map(str, ids)) not in body
    assert "1. Сквер у ДК" in body

    seeded = vote_factory(results_visibility=ResultsVisibility.LIVE,
                          tie_rule=TieRule.SEEDED, tie_seed="Тираж 1234")
    body = text(client.get(url(town, "votes_results", seeded.pk)))
    assert "затравки «Тираж 1234»" in body
    order = body.split("Номера вариантов в этом порядке: ")[1].split(".")[0]
    assert sorted(order.split(", ")) == ["1", "2", "3"]


def test_new_vote_form_shows_every_mistake_at_once(vt, staff):
    r = staff.post(url(vt["town"], "votes_office_new"), FORM | {
        "title": "", "kind": "score", "score_min": "5", "score_max": "1", "min_age": "abc",
        "description": "Описание сквера"})
    body = text(r)
    assert r.status_code == 400
    assert "Введите целое число" in body  # min_age
    assert "Укажите название голосования." in body
    assert "Верхняя граница шкалы должна быть больше нижней." in body
    assert "Описание сквера" in body and not Vote.objects.exists()


def test_saving_untouched_settings_changes_nothing_and_logs_nothing(vt, vote_factory, staff):
    town = vt["town"]
    closes = timezone.now() + dt.timedelta(days=3, seconds=17, microseconds=5)
    vote = vote_factory(closes_at=closes)
    edit = staff.get(url(town, "votes_office_edit", vote.pk))
    form = edit.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items() if v is not False}
    data["closes_at"] = timezone.localtime(closes).strftime("%Y-%m-%dT%H:%M")
    r = staff.post(url(town, "votes_office_edit", vote.pk), data)
    assert r.status_code == 302, r.context["form"].errors
    vote.refresh_from_db()
    assert vote.closes_at == closes
    assert not VoteSettingsChange.objects.filter(vote=vote).exclude(field="status").exists()


def test_settings_log_reads_in_words(vt, vote_factory, staff):
    town = vt["town"]
    # (allow_change is frozen once open, issue 15 p.6: the results' visibility is not)
    vote = vote_factory(results_visibility="after_close")
    vote_update(vote=vote, results_visibility="live", reason="жители просили")
    vote_update(vote=vote, closes_at=timezone.make_aware(dt.datetime(2026, 12, 3, 23, 58)))
    body = text(staff.get(url(town, "votes_office_log", vote.pk)))
    assert "Итоги видны" in body and "жители просили" in body
    assert "во время голосования" in body and "после завершения" in body
    assert "03.12.2026 23:58" in body and "Завершение" in body
    assert "идёт голосование" in body and "опубликовано" in body
    for code in ("results_visibility", "closes_at", "<td>published</td>", "<td>live</td>"):
        assert code not in body


def test_tie_seed_cannot_change_while_the_vote_is_open(vt, vote_factory):
    from django.core.exceptions import ValidationError

    vote = vote_factory(tie_rule=TieRule.SEEDED, tie_seed="Тираж 1234")
    with pytest.raises(ValidationError, match="затравка для ничьих"):
        vote_update(vote=vote, tie_seed="Тираж 9999")
    with pytest.raises(ValidationError, match="правило ничьих"):
        vote_update(vote=vote, tie_rule=TieRule.LEXICOGRAPHIC)
