"""The named reads past the town scope (veche/territories/crosstown.py): each, asked from or
for town A, gives no row of town B beyond what it is documented to give; and nothing else in
`veche/` reaches past the scope."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django_scopes import ScopeError

from veche.accounts.access import curated_territory_ids
from veche.accounts.factories import grant_role, make_user
from veche.accounts.models import Membership, Role
from veche.appeals.models import TemplateSolution
from veche.practices.factories import make_practice
from veche.practices.models import Practice
from veche.registry.factories import make_person
from veche.registry.models import Person
from veche.territories.crosstown import (
    all_towns,
    in_town,
    in_towns,
    of_user,
    published_anywhere,
    town_and_network,
)
from veche.territories.factories import make_district, make_town
from veche.territories.models import District
from veche.territories.scoping import town_scope, towns_scope

pytestmark = pytest.mark.django_db

VECHE = Path(__file__).resolve().parents[2] / "veche"
CROSSTOWN = VECHE / "territories" / "crosstown.py"


@pytest.fixture
def towns():
    with all_towns():
        a, b = make_town(slug="town-a", name="Город А"), make_town(slug="town-b", name="Город Б")
    for town in (a, b):
        with town_scope(town):
            make_district(town, f"Центр {town.slug}")
            make_district(town, f"Окраина {town.slug}")
    return a, b


@pytest.fixture
def people(towns):
    """A staff member and a resident (with a registry person) in each town."""
    out = {}
    for town in towns:
        staff = make_user(email=f"staff@{town.slug}.ru")
        resident = make_user(email=f"resident@{town.slug}.ru")
        grant_role(staff, town, Role.STAFF)
        grant_role(resident, town, Role.RESIDENT)
        with town_scope(town):
            make_person(town, surname="Петров", user=resident)
        out[town.slug] = (staff, resident)
    return out


def _towns_of(rows) -> set[int]:
    return {row.territory_id for row in rows}


def test_in_town_reads_only_the_named_town_whatever_scope_is_open(towns):
    a, b = towns
    assert _towns_of(in_town(District, a)) == {a.pk}  # no scope open (a background task)
    with town_scope(b):  # another town's scope open (the network's bank, a receipt check)
        assert _towns_of(in_town(District, a.pk)) == {a.pk}
        assert in_town(District, a).count() == 2
    with all_towns():
        assert _towns_of(in_town(District, a)) == {a.pk}


def test_in_town_refuses_no_town(towns):
    # django-scopes reads a None scope as "every town": the named reads never pass it on.
    with pytest.raises(ValueError):
        in_town(District, None)


def test_in_towns_reads_only_the_named_towns(towns):
    a, b = towns
    assert _towns_of(in_towns(District, [a])) == {a.pk}
    assert _towns_of(in_towns(District, {a.pk, b.pk})) == {a.pk, b.pk}
    assert list(in_towns(District, [])) == []


def test_curator_aggregates_cover_only_the_curated_towns(towns):
    a, b = towns
    curator = make_user(email="curator@example.ru")
    grant_role(curator, a, Role.CURATOR)
    assert curated_territory_ids(curator) == [a.pk]
    with towns_scope(curated_territory_ids(curator)):
        assert _towns_of(District.objects.all()) == {a.pk}


def test_of_user_gives_a_login_its_own_rows_only(towns, people):
    a, b = towns
    staff_a, resident_a = people[a.slug]
    for user in (staff_a, resident_a):
        assert _towns_of(of_user(Membership, user)) == {a.pk}
        with town_scope(b):
            assert _towns_of(of_user(Membership, user)) == {a.pk}
    assert [p.territory_id for p in of_user(Person, resident_a)] == [a.pk]
    assert not of_user(Person, staff_a).exists()
    assert not of_user(Membership, AnonymousUser()).exists()
    assert not of_user(Membership, None).exists()


def test_of_user_follows_a_login_into_each_of_its_towns(towns, people):
    a, b = towns
    staff_a, _ = people[a.slug]
    grant_role(staff_a, b, Role.RESIDENT)
    assert _towns_of(of_user(Membership, staff_a)) == {a.pk, b.pk}
    assert {m.user_id for m in of_user(Membership, staff_a)} == {staff_a.pk}


def test_town_and_network_gives_a_town_its_own_and_the_shared_rows(towns):
    a, b = towns
    for territory, title in ((a, "А"), (b, "Б"), (None, "Сеть")):
        TemplateSolution.objects.create(territory=territory, title=title, problem="…")
    with town_scope(a):
        rows = list(town_and_network(TemplateSolution, a))
    assert sorted(r.title for r in rows) == ["А", "Сеть"]
    assert _towns_of(rows) == {a.pk, None}


def test_published_anywhere_never_gives_another_towns_unpublished_rows(towns):
    a, b = towns
    for town in towns:
        with town_scope(town):
            make_practice(territory=town, name=f"Опубликована {town.slug}")
            make_practice(territory=town, name=f"Черновик {town.slug}", publish=False)
    published = Practice.Status.PUBLISHED
    with town_scope(a):
        seen = {p.title for p in published_anywhere(Practice, town=a, status=published)}
        assert seen == {"Опубликована town-a", "Черновик town-a", "Опубликована town-b"}
        seen = {p.title for p in published_anywhere(Practice, status=published)}
        assert seen == {"Опубликована town-a", "Опубликована town-b"}
    with pytest.raises(TypeError):
        published_anywhere(Practice)


def test_town_rows_still_need_a_scope_outside_the_named_reads(towns):
    with pytest.raises(ScopeError):
        list(District.objects.all())


# --- The named reads are the only ones -------------------------------------------------------

def _sources():
    for path in sorted(VECHE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_nothing_outside_crosstown_reaches_past_the_scope():
    """No `with_scopes_disabled()` and no `scopes_disabled` outside crosstown.py: a new read
    across towns becomes a named, documented function there (with its test here)."""
    found = []
    for path, tree in _sources():
        if path == CROSSTOWN:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "with_scopes_disabled":
                found.append(f"{path.relative_to(VECHE.parent)}:{node.lineno}")
            elif isinstance(node, ast.Name) and node.id == "scopes_disabled":
                found.append(f"{path.relative_to(VECHE.parent)}:{node.lineno}")
            elif isinstance(node, ast.ImportFrom) and any(
                    a.name == "scopes_disabled" for a in node.names):
                found.append(f"{path.relative_to(VECHE.parent)}:{node.lineno}")
    assert not found, "reads past the town scope outside veche/territories/crosstown.py: " \
        + ", ".join(found)


# Who may open every town at once (all_towns), and why.
ALL_TOWNS_CALLERS = {
    "veche/territories/": "the core: the admin's middleware, the factories",
    "veche/demo/": "the demo's builder and its list of logins",
    "veche/practices/": "the network's public bank (published practices only), its commands",
    "veche/web/views/practices/": "the public bank's pages",
    "veche/api/routers/practices": "the public bank's API",
}


def test_every_town_at_once_is_opened_only_by_platform_wide_work():
    found = []
    for path, tree in _sources():
        rel = path.relative_to(VECHE.parent).as_posix()
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                 and getattr(n.func, "id", getattr(n.func, "attr", None)) == "all_towns"]
        if calls and not any(rel.startswith(prefix) for prefix in ALL_TOWNS_CALLERS):
            found.append(f"{rel}:{calls[0].lineno}")
    assert not found, "all_towns() outside platform-wide work: " + ", ".join(found)
