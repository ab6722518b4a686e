"""The tenancy walk: every town page and every API endpoint, requested by people who must not
see town A's residents, gives them nothing.

Nothing here lists pages by hand. Town pages come from Django's URL resolver (every route under
t/<slug>/), API endpoints from the OpenAPI schema, so a page added tomorrow is walked tomorrow.
Path parameters are filled with real objects of town A: a parameter named after a model
(`person_id`, `topic_id`, `<int:appeal>`) takes the id of that model's first town-A row.

Town A's registry holds persons with marker names, phones and emails. Callers:
anonymous; a user of town B in each role (staff, head and curators TOTP-verified); a curator
of B only and a curator of A and B (curators see aggregates, never a person); a staff token of
B. For each town-A page they get a login redirect, 401, 403, 404 or 405 — unless the page is in
PUBLIC_PAGES (or is an API endpoint declaring no security), and then it must not contain any
marker. A resident of town A must not get staff pages (office/… and non-public API).

Capabilities add rows of their own town-owned models for the walk: each declares, in its
contract (veche/<capability>/tenancy.py, named in contract.py), `walk_objects(*, territory,
persons, marker)`; it is called for town A.
"""

import re
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.test import Client
from django.urls import get_resolver
from django_otp import DEVICE_ID_SESSION_KEY

from tests.tenancy_routes import Route, api_routes, fill, page_routes, visible_text, walk_patterns
from veche.accounts.contract import capabilities
from veche.accounts.factories import add_totp, grant_role, make_user
from veche.accounts.models import Role
from veche.accounts.tokens import api_token_create
from veche.ledger.services import action_record
from veche.registry.consent import consent_grant
from veche.registry.merges import merge_undo, person_merge
from veche.registry.models import ListImport, ListImportRow, Segment, SourceList
from veche.registry.review import candidate_add
from veche.registry.services import person_card_open, person_create
from veche.registry.verification import verification_send
from veche.territories.factories import make_building, make_district, make_topic, make_town
from veche.territories.models import Territory
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db

