"""Every page of the tenancy walk, in real Chromium, as every role that may open it: on a phone
(390×844) no page scrolls sideways (wide tables scroll inside their own focusable region), and
axe-core finds nothing "serious" or "critical"; on a desktop (1366×900) the same, for one role
per page (the page's body does not change with the role; its header does, and every role's
header is checked on its first page).

The pages and their objects are the tenancy walk's (tests/test_tenancy_walk.py: the URL
resolver's routes, town A built by every capability's `walk_objects`), so a page added tomorrow
is walked here tomorrow. Which pages a role may open is asked of Django first (a GET answering
200 with HTML); downloads (CSV, PDF, DOCX, XLSX) and refusals are left out.
"""

import json
import re
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import get_resolver

from tests.browser.test_accessibility import AXE, RULES
from tests.tenancy_routes import Route, fill, page_routes, walk_patterns
from tests.test_tenancy_walk import (
    NO_POST,
    PUBLIC_PAGES,
    STAFF_PAGE,
    build_town_a,
    plain_client,
    verified_client,
)
from veche.accounts.factories import grant_role, make_user
from veche.accounts.models import SECOND_FACTOR_ROLES, Role
from veche.appeals.factories import make_appeal
from veche.appeals.meetings.factories import make_building_with_coords, make_meeting
from veche.practices.models import Practice
from veche.registry.models import ConsentPurpose, ConsentText
from veche.territories.factories import make_town
from veche.territories.scoping import all_towns, town_scope

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
ROLES = ["anonymous", Role.RESIDENT, Role.STAFF, Role.HEAD, Role.MODERATOR, Role.CURATOR,
         Role.EXPERT]
SERIOUS = ("serious", "critical")

# The page's width, and where it overflows: the outermost elements past the right edge (their
# parent is not), named so that a failure says what to fix.
WIDTHS = """() => ({page: document.documentElement.scrollWidth, view: window.innerWidth,
  wide: [...document.querySelectorAll('body *')].filter(e => {
    const right = e.getBoundingClientRect().right, up = e.parentElement;
    const outermost = up.getBoundingClientRect().right <= window.innerWidth + 1
      && getComputedStyle(up).overflowX === 'visible';
    const loose = getComputedStyle(e).position === 'absolute';
    return right > window.innerWidth + 1 && (outermost || loose);
  }).slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
      + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : '')
      + ' in ' + e.parentElement.tagName.toLowerCase()
      + (typeof e.parentElement.className === 'string' && e.parentElement.className
         ? '.' + e.parentElement.className.split(' ')[0] : '')
      + ' ' + Math.round(e.getBoundingClientRect().right)),
  // A monthly chart wider than the phone scrolls inside its box: its newest month (the last
  // mark) must be in view without scrolling.
  hidden_newest: [...document.querySelectorAll('.svg-wrap')].filter(w => {
    const marks = w.querySelectorAll('svg > g');
    if (!marks.length) return false;
    const box = w.getBoundingClientRect(), last = marks[marks.length - 1].getBoundingClientRect();
    return last.right > box.right + 1 || last.left < box.left - 1;
  }).map(w => w.closest('figure').id)})"""
