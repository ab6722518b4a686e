"""In English, a page says nothing in Russian but the town's own data (names, titles) and what is
Russian on purpose (quotations of the law and the seeds, marked lang="ru"). Every parameterless
page of a town is opened as each role with the English cookie; the fixture's data is written in
Latin letters, so any Cyrillic word left is an untranslated interface string."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client

from tests.tenancy_routes import page_routes
from tests.web.helpers import login
from veche.accounts.factories import add_totp, grant_role, make_user
from veche.registry.factories import make_person
from veche.territories.factories import make_district, make_topic, make_town
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db
CYRILLIC = re.compile(r"[А-Яа-яЁё][А-Яа-яЁё-]+")


class VisibleText(HTMLParser):
    """The text a reader sees: no scripts or styles, nothing inside an element marked
    lang="ru" (a deliberate Russian quotation)."""

    SKIP = {"script", "style", "template"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "area", "col", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        hidden = (tag in self.SKIP or dict(attrs).get("lang") == "ru"
                  or (self.stack and self.stack[-1]))
        self.stack.append(bool(hidden))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def russian_words(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return set(CYRILLIC.findall(" ".join(parser.parts)))


@pytest.fixture
def world():
    with all_towns():
        town = make_town(slug="zarechny", name="Zarechny")
    with town_scope(town):
        district = make_district(town, "North")
        make_topic(town, "Courtyards")
    people = {}
    for role in ("resident", "staff", "head", "moderator", "expert"):
        user = make_user(email=f"{role}@zarechny.example", full_name=f"Test {role.title()}")
        grant_role(user, town, role)
        if role != "resident":
            add_totp(user)
        people[role] = user
    curator = make_user(email="curator@network.example", full_name="Test Curator")
    grant_role(curator, town, "curator")
    add_totp(curator)
    people["curator"] = curator
    with town_scope(town):
        make_person(town, surname="Ivanova", given_name="Maria", patronymic="",
                    district=district, user=people["resident"])
    return town, people


def _client(user=None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return login(client, user) if user is not None else client


@pytest.mark.parametrize("role", ["anonymous", "resident", "staff", "head", "moderator",
                                  "curator", "expert"])
def test_no_russian_interface_text_in_english(world, role):
    town, people = world
    pages, _ = page_routes(public_pages=set(), staff_page=re.compile("office"),
                           no_post=re.compile("."))
    client = _client(people.get(role))
    found: dict[str, set[str]] = {}
    opened = 0
    for route in pages:
        if route.params or not route.in_town:
            continue
        response = client.get(route.template.format(town=town.slug))
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        opened += 1
        words = russian_words(response.content.decode())
        if words:
            found[route.template] = words
    assert opened >= 3
    assert not found, "\n".join(f"{url}: {sorted(words)[:15]}" for url, words in found.items())
