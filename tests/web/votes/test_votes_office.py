"""Staff pages of votes: who may open them, creating a vote with options and questions,
the schedule with confirmation, paper ballots with the double-vote check, abuse flags, the
settings log, invitations with counts, the background count."""

import pytest

from veche.votes.models import (
    AbuseFlag,
    AbuseReason,
    Ballot,
    Participation,
    Vote,
    VoteStatus,
    VoteTally,
)
from veche.votes.services import ballot_cast, invitation_create

from .conftest import options_of, url

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_roles(vt, vote_factory, client, resident, staff_user):
    town = vt["town"]
    vote = vote_factory()
    pages = [url(town, "votes_office"), url(town, "votes_office_vote", vote.pk),
             url(town, "votes_office_paper", vote.pk), url(town, "votes_office_flags", vote.pk)]
    for page in pages:
        assert resident.get(page).status_code == 403
    client.logout()
    for page in pages:
        r = client.get(page)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_moderator_sees_flags_but_does_not_manage(vt, vote_factory, moderator):
    town = vt["town"]
    vote = vote_factory()
    assert moderator.get(url(town, "votes_office")).status_code == 200
    assert moderator.get(url(town, "votes_office_flags", vote.pk)).status_code == 200
    assert moderator.get(url(town, "votes_office_new")).status_code == 403
    assert moderator.get(url(town, "votes_office_paper", vote.pk)).status_code == 403


def test_create_vote_with_bad_input_keeps_what_was_typed(vt, staff):
    town = vt["town"]
    r = staff.post(url(town, "votes_office_new"), {
        "title": "", "description": "Описание сквера", "kind": "budget", "min_age": "abc",
        "score_min": "1", "score_max": "5", "ranked_method": "schulze",
        "budget_rule": "equal_shares", "min_verification": "0",
        "results_visibility": "after_close", "tie_rule": "lexicographic"})
    assert r.status_code == 400
    assert "Введите целое число" in text(r) and "Описание сквера" in text(r)
    r = staff.post(url(town, "votes_office_new"), {
        "title": "", "kind": "budget", "min_age": "14", "score_min": "1", "score_max": "5",
        "ranked_method": "schulze", "budget_rule": "equal_shares", "min_verification": "0",
        "results_visibility": "after_close", "tie_rule": "lexicographic",
        "opens_at": "01.12.2026 09:00", "closes_at": "01.11.2026 09:00"})
    assert r.status_code == 400
    body = text(r)
    assert "Укажите название голосования." in body and "Укажите бюджет в рублях." in body
    assert "Завершение должно быть позже начала." in body
    assert not Vote.objects.exists()


def test_create_run_and_publish_a_vote(vt, staff):
    town = vt["town"]
    r = staff.post(url(town, "votes_office_new"), {
        "title": "Какой двор благоустроить?", "kind": "single", "min_age": "14",
        "score_min": "1", "score_max": "5", "ranked_method": "schulze",
        "budget_rule": "equal_shares", "min_verification": "0",
        "results_visibility": "live", "tie_rule": "lexicographic", "topic": vt["topic"].pk})
    vote = Vote.objects.get()
    assert r["Location"] == url(town, "votes_office_options", vote.pk)
    bad = staff.post(r["Location"], {"text": "", "latitude": "56.1"})
    assert bad.status_code == 400 and "Напишите текст варианта." in text(bad)
    assert "и широту, и долготу" in text(bad)
    for name in ("Двор на Ленина, 7", "Двор на Мира, 3"):
        staff.post(r["Location"], {"text": name, "latitude": "56.1", "longitude": "60.2"})
    assert vote.options.count() == 2
    q = staff.post(url(town, "votes_office_questions", vote.pk),
                   {"text": "Сколько вам лет?", "kind": "one", "choices": "до 30\n30+"})
    assert q.status_code == 302 and vote.questions.count() == 1
    confirm = staff.get(url(town, "votes_office_transition", vote.pk), {"action": "publish"})
    assert "Жители увидят голосование" in text(confirm)
    staff.post(url(town, "votes_office_transition", vote.pk), {"action": "publish",
                                                               "confirm": "1"})
    staff.post(url(town, "votes_office_transition", vote.pk), {"action": "open",
                                                               "confirm": "1"})
    vote.refresh_from_db()
    assert vote.status == VoteStatus.OPEN
    # A settings change after publication is logged with its reason.
    staff.post(url(town, "votes_office_edit", vote.pk), {
        "title": "Какой двор благоустроить в 2027?", "kind": "single", "min_age": "14",
        "score_min": "1", "score_max": "5", "ranked_method": "schulze",
        "budget_rule": "equal_shares", "min_verification": "0",
        "results_visibility": "live", "tie_rule": "lexicographic", "reason": "уточнили год"})
    log = text(staff.get(url(town, "votes_office_log", vote.pk)))
    assert "уточнили год" in log and "Какой двор благоустроить в 2027?" in log
    frozen = staff.post(url(town, "votes_office_edit", vote.pk), {
        "title": "x", "kind": "score", "min_age": "14", "score_min": "1", "score_max": "5",
        "ranked_method": "schulze", "budget_rule": "equal_shares", "min_verification": "0",
        "results_visibility": "live", "tie_rule": "lexicographic"})
    assert frozen.status_code == 400 and "Пока идёт голосование, нельзя менять" in text(frozen)
    ballot_cast(vote=vote, person=vt["me"], answers={"option": options_of(vote)[0].pk})
    staff.post(url(town, "votes_office_transition", vote.pk), {"action": "close",
                                                               "confirm": "1"})
    vote.refresh_from_db()
    assert vote.status == VoteStatus.CLOSED
    progress = staff.get(url(town, "votes_office_tally", vote.pk), HTTP_HX_REQUEST="true")
    assert "Последний подсчёт" in text(progress) and "итоговый" in text(progress)
    staff.post(url(town, "votes_office_transition", vote.pk), {"action": "publish_results",
                                                               "confirm": "1"})
    vote.refresh_from_db()
    assert vote.status == VoteStatus.RESULTS
    done = staff.get(url(town, "votes_office_tally", vote.pk), HTTP_HX_REQUEST="true")
    assert "Учтено бюллетеней: 1." in text(done) and "hx-trigger" not in text(done)
    wrong = staff.post(url(town, "votes_office_transition", vote.pk),
                       {"action": "open", "confirm": "1"}, follow=True)
    assert "Открыть можно только опубликованное" in text(wrong)
    results = text(staff.get(url(town, "votes_office_results", vote.pk)))
    assert "Явка" in results and "победитель" in results


