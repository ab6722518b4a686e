"""The projects pages: every page renders for its role, refuses others, and forms re-render
with Russian messages on bad input."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.web.helpers import login
from veche.accounts.factories import add_totp, grant_role, make_user
from veche.accounts.models import Role
from veche.practices.models import ExpertScore, Initiative, ScorecardMonth, TownProject
from veche.practices.tenancy import walk_project_objects
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(in_town, people):
    return walk_project_objects(territory=in_town, persons=people[:2], marker="Марк")


@pytest.fixture
def staff(client, staff_user):
    return login(client, staff_user)


def _pages(town, objs):
    from veche.practices.models import Body, BodySession, ImprovementFact, Shortlist
    with town_scope(town):
        body = Body.objects.first()
        return [
            "office/project/", "office/project/problems/", "office/project/initiatives/",
            "office/project/bodies/", f"office/project/bodies/{body.pk}/",
            f"office/project/sessions/{BodySession.objects.first().pk}/",
            "office/project/expertise/",
            f"office/project/shortlists/{Shortlist.objects.first().pk}/",
            "office/project/plans/", f"office/project/plans/{objs['plan'].pk}/",
            "office/scorecard/", "office/scorecard/facts/", "office/scorecard/external/",
            "office/scorecard/events/",
        ], ImprovementFact.objects.first()


def test_every_staff_page_renders(staff, filled, in_town):
    pages, _ = _pages(in_town, filled)
    for page in pages:
        response = staff.get(f"/t/zarechny/{page}")
        assert response.status_code == 200, page
        # Every page shows the town's own entries; the scorecard shows figures only.
        expected = "Целевые показатели проекта" if page == "office/scorecard/" else "Марк"
        assert expected in response.content.decode(), page


def test_residents_and_experts_get_no_staff_pages(client, filled, in_town, resident_user):
    pages, _ = _pages(in_town, filled)
    login(client, resident_user, verified=False)
    for page in pages:
        assert client.get(f"/t/zarechny/{page}").status_code == 403, page


def test_start_a_project_and_refuse_a_duplicate_year(staff, in_town):
    response = staff.get("/t/zarechny/office/project/")
    assert "Начать проект" in response.content.decode()
    response = staff.post("/t/zarechny/office/project/", {"year": "2026"})
    assert response.status_code == 302
    response = staff.post("/t/zarechny/office/project/", {"year": "2026", "title": "Ещё"})
    assert response.status_code == 400
    assert "уже есть" in response.content.decode()
    assert TownProject.objects.filter(territory=in_town).count() == 1


def test_bad_problem_keeps_the_form(staff, filled):
    response = staff.post("/t/zarechny/office/project/problems/",
                          {"text": "", "source": "staff", "votes": "3"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Заполните поле «Проблема»" in body
    response = staff.post("/t/zarechny/office/project/initiatives/",
                          {"title": "Х" * 400, "description": "Описание сохраняется"})
    assert response.status_code == 400
    assert "Описание сохраняется" in response.content.decode()


def test_overlap_warning_is_shown_on_the_bodies_page(staff, filled):
    body = staff.get("/t/zarechny/office/project/bodies/").content.decode()
    assert 'id="overlap-warning"' in body
    assert "Кто входит в несколько органов" in body


def test_expert_scores_and_a_conflicted_expert_is_refused(client, filled, in_town):
    expert = make_user(email="e3@zarechny.ru", full_name="Третий Эксперт")
    grant_role(expert, in_town, Role.EXPERT)
    login(client, expert, verified=False)
    initiative = filled["initiative"]
    home = client.get("/t/zarechny/expert/").content.decode()
    assert initiative.title in home
    url = f"/t/zarechny/expert/initiatives/{initiative.pk}/"
    bad = client.post(url, {"action": "score", "effect": "4"})
    assert bad.status_code == 400 and "Выберите оценку от 1 до 5" in bad.content.decode()
    ok = client.post(url, {"action": "score", "effect": "4", "resources": "3",
                           "timeframe": "5", "fit": "5", "comment": "Годится"})
    assert ok.status_code == 302
    client.post(url, {"action": "conflict", "reason": "Я соавтор"})
    with town_scope(in_town):
        assert not ExpertScore.objects.filter(expert=expert).exists()
    again = client.post(url, {"action": "score", "effect": "4", "resources": "3",
                              "timeframe": "5", "fit": "5"})
    assert "конфликт интересов" in again.content.decode()


def test_shortlist_becomes_a_draft_resident_vote(staff, filled, in_town):
    from veche.practices.models import Shortlist
    with town_scope(in_town):
        sl = Shortlist.objects.get()
    response = staff.post(f"/t/zarechny/office/project/shortlists/{sl.pk}/vote/")
    assert response.status_code == 302
    from veche.votes.models import Option, Vote
    with town_scope(in_town):
        sl.refresh_from_db()
        vote = Vote.objects.get(pk=int(sl.vote_ref.rpartition(":")[2]))
        option = Option.objects.get(vote=vote)
        assert option.initiative_ref == str(filled["initiative"].pk)
        assert vote.kind == "ranked"
        assert Initiative.objects.get(pk=filled["initiative"].pk).status == "shortlisted"
    assert f"/office/votes/{vote.pk}/" in response["Location"]


def test_curator_ranking_only_curated_towns_and_xlsx(client, filled, in_town, other_town):
    from veche.territories.factories import make_town
    from veche.territories.scoping import all_towns
    with all_towns():
        hidden = make_town(slug="hidden", name="Чужой город")
    curator = make_user(email="cur@net.ru")
    grant_role(curator, in_town, Role.CURATOR)
    grant_role(curator, other_town, Role.CURATOR)
    add_totp(curator)
    login(client, curator)
    client.post("/curator/scorecard/")
    page = client.get("/curator/scorecard/").content.decode()
    assert "Заречный" in page and "Озёрск" in page and "Чужой город" not in page
    response = client.get("/curator/scorecard/export.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    towns = {book["Рейтинг"].cell(row=r, column=2).value for r in range(3, 5)}
    assert towns == {"Заречный", "Озёрск"}
    assert hidden.name not in book.sheetnames
    # The curator's assessment page of a curated town, and a refused score.
    bad = client.post("/t/zarechny/curator/scorecard/", {"action": "assess", "score": "150",
                                                         "conclusion": "x"})
    assert bad.status_code == 400
    ok = client.post("/t/zarechny/curator/scorecard/?month=2026-03",
                     {"action": "assess", "score": "80", "conclusion": "Хорошая работа",
                      "month": "2026-03"})
    assert ok.status_code == 302
    with town_scope(in_town):
        row = ScorecardMonth.objects.get(territory=in_town, month="2026-03-01")
        assert row.curator_points == 16
    assert client.get("/t/hidden/curator/scorecard/").status_code == 403
    # the month still running is marked provisional; a past month is not
    this_month = timezone.localdate().strftime("%Y-%m")
    current = client.get(f"/curator/scorecard/?month={this_month}").content.decode()
    assert "Предварительный рейтинг" in current and "баллы и места предварительные" in current
    past = client.get("/curator/scorecard/?month=2026-03").content.decode()
    assert "Предварительный рейтинг" not in past
    # the trend plots the result after the cut-offs
    assert "Итог после отсечения" in past


def test_non_curators_get_no_ranking(staff):
    assert staff.get("/curator/scorecard/").status_code == 403


def test_shortlist_page_shows_the_residents_ranking_back(staff, in_town, project, expert,
                                                         staff_user):
    """Staff turn the council's list into a vote, residents rank it, and the shortlist page
    shows each item's place next to its expert score."""
    import datetime as dt

    from veche.practices.projects.expert import expert_score_set, shortlist_approve
    from veche.practices.projects.services import initiative_create
    from veche.registry.factories import make_person
    from veche.registry.models import VerificationLevel
    from veche.votes.models import Option, Vote
    from veche.votes.services import ballot_cast, vote_open, vote_publish

    with town_scope(in_town):
        park = initiative_create(territory=in_town, project=project, title="Парк у реки",
                                 author_names="Иванов")
        yard = initiative_create(territory=in_town, project=project, title="Двор без машин",
                                 author_names="Петрова")
        expert_score_set(project=project, expert=expert, initiative=park, effect=5,
                         resources=4, timeframe=4, fit=5)
        sl = shortlist_approve(project=project, items=[f"initiative:{park.pk}",
                                                       f"initiative:{yard.pk}"],
                               decision="Вынести на голосование", by=staff_user)
    url = f"/t/zarechny/office/project/shortlists/{sl.pk}/"
    assert "Создать голосование жителей" in staff.get(url).content.decode()
    staff.post(url + "vote/")
    page = staff.get(url).content.decode()
    assert "черновик" in page and "Голосование ещё не началось" in page
    with town_scope(in_town):
        sl.refresh_from_db()
        draft = Vote.objects.get(pk=sl.vote_ref.split(":")[1])
        vote = vote_open(vote=vote_publish(vote=draft))
        ids = {o.initiative_ref: o.pk for o in Option.objects.filter(vote=vote)}
        for n in range(3):
            voter = make_person(in_town, surname=f"Жителев-{'абв'[n]}", given_name="Иван",
                                birth_date=dt.date(1980, 1, 1),
                                verification=VerificationLevel.PHONE)
            ballot_cast(vote=vote, person=voter,
                        answers={"ranking": [ids[str(yard.pk)], ids[str(park.pk)]]})
    page = staff.get(url).content.decode()
    assert "идёт голосование" in page and "Бюллетеней: 3" in page
    # The residents put the yard first although the experts scored only the park.
    assert page.index("Двор без машин</td>") < page.index("Парк у реки</td>")
    assert "4,50" in page  # the park's expert score, (5 + 4 + 4 + 5) / 4 with equal weights
