import pytest
from django.test import Client
from django.conf import settings
from veche.demo.builder import build_demo
from veche.accounts.models import Membership
from veche.territories.scoping import all_towns
from tests.web.helpers import login
from veche.appeals.models import HeadMeeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_shots(live_server, new_page, ledger_rows_removable):
    build_demo(scale=0.05)
    with all_towns():
        m = Membership.objects.filter(role="head").select_related("territory", "user").first()
        slug = m.territory.slug
        held = HeadMeeting.objects.filter(territory=m.territory, status="reported").first()
        ann = HeadMeeting.objects.filter(territory=m.territory, status="announced").order_by("starts_at").first()
    c = login(Client(), m.user)
    cookie = c.cookies[settings.SESSION_COOKIE_NAME].value
    base = live_server.url
    pages = {
        "staff-list": f"/t/{slug}/office/meetings/", "staff-plan": f"/t/{slug}/office/meetings/plan/",
        "staff-detail": f"/t/{slug}/office/meetings/{held.pk}/", "staff-recurring": f"/t/{slug}/office/meetings/recurring/",
        "staff-solutions": f"/t/{slug}/office/meetings/solutions/", "staff-figures": f"/t/{slug}/office/meetings/figures/",
        "public-list": f"/t/{slug}/meetings/", "public-results": f"/t/{slug}/meetings/{held.pk}/",
        "public-announced": f"/t/{slug}/meetings/{ann.pk}/", "town-home": f"/t/{slug}/",
    }
    import os
    os.makedirs("/tmp/shots", exist_ok=True)
    page = new_page(width=1280, height=900)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    for name, url in pages.items():
        page.goto(base + url)
        page.screenshot(path=f"/tmp/shots/meetings-{name}.png", full_page=True)
    phone = new_page(width=390, height=844)
    phone.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    phone.goto(base + f"/t/{slug}/office/meetings/{ann.pk}/record/")
    phone.screenshot(path="/tmp/shots/meetings-phone-record.png", full_page=True)
    phone.goto(base + f"/t/{slug}/meetings/{ann.pk}/ask/")
    phone.screenshot(path="/tmp/shots/meetings-phone-ask.png", full_page=True)
    r = c.get(f"/t/{slug}/meetings/{ann.pk}/poster.pdf")
    open("/tmp/shots/meetings-poster.pdf", "wb").write(r.content)
    r = c.get(f"/t/{slug}/meetings/{held.pk}/results.pdf")
    open("/tmp/shots/meetings-results.pdf", "wb").write(r.content)