def test_paper_ballots_and_the_double_vote_check(vt, vote_factory, staff):
    town = vt["town"]
    vote = vote_factory()
    a, b, _c = options_of(vote)
    neighbour = vt["me"].__class__.objects.filter(surname="Соседова").get()
    search = staff.get(url(town, "votes_office_paper_people", vote.pk), {"q": "Соседов"},
                       HTTP_HX_REQUEST="true")
    assert "Соседова" in text(search)
    page = url(town, "votes_office_paper", vote.pk)
    ok = staff.post(page, {"number": "П-001", "person": neighbour.pk, "option": a.pk})
    assert ok.status_code == 302
    assert Participation.objects.get(vote=vote, person=neighbour).channel == "paper"
    paper = Ballot.objects.get(vote=vote)  # names nobody (docs/votes.md)
    assert paper.channel == "paper" and paper.paper_number == "П-001" and not paper.person_id
    assert "Соседова" in text(staff.get(page))  # the list of who voted on paper
    twice = staff.post(page, {"number": "П-002", "person": neighbour.pk, "option": b.pk})
    assert twice.status_code == 400 and "уже есть голос" in text(twice)
    assert 'value="П-002"' in text(twice)  # the typed number stays
    ballot_cast(vote=vote, person=vt["me"], answers={"option": a.pk})
    online = staff.post(page, {"number": "П-003", "person": vt["me"].pk, "option": b.pk})
    assert "не учитывается, иначе он проголосует дважды" in text(online)
    other = vt["me"].__class__.objects.filter(surname="Соседовб").get()
    same_number = staff.post(page, {"number": "П-001", "person": other.pk, "option": a.pk})
    assert "уже внесён" in text(same_number)
    nobody = staff.post(page, {"number": "П-004", "option": a.pk})
    assert "Найдите жителя в реестре" in text(nobody)
    assert Ballot.objects.filter(vote=vote).count() == 2
    search = staff.get(url(town, "votes_office_paper_people", vote.pk), {"q": "Соседова"})
    assert "уже голосовал" in text(search)


def test_flags_invitations_and_list(vt, vote_factory, staff):
    town = vt["town"]
    vote = vote_factory()
    flag = AbuseFlag.objects.create(territory=town, vote=vote, reason=AbuseReason.IP_BURST,
                                    key="abc", ballots_count=12)
    page = text(staff.get(url(town, "votes_office_flags", vote.pk)))
    assert "много голосов с одного адреса" in page
    no_note = staff.post(url(town, "votes_office_flag", vote.pk, flag.pk),
                         {"status": "confirmed", "note": ""})
    assert no_note.status_code == 400 and "Опишите, что подтвердилось" in text(no_note)
    staff.post(url(town, "votes_office_flag", vote.pk, flag.pk),
               {"status": "confirmed", "note": "12 голосов за минуту из общежития"})
    flag.refresh_from_db()
    assert flag.status == "confirmed"
    made = staff.post(url(town, "votes_office_invitations", vote.pk),
                      {"channel": "leader", "campaign": "Весна", "inviter_name": "Совет ТОС"},
                      follow=True)
    assert "/t/zarechny/v/" in text(made) and "Совет ТОС" in text(made)
    inv = invitation_create(vote=vote, channel="sms", campaign="Декабрь")
    ballot_cast(vote=vote, person=vt["me"], answers={"option": options_of(vote)[0].pk},
                invitation_token=inv.token)
    page = text(staff.get(url(town, "votes_office_invitations", vote.pk)))
    assert "SMS: <strong>1</strong>" in page
    listing = text(staff.get(url(town, "votes_office")))
    assert vote.title in listing


def test_next_month_from_template_and_tally_start(vt, vote_factory, staff):
    town = vt["town"]
    template = vote_factory(status="draft", is_template=True, recurrence="monthly",
                            title="Проблема месяца")
    page = staff.get(url(town, "votes_office_next_month", template.pk))
    assert page.status_code == 200
    bad = staff.post(url(town, "votes_office_next_month", template.pk), {"period": "декабрь"})
    assert bad.status_code == 400 and "ГГГГ-ММ" in text(bad)
    r = staff.post(url(town, "votes_office_next_month", template.pk), {"period": "2026-12"})
    made = Vote.objects.get(template=template)
    assert r["Location"] == url(town, "votes_office_vote", made.pk)
    assert "декабрь 2026" in made.title and made.options.count() == 3
    vote = vote_factory()
    started = staff.post(url(town, "votes_office_tally", vote.pk), HTTP_HX_REQUEST="true")
    assert started.status_code == 200 and VoteTally.objects.filter(vote=vote).exists()