# Town pages anyone may open (by URL name), and why what they show is not town A's secret.
PUBLIC_PAGES = {
    "web:town_home": "the town's public home: aggregated figures, open topics",
    "web:topics": "the public catalogue of city topics",
    "web:cabinet": "the visitor's own record in that town (strangers have none)",
    "web:cabinet_consent": "changes the visitor's own consents only",
    "web:cabinet_export": "exports the visitor's own data only",
    "web:cabinet_erase": "erases the visitor's own record only",
    "web:votes_list": "the town's published votes: titles, dates, status",
    "web:votes_detail": "a published vote, its options and rules; the visitor's own ballot only",
    "web:votes_invitation": "a tracked link: redirects to the public vote page",
    "web:votes_receipt": "checks a receipt code: ballot number and hash, no person",
    "web:votes_results": "counts and turnout by district/age; no voter or inviter names",
    "web:votes_ballots_csv": "the anonymised ballot file (no person, time or address)",
    "web:votes_ballots_json": "the anonymised ballot file (no person, time or address)",
    "web:appeals_new": "the appeal form: the visitor's own details only, files as themself",
    "web:appeals_cabinet": "the visitor's own appeals only (strangers have none)",
    # Head meetings: time, place, head's name and staff-worded outcomes; never an applicant.
    "web:meetings_public_list": "announced and past head meetings: dates, addresses, counts",
    "web:meetings_public_detail": "one public meeting: place, time, public outcomes, no names",
    "web:meetings_ask": "a form to send a question in advance; shows the visitor's own only",
    "web:meetings_poster": "the printed announcement: date, time, place, head, QR",
    "web:meetings_results_poster": "the printed results: staff-worded questions and outcomes",
    # The head's reception by appointment: free times (date, place, who receives) and the
    # visitor's own bookings only; the booking form of a free time, as themself.
    "web:reception_slots": "free reception times and the visitor's own bookings only",
    "web:reception_book": "the booking form of a free time; the visitor books as themself",
    # Citizens' initiatives (events, E3): titles, goals, status, counts and tasks; no names.
    "web:events_initiatives": "the town's initiatives: titles, goals, status, group sizes",
    "web:events_initiative_detail": "one initiative: goals, tasks, links; names only to its "
                                    "leader and the office",
    "web:events_initiative_new": "the proposal form; the visitor proposes as themself",
    "web:events_volunteer": "open volunteer tasks; the visitor's own sign-ups and hours only",
    # Events (E1): announced, held and reported events (title, time, place, organiser,
    # decisions); the visitor's own tickets only.
    "web:events_list": "the town's public events: titles, dates, places, organisers",
    "web:events_detail": "one public event: place, time, decisions; the visitor's own ticket",
    "web:events_tickets": "the visitor's own tickets only (strangers have none)",
    # Confirming one's data (issue 18): the form to type a code; a person's data only to the
    # holder of the code sent to that person (a wrong or foreign code is a 404).
    "web:verify": "the code form; data only behind the code sent to that person",
}
# API endpoints that declare no security in the schema; must match the schema exactly.
PUBLIC_API = {
    ("get", "/api/v1/territories/"),
    ("get", "/api/v1/t/{slug}/topics/"),
    ("get", "/api/v1/t/{slug}/engagement/"),
    ("get", "/api/v1/t/{slug}/engagement/analytics"),
    # Votes: published votes, their results and anonymised ballot files (no person), and the
    # receipt check (answers only to whoever holds the receipt code).
    ("get", "/api/v1/t/{slug}/votes/"),
    ("get", "/api/v1/t/{slug}/votes/{vote_id}"),
    ("get", "/api/v1/t/{slug}/votes/{vote_id}/results"),
    ("get", "/api/v1/t/{slug}/votes/{vote_id}/ballots.csv"),
    ("get", "/api/v1/t/{slug}/votes/{vote_id}/ballots.json"),
    ("post", "/api/v1/t/{slug}/votes/{vote_id}/receipt"),
    # The network's bank of practices: published passports of every town (drafts give 404).
    ("get", "/api/v1/practices/"),
    ("post", "/api/v1/practices/similar/"),
    ("get", "/api/v1/practices/{practice_id}"),
    ("get", "/api/v1/practices/{practice_id}/similar"),
    ("get", "/api/v1/practices/{practice_id}/replications"),
    ("get", "/api/v1/practices/network"),
    ("get", "/api/v1/practices/matrix"),
    # Head meetings: the public schedule and results (no names), and the poster.
    ("get", "/api/v1/t/{slug}/meetings/"),
    ("get", "/api/v1/t/{slug}/meetings/{meeting_id}"),
    ("get", "/api/v1/t/{slug}/meetings/{meeting_id}/poster.pdf"),
    # Citizens' initiatives and open volunteer tasks (no names).
    ("get", "/api/v1/t/{slug}/initiatives/"),
    ("get", "/api/v1/t/{slug}/initiatives/{citizen_initiative_id}"),
    ("get", "/api/v1/t/{slug}/volunteer-tasks/"),
    # Events (E1): the public list and one public event (no names).
    ("get", "/api/v1/t/{slug}/events/"),
    ("get", "/api/v1/t/{slug}/events/{event_id}"),
}
STAFF_PAGE = re.compile(r"(^|/)office/")
# Never walked with POST: they end the caller's session and would blind the rest of the walk.
NO_POST = re.compile(r"logout|erase")

MARKER = "Тайнозаречн"
MARKERS = (MARKER, "Секретин", "Маркеровн", "leak-marker-a", "9990001122", "9990003344")
DENIED = {401, 403, 404, 405}
# Set to a list (e.g. from a debugging session) to record every request the walk makes.
WALK_LOG: list[str] | None = None


# --- town A with marked residents, town B with its callers -----------------------------------

def _town_objects(territory: Territory) -> dict[str, object]:
    """The first town-A row of every model that belongs to a town, by model name."""
    found = {}
    for model in apps.get_models():
        fk = next((f for f in model._meta.fields if f.name == "territory"), None)
        if fk is None or fk.related_model is not Territory:
            continue
        obj = model._default_manager.filter(territory=territory).order_by("pk").first()
        if obj is not None:
            found[model._meta.model_name] = obj
    return found


