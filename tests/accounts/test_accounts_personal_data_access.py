"""Who reads residents' personal data: every role × every page and endpoint that shows it
(a person's card with birth date, phone, e-mail and flat; the registry search; list imports
with their rejected rows; the ledger of actions; the card-access log; the appeals desk; the
paper-ballot registry search), with and without the second factor.

Only the administration's staff and the head of town read them, and only after TOTP. A
moderator's work (votes' abuse flags) needs none of them; the moderator passes the second
factor all the same (a confirmed flag changes a vote's published results)."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.helpers import login
from veche.accounts.factories import grant_role, make_user
from veche.accounts.models import SECOND_FACTOR_ROLES, Department, Role
from veche.appeals.factories import make_appeal
from veche.appeals.models import AppealDesk
from veche.ledger.services import action_record
from veche.registry.factories import make_person
from veche.registry.imports import list_import_create, list_import_run
from veche.registry.services import person_card_open
from veche.territories.scoping import town_scope
from veche.votes.factories import make_vote

pytestmark = pytest.mark.django_db

# Written out, not imported: widening the set in the code must fail here until someone
# decides that a new role needs residents' data.
MAY_READ = {Role.STAFF, Role.HEAD}
EMAIL = "sekret@example.ru"
LIST = "Фамилия;Имя;Отчество;Дата рождения;Телефон\nОшибкина;Ольга;;31.13.1990;\n"


@pytest.fixture
def pd(town):
    """A person whose data the pages show, a staff reader of the card, a list import with a
    rejected row, an appeal and an open vote, and one user for each role."""
    with town_scope(town):
        desk = Department.objects.create(territory=town, name="Общий отдел")
        AppealDesk.objects.create(territory=town, department=desk)
        person = make_person(town, surname="Секретова", given_name="Ирина",
                             birth_date=dt.date(1961, 4, 9), phone="+79127770011",
                             email=EMAIL, apartment="44")
        action_record(person=person, kind="comment", object_title="Сквер у школы")
        reader = make_user(email="reader@zarechny.ru", full_name="Читатель Карточек")
        person_card_open(person=person, viewer=reader, ip="127.0.0.1", purpose="проверка")
        record = list_import_create(territory=town, list_name="Совет ветеранов",
                                    file_name="list.csv", data=LIST.encode())
        list_import_run(list_import=record)
        appeal = make_appeal(town, person)
        vote = make_vote(town)
        users = {}
        for role in Role:
            user = make_user(email=f"{role.value}@zarechny.ru")
            grant_role(user, town, role, desk if role == Role.STAFF else None)
            users[role] = user
    return {"person": person, "import": record, "appeal": appeal, "vote": vote,
            "users": users}


def pages(pd) -> list[tuple[str, str, str | None]]:
    """(label, url, text the page shows to a reader — None: the page is a form)."""
    slug, pid = "zarechny", pd["person"].pk
    web = lambda name, *args: reverse(f"web:{name}", args=[slug, *args])  # noqa: E731
    api = f"/api/v1/t/{slug}"
    return [
        ("registry search", web("office_registry") + "?q=Секретова", "Секретова"),
        ("person card", web("office_person", pid), EMAIL),
        ("new person form", web("office_person_new"), None),
        ("list imports", web("office_imports"), "Совет ветеранов"),
        ("import with rejected rows", web("office_import", pd["import"].pk), "Ошибкина"),
        ("ledger", web("office_ledger"), "Секретова"),
        ("card-access log", web("office_access_log"), "Секретова"),
        ("appeals registry", web("appeals_registry"), "Секретова"),
        ("appeal card", web("appeals_card", pd["appeal"].pk), EMAIL),
        ("paper-ballot registry search",
         web("votes_office_paper_people", pd["vote"].pk) + "?q=Секретова", "Секретова"),
        ("API registry", f"{api}/registry/persons/?q=Секретова", "Секретова"),
        ("API person card", f"{api}/registry/persons/{pid}", EMAIL),
        ("API ledger", f"{api}/ledger/actions/", "Секретова"),
    ]


def _text(response) -> str:
    """The page, or the API's JSON with its Cyrillic unescaped."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reads_personal_data_only_if_its_work_needs_it_and_after_totp(pd, role):
    user = pd["users"][role]
    opened = []
    for verified in (False, True):
        client = login(Client(), user, verified=verified)
        for label, url, marker in pages(pd):
            response = client.get(url)
            body = _text(response)
            where = f"{role.value}, TOTP {'passed' if verified else 'not passed'}: {label}"
            if response.status_code == 200:
                opened.append((verified, label))
            if role in MAY_READ and verified:
                assert response.status_code == 200, where
                assert marker is None or marker in body, where
                continue
            assert response.status_code != 200, where
            assert EMAIL not in body and "+79127770011" not in body, where
            if role in SECOND_FACTOR_ROLES and not verified:
                # Sent to the code page (the API says so in JSON), never shown the data.
                if url.startswith("/api/"):
                    assert response.status_code == 403, where
                    assert response.json()["code"] == "second_factor_required", where
                else:
                    assert response.status_code == 302, where
                    assert response["Location"].startswith("/accounts/otp/"), where
    # Whoever read anything is a second-factor role and had passed it.
    if opened:
        assert role in SECOND_FACTOR_ROLES and all(verified for verified, _ in opened)


def test_a_moderator_passes_totp_and_keeps_only_the_work_of_moderation(pd):
    moderator = pd["users"][Role.MODERATOR]
    vote = pd["vote"]
    flags = reverse("web:votes_office_flags", args=["zarechny", vote.pk])
    # A password alone is not enough.
    response = login(Client(), moderator, verified=False).get(flags)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/")
    client = login(Client(), moderator)
    assert client.get(flags).status_code == 200
    dashboard = client.get(reverse("web:office", args=["zarechny"]))
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    # The menu offers the moderator no page it would be refused.
    for name in ("office_registry", "office_imports", "office_ledger", "office_access_log",
                 "appeals_registry"):
        assert reverse(f"web:{name}", args=["zarechny"]) not in html, name
    assert reverse("web:votes_office", args=["zarechny"]) in html


def test_staff_menu_still_lists_the_registry_pages(pd):
    html = login(Client(), pd["users"][Role.STAFF]).get(
        reverse("web:office", args=["zarechny"])).content.decode()
    for name in ("office_registry", "office_imports", "office_ledger", "office_access_log"):
        assert reverse(f"web:{name}", args=["zarechny"]) in html, name
