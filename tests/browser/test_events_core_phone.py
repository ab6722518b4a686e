"""On phones (390×844): a resident registers for an event and opens the ticket's QR code;
staff open the scanner, type the ticket's code, see «Отмечен», scan it again and see «Уже
отмечен» — counted once."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import expect

from veche.accounts.factories import PASSWORD
from veche.events.lifecycle import EVENT
from veche.events.models import Registration
from veche.events.services.events import event_create
from veche.territories.scoping import town_scope

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _login(page, email: str, device=None) -> None:
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    if device is not None:
        page.fill("input[name=code]", _code(device))
        page.locator("main form button[type=submit]").first.click()


def test_resident_ticket_and_staff_scanner_on_phones(live_server, new_page, shot, town_data):
    town = town_data["town"]
    now = timezone.now()
    with town_scope(town):
        event = event_create(territory=town, kind="meeting", title="Встреча во дворе",
                             organiser_kind="administration", venue_kind="outdoors",
                             address="ул. Ленина, 5", starts_at=now - dt.timedelta(minutes=10),
                             ends_at=now + dt.timedelta(hours=2), registration_open=True)
        EVENT.run("announce", event, by=None)

    resident = new_page(width=390, height=844)
    resident.goto(f"{live_server.url}/t/zarechny/events/{event.pk}/")
    resident.get_by_role("link", name="Войдите, чтобы зарегистрироваться").click()
    _login(resident, "resident@zarechny.ru")
    expect(resident).to_have_url(re.compile(rf"/events/{event.pk}/"))
    resident.get_by_role("button", name="Зарегистрироваться").click()
    expect(resident.locator(".messages")).to_contain_text("Вы зарегистрированы")
    qr = resident.locator(".ticket-qr svg")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 200
    code = resident.locator("[data-ticket-code]").inner_text().strip()
    shot(resident, "events-ticket-phone")

    staff = new_page(width=390, height=844)
    staff.goto(f"{live_server.url}/t/zarechny/office/events/{event.pk}/scanner/")
    _login(staff, "staff@zarechny.ru", town_data["device"])
    expect(staff).to_have_url(re.compile(rf"/office/events/{event.pk}/scanner/"))
    field = staff.locator("input[name=code]")
    expect(staff.locator("[data-scanner-count]")).to_have_text("Отмечено 0 из 1")
    # Headless Chromium reads no QR codes with a camera: the code field, no dead camera button.
    expect(staff.get_by_text("Камера в этом браузере не распознаёт QR-коды")).to_be_visible()
    expect(staff.get_by_role("button", name="Включить камеру")).to_be_hidden()
    field.fill(code)
    staff.get_by_role("button", name="Отметить", exact=True).click()
    expect(staff.locator("[data-scan-result]")).to_have_text("Отмечен: Жителева М.")
    expect(staff.locator("[data-scanner-count]")).to_have_text("Отмечено 1 из 1")
    field.fill(code)
    staff.get_by_role("button", name="Отметить", exact=True).click()
    expect(staff.locator("[data-scan-result]")).to_contain_text("Уже отмечен в ")
    expect(staff.locator("[data-scanner-count]")).to_have_text("Отмечено 1 из 1")
    shot(staff, "events-scanner-phone")
    # Nothing wider than the phone's screen.
    assert staff.evaluate("document.documentElement.scrollWidth") <= 390
    with town_scope(town):
        assert Registration.objects.filter(event=event, checked_in_at__isnull=False).count() == 1


def test_staff_place_an_event_on_the_town_map_with_a_tap(live_server, new_page, shot,
                                                         town_data):
    """The event form's town map: a tap fills the latitude and longitude, the event is saved
    at that point (inside the town), and its page draws the point where it was tapped."""
    town = town_data["town"]
    town.boundary = [[56.10, 43.40], [56.10, 43.60], [56.20, 43.60], [56.20, 43.40],
                     [56.10, 43.40]]
    town.save(update_fields=["boundary"])
    now = timezone.now()
    with town_scope(town):
        event = event_create(territory=town, kind="meeting", title="Субботник у пруда",
                             organiser_kind="administration", venue_kind="outdoors",
                             address="Городской пруд", starts_at=now + dt.timedelta(days=3),
                             ends_at=now + dt.timedelta(days=3, hours=2))
    staff = new_page(width=390, height=844)
    staff.goto(f"{live_server.url}/t/zarechny/office/events/{event.pk}/edit/")
    _login(staff, "staff@zarechny.ru", town_data["device"])
    expect(staff).to_have_url(re.compile(rf"/events/{event.pk}/edit/"))
    town_shape = staff.locator("[data-map-picker] .event-map-town")
    town_shape.scroll_into_view_if_needed()
    box = town_shape.bounding_box()
    # A quarter of the way across and down the town: the north-west part.
    staff.mouse.click(box["x"] + box["width"] / 4, box["y"] + box["height"] / 4)
    latitude = float(staff.locator("#id_latitude").input_value())
    longitude = float(staff.locator("#id_longitude").input_value())
    assert 56.15 < latitude < 56.20 and 43.40 < longitude < 43.50, (latitude, longitude)
    expect(staff.locator("[data-map-picker] .event-map-point")).to_be_visible()
    shot(staff, "events-map-picker-phone")
    staff.get_by_role("button", name="Сохранить").click()
    expect(staff.locator(".messages")).to_contain_text("Изменения сохранены")
    event.refresh_from_db()
    assert (round(event.latitude, 5), round(event.longitude, 5)) == (round(latitude, 5),
                                                                     round(longitude, 5))
    point = staff.locator(".event-map .event-map-point").first
    cx = float(point.get_attribute("cx"))  # a number SVG reads: no decimal comma
    assert 0 < cx < 360 / 2