def build_town_a(town: Territory) -> dict:
    with town_scope(town):
        district = make_district(town, "Заводской")
        building = make_building(town, district, street="ул. Тайная", house="7")
        segment = Segment.objects.create(territory=town, code="veteran", name="Ветераны")
        source = SourceList.objects.create(territory=town, name="Список ветеранов")
        topic = make_topic(town, "Благоустройство")
        marked = [
            person_create(territory=town, surname="Тайнозаречная", given_name="Секретина",
                          patronymic="Маркеровна", phone="+79990001122",
                          email="leak-marker-a@zarechny.ru", district=district,
                          building=building, apartment="3", segments=[segment],
                          source_list=source),
            person_create(territory=town, surname="Тайнозаречный", given_name="Секретин",
                          phone="+79990003344", email="leak-marker-a2@zarechny.ru",
                          district=district),
        ]
        for person in marked:
            action_record(person=person, kind="comment", topic=topic, object_title="Отзыв")
            consent_grant(person=person, purpose="participation")
        viewer = make_user(email="auditor@zarechny.ru")
        person_card_open(person=marked[0], viewer=viewer, ip="127.0.0.1")
        # An uploaded list whose rejected row keeps the raw values, markers included.
        upload = ListImport.objects.create(territory=town, source_list=source,
                                           file="imports/walk.csv", file_name="walk.csv")
        ListImportRow.objects.create(
            territory=town, list_import=upload, number=1, outcome="rejected",
            raw={"ФИО": "Тайнозаречная Секретина", "Телефон": "+7 999 000-11-22"},
            errors=["Телефон не распознан"])
        # Issue 18: a review pair, a merge (undone, so both records stay) and a verification.
        extra = person_create(territory=town, surname="Тайнозаречнова", given_name="Секретина")
        pair = candidate_add(territory=town, person=marked[0], other=marked[1], score=0.5)
        merge_undo(merge=person_merge(survivor=marked[1], absorbed=extra))
        consent_grant(person=marked[0], purpose="messages", channel="email")
        verification_send(territory=town, persons=[marked[0].pk], channel="email")
        assert pair is not None
        for capability in capabilities():
            capability.walk_objects(territory=town, persons=marked, marker=MARKER)
        return _town_objects(town)