AXE_RUN = """async (tags) => (await axe.run(document, {runOnly: tags})).violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""


def walk_urls(objects: dict, town_slug: str) -> list[str]:
    """The tenancy walk's GET pages for town A, plus the pages outside towns whose parameters
    are a town (sign-up) or an object of town A (a practice of the bank)."""
    routes, _ = page_routes(public_pages=PUBLIC_PAGES, staff_page=STAFF_PAGE, no_post=NO_POST)
    known = {r.template for r in routes}
    with all_towns():
        published = Practice.objects.filter(status=Practice.Status.PUBLISHED).first()
    urls = [fill(r, town_slug, objects)[0] for r in routes if "get" in r.methods]
    for route, _pattern, name in walk_patterns(get_resolver().url_patterns):
        if route.startswith(("api/", "admin/", "static/", "media/", "t/")) or "<" not in route:
            continue
        if NO_POST.search(name or route):
            continue
        template = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        if template in known:
            continue
        params = {m: "int" if f"int:{m}" in route else "str"
                  for m in re.findall(r"<(?:\w+:)?(\w+)>", route)}
        if set(params) == {"slug"}:
            urls.append(template.format(slug=town_slug))
        else:
            # The bank shows published practices only (town A's first practice is a draft).
            public = {**objects, "practice": published}
            urls.append(fill(Route("global", name, template, params), town_slug, public)[0])
    return urls


def html_pages(client: Client, urls: list[str]) -> list[str]:
    """The pages this client may open: 200 with HTML (refusals, redirects, files left out)."""
    seen = []
    for url in urls:
        response = client.get(url)
        # htmx fragments (no <html>) are checked inside the pages that load them.
        if (response.status_code == 200
                and response.get("Content-Type", "").startswith("text/html")
                and b"<html" in response.content[:400].lower()):
            seen.append(url)
    return seen


def client_for(role, town) -> Client:
    if role == "anonymous":
        return Client()
    user = make_user(email=f"{role}-walk@zarechny.ru", full_name=f"Проверка {role}")
    grant_role(user, town, role)
    return verified_client(user) if role in SECOND_FACTOR_ROLES else plain_client(user)


def context_for(browser, base: str, client: Client, viewport: dict):
    context = browser.new_context(locale="ru-RU", viewport=viewport)
    context.set_default_timeout(30_000)
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if cookie is not None:
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base}])
    return context


def inspect(page, url: str, *, axe: bool) -> list[str]:
    response = page.goto(url)
    if response is None or response.status != 200:
        return [f"answered {response.status if response else 'nothing'}"]
    problems = []
    widths = page.evaluate(WIDTHS)
    if widths["page"] > widths["view"]:
        problems.append(f"scrolls sideways: {widths['page']} > {widths['view']} {widths['wide']}")
    if widths["hidden_newest"]:
        problems.append(f"newest month out of view: {widths['hidden_newest']}")
    if axe:
        page.evaluate(AXE)
        problems += [f"axe {v['id']}: {v['nodes']}" for v in page.evaluate(AXE_RUN, RULES)]
    return problems


@pytest.fixture
def walk_world(transactional_db, ledger_rows_removable):
    for purpose in ConsentPurpose.values:
        ConsentText.objects.get_or_create(purpose=purpose, version=1,
                                          defaults={"text": f"Согласие: {purpose}"})
    with all_towns():
        a = make_town(slug="zarechny", name="Заречный")
        make_town(slug="ozersk", name="Озёрск")
    return a, build_town_a(a)


def test_every_page_fits_a_phone_and_passes_axe(live_server, browser, walk_world):
    town, objects = walk_world
    base, urls = live_server.url, walk_urls(objects, town.slug)
    found: dict[str, list[str]] = {}
    walked = {"phone": 0, "desktop": 0}
    desktop_done: set[str] = set()
    started = time.monotonic()
    for role in ROLES:
        client = client_for(role, town)
        pages = html_pages(client, urls)
        assert pages, f"{role} sees no page"
        for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            context = context_for(browser, base, client, viewport)
            page = context.new_page()
            for i, url in enumerate(pages):
                # Desktop: every page once (by the first role that sees it) and each role's
                # first page, for its header.
                if name == "desktop" and url in desktop_done and i > 0:
                    continue
                if name == "desktop":
                    desktop_done.add(url)
                walked[name] += 1
                if problems := inspect(page, base + url, axe=True):
                    found[f"{name} {role} {url}"] = problems
            context.close()
    print(f"walked {walked} in {time.monotonic() - started:.0f} s")
    assert walked["phone"] > 100
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_meeting_plan_map_and_a_held_meeting_pass_on_a_phone(live_server, browser, town_data):
    """What the walk's world lacks: the planning map (houses with coordinates and appeals; its
    links sat inside an image, axe's nested-interactive) and a meeting already held."""
    town, staff = town_data["town"], town_data["staff"]
    with town_scope(town):
        yard = make_building_with_coords(town, street="ул. Победы", house="12")
        make_appeal(town, town_data["petrov"], building=yard)
        held = make_meeting(town, building=yard, days=-1, status="held")
    client = verified_client(staff)
    found = {}
    for viewport in (PHONE, DESKTOP):
        context = context_for(browser, live_server.url, client, viewport)
        page = context.new_page()
        for path in ("office/meetings/plan/", f"office/meetings/{held.pk}/",
                     f"meetings/{held.pk}/"):
            if problems := inspect(page, f"{live_server.url}/t/zarechny/{path}", axe=True):
                found[f"{viewport['width']} {path}"] = problems
        if viewport is PHONE:
            page.goto(f"{live_server.url}/t/zarechny/office/meetings/plan/")
            assert page.locator(f'#appeal-map a[href="#b{yard.pk}"]').count() == 1
        context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
