"""On a phone (390×844): staff (password + second factor) load a town's list into the registry —
upload a CSV, say what one column holds, see the preview with the bad date named, start the
import, watch it reach the end and download the row report as CSV. No page is wider than the
phone's screen."""

import csv
import io
import re
from pathlib import Path

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from veche.accounts.factories import PASSWORD
from veche.registry.models import ListImport, Person
from veche.territories.scoping import town_scope

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# A title row above the header, a Windows-1251 file as Excel writes it for Russian users. Petrov
# is the registry's own (same name and birth date as town_data's), Oshibkin has no such date.
LIST = ("Список актива;;;\n"
        "ФИО;Д.р.;Моб.;Примечание\n"
        "Соколова Вера Андреевна;02.03.1961;8 912 555 00 11;староста\n"
        "Петров Пётр Ильич;17.05.1980;;\n"
        "Ошибкин Ян;31.13.1990;;\n")


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_staff_load_a_list_on_a_phone(live_server, new_page, shot, town_data):
    page = new_page(**PHONE)
    page.goto(f"{live_server.url}/t/zarechny/office/registry/imports/")
    # Personal data: the login page, then the second factor, then back to the imports.
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("input[name=username]", "staff@zarechny.ru")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/otp/"))
    page.fill("input[name=code]", _code(town_data["device"]))
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/t/zarechny/office/registry/imports/$"))
    expect(page.locator("h1")).to_have_text("Загрузка списков в реестр")
    expect(page.locator("main")).to_contain_text("Списков ещё не загружали.")
    _fits_the_phone(page)

    # Upload.
    page.fill("#id_list_name", "Актив молодёжного совета")
    page.set_input_files("input[name=file]", files=[{
        "name": "актив.csv", "mimeType": "text/csv", "buffer": LIST.encode("cp1251")}])
    page.get_by_role("button", name="Загрузить").click()
    expect(page.locator("h1")).to_have_text("Актив молодёжного совета")
    expect(page.locator(".messages")).to_contain_text(
        "Файл принят. Проверьте колонки и начните загрузку.")
    expect(page.locator("main")).to_contain_text("заголовок в строке 2")
    mapping_url = page.url
    # The suggested mapping: the header's words understood, the note left out.
    expect(page.get_by_label("ФИО")).to_have_value("full_name")
    expect(page.get_by_label("Д.р.")).to_have_value("birth_date")
    expect(page.get_by_label("Моб.")).to_have_value("phone")
    expect(page.get_by_label("Примечание")).to_have_value("")
    # The preview: three rows, normalised, the impossible date named.
    preview = page.locator("#import-preview tbody tr")
    expect(preview).to_have_count(3)
    expect(preview.nth(0)).to_contain_text("Соколова")
    expect(preview.nth(0)).to_contain_text("02.03.1961")
    expect(preview.nth(0)).to_contain_text("+79125550011")
    # A row that fails shows its number, the problem and whose row it is, as written.
    expect(preview.nth(2).locator("td").first).to_have_text("5")
    expect(preview.nth(2)).to_contain_text("Ошибкин")
    expect(preview.nth(2).locator(".errorlist")).to_contain_text("Дата «31.13.1990» не распознана")
    _fits_the_phone(page)
    shot(page, "registry-import-phone-mapping")

    # Staff say the fourth column is the person's role, apply, and see the choice kept.
    page.get_by_label("Примечание").select_option("role")
    page.get_by_role("button", name="Применить и показать предпросмотр").click()
    expect(page).to_have_url(mapping_url)
    expect(page.get_by_label("Примечание")).to_have_value("role")
    expect(page.locator("#import-preview tbody tr")).to_have_count(3)
    with town_scope(town_data["town"]):
        record = ListImport.objects.get()
        assert record.mapping == {"0": "full_name", "1": "birth_date", "2": "phone", "3": "role"}
        assert record.status == "draft"
    _fits_the_phone(page)

    # Start: the background task runs (immediately in tests); the progress reaches the end.
    page.get_by_role("button", name="Начать загрузку").click()
    expect(page.locator(".messages")).to_contain_text("Загрузка началась.")
    progress = page.locator("#import-progress")
    expect(progress).to_contain_text("обработано 3 из 3 строк", timeout=30_000)
    expect(progress).not_to_contain_text("Страница обновляется сама.")
    expect(progress.locator("progress")).to_have_attribute("value", "3")
    figures = progress.locator(".figures li")
    expect(figures.nth(0)).to_have_text("Добавлено новых: 1")
    expect(figures.nth(1)).to_have_text("Найдено в реестре (дополнены): 1")
    expect(figures.nth(2)).to_have_text("На проверке: 0")
    expect(figures.nth(3)).to_have_text("Отклонено: 1")
    # The rejected row is listed under the figures with what to fix.
    expect(page.locator("main")).to_contain_text("Отклонённые и сомнительные строки")
    expect(page.locator("main table.data tbody tr")).to_have_count(1)
    expect(page.locator("main table.data tbody tr")).to_contain_text("Ошибкин")
    _fits_the_phone(page)
    shot(page, "registry-import-phone-done")

    # The row report as CSV.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    body = Path(download.path()).read_bytes().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert lines[0][:4] == ["Лист", "Строка файла", "Результат", "Что не так"]
    assert lines[1][1] == "5" and "не распознана" in lines[1][3]

    with town_scope(town_data["town"]):
        record.refresh_from_db()
        assert record.status == "done"
        assert Person.objects.filter(surname="Петров").count() == 1
        sokolova = Person.objects.get(surname="Соколова")
        assert sokolova.facts.get(field="role").value == "староста"
        assert not Person.objects.filter(surname="Ошибкин").exists()

    # The list appears on the imports page with its figures.
    page.get_by_role("link", name="← Все загрузки").click()
    row = page.locator("main table.data tbody tr", has_text="Актив молодёжного совета")
    expect(row).to_contain_text("актив.csv")
    _fits_the_phone(page)