def verified_client(user) -> Client:
    client = Client()
    client.force_login(user)
    device = user.totpdevice_set.filter(confirmed=True).first() or add_totp(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def plain_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


SECOND_FACTOR = {Role.STAFF, Role.HEAD, Role.CURATOR}
ACTORS = ["anonymous", *[f"{r.value} of B" for r in Role], "curator of A and B",
          "staff token of B"]


@dataclass
class Actor:
    name: str
    client: Client
    headers: dict = field(default_factory=dict)
    api_only: bool = False
    has_role_in_b: bool = False


def make_actor(name: str, town_a: Territory, town_b: Territory) -> Actor:
    if name == "anonymous":
        return Actor(name, Client())
    if name == "staff token of B":
        user = make_user(email="token@ozersk.ru")
        grant_role(user, town_b, Role.STAFF)
        key = api_token_create(user=user, name="walk")[1]
        return Actor(name, Client(), {"HTTP_AUTHORIZATION": f"Bearer {key}"}, api_only=True,
                     has_role_in_b=True)
    role = name.split()[0]
    user = make_user(email=f"{role}@ozersk.ru")
    grant_role(user, town_b, role)
    if name == "curator of A and B":
        grant_role(user, town_a, Role.CURATOR)
    client = verified_client(user) if role in SECOND_FACTOR else plain_client(user)
    return Actor(name, client, has_role_in_b=True)


# --- judging answers -------------------------------------------------------------------------


def leaked(response) -> list[str]:
    text = visible_text(response)
    digits = re.sub(r"[\s\-()\u00a0+]", "", text)
    return [m for m in MARKERS if m in text or (m.isdigit() and m in digits)]


def refused(response) -> bool:
    if response.status_code in DENIED:
        return True
    return response.status_code == 302 and response["Location"].startswith("/accounts/")


def request(actor: Actor, method: str, url: str, route: Route):
    if route.kind == "api":
        body = "{}" if method in ("post", "put", "patch") else None
        kwargs = {"content_type": "application/json", "data": body} if body else {}
        return getattr(actor.client, method)(url, **kwargs, **actor.headers)
    return getattr(actor.client, method)(url, **actor.headers)


# --- the walk --------------------------------------------------------------------------------

@pytest.fixture
def towns(db):
    with all_towns():
        a = make_town(slug="zarechny", name="Заречный")
        b = make_town(slug="ozersk", name="Озёрск")
    return a, b, build_town_a(a)


@pytest.fixture
def routes(towns):
    pages, _ = page_routes(public_pages=PUBLIC_PAGES, staff_page=STAFF_PAGE, no_post=NO_POST)
    return pages + api_routes(Client())


@pytest.mark.parametrize("actor_name", ACTORS)
def test_other_towns_people_get_nothing_of_town_a(actor_name, towns, routes):
    town_a, town_b, objects = towns
    actor = make_actor(actor_name, town_a, town_b)
    curates_a = actor.name == "curator of A and B"
    problems, walked = [], 0
    for route in routes:
        if actor.api_only and route.kind != "api":
            continue
        targets = [(town_a, m) for m in route.methods]
        if route.in_town and actor.has_role_in_b:
            # Their own town's pages, asked for town A's objects (ids in the URL): GET and POST.
            targets += [(town_b, m) for m in route.methods if route.params or m == "get"]
        for town, method in targets:
            url, _ = fill(route, town.slug, objects)
            response = request(actor, method, url, route)
            walked += 1
            if WALK_LOG is not None:
                WALK_LOG.append(f"{response.status_code} {method.upper()} {url} {actor.name}")
            where = f"{method.upper()} {url} ({route.name}) as {actor.name}"
            if response.status_code >= 500:
                problems.append(f"{where}: server error {response.status_code}")
            if found := leaked(response):
                problems.append(f"{where}: shows town A's {found}")
            if town is town_b:
                must_refuse = bool(route.params)  # town A's object under town B's address
            else:
                must_refuse = route.in_town and not route.public and not (
                    curates_a and not route.staff_only)
            if must_refuse and not refused(response):
                problems.append(f"{where}: answered {response.status_code}, expected a refusal")
    assert walked >= len([r for r in routes if r.kind == "api" or not actor.api_only])
    assert not problems, "\n".join(problems)


def test_town_a_resident_gets_no_staff_pages(towns, routes):
    town_a, _, objects = towns
    resident = make_user(email="resident@zarechny.ru")
    grant_role(resident, town_a, Role.RESIDENT)
    client, problems = plain_client(resident), []
    staff_routes = [r for r in routes if r.staff_only]
    assert staff_routes
    for route in staff_routes:
        for method in route.methods:
            url, _ = fill(route, town_a.slug, objects)
            response = request(Actor("resident of A", client), method, url, route)
            if not refused(response) or leaked(response):
                problems.append(f"{method.upper()} {url}: {response.status_code}")
    assert not problems, "\n".join(problems)


def test_public_api_is_exactly_the_allow_list(routes):
    public = {(r.name.split()[0].lower(), r.name.split()[1]) for r in routes
              if r.kind == "api" and r.public}
    assert public == PUBLIC_API


def test_every_parameter_is_a_real_town_object(towns, routes):
    """A page whose id cannot be filled with a town-A object is walked with a made-up id and
    proves little: give its model rows in its capability's `walk_objects` (module docstring)."""
    town_a, _, objects = towns
    unfilled = [f"{r.name}: {missing}" for r in routes
                if (missing := fill(r, town_a.slug, objects)[1])]
    assert not unfilled, "\n".join(unfilled)


def test_the_walk_covers_the_known_town_pages_and_api(routes):
    names = {r.name for r in routes}
    assert {"GET /api/v1/t/{slug}/registry/persons/{person_id}",
            "POST /api/v1/t/{slug}/ledger/actions/"} <= names
    # The resolver really was read: whatever pages exist under t/<slug>/ are in the walk.
    town_routes = [r for r, _, _ in walk_patterns(get_resolver().url_patterns)
                   if r.startswith("t/")]
    assert len([r for r in routes if r.kind == "page"]) == len(town_routes)


def test_markers_do_show_to_town_a_staff(towns, routes):
    """Positive control: the walk's leak check would see town A's data if it were served."""
    town_a, _, objects = towns
    staff = make_user(email="staff@zarechny.ru")
    grant_role(staff, town_a, Role.STAFF)
    actor = Actor("staff of A", verified_client(staff))
    seen = {r.name for r in routes if r.staff_only and "get" in r.methods
            and leaked(request(actor, "get", fill(r, town_a.slug, objects)[0], r))}
    assert "GET /api/v1/t/{slug}/registry/persons/{person_id}" in seen
    assert len(seen) >= 3
