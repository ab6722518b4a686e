"""Dates, phones, e-mails and addresses as lists write them (veche/text/dates.py,
contacts.py, addresses.py)."""

import datetime as dt

import pytest

from veche.text.addresses import parse_address
from veche.text.contacts import email_normal, phone_e164, phones
from veche.text.dates import date_parts, parse_date

DAY = dt.date(1960, 12, 31)


@pytest.mark.parametrize("cell", [
    "31.12.1960", "1960-12-31", "31/12/60", "31-12-1960", "31 декабря 1960", "31 декабря 1960 г.",
    "31 дек. 1960", "19601231", "31121960", "22281", 22281, 22281.0, "1960-12-31 00:00:00",
    dt.datetime(1960, 12, 31, 0, 0), DAY, "31 Dec 1960",
])
def test_every_way_a_list_writes_a_date(cell):
    assert parse_date(cell) == DAY


def test_two_digit_years_fall_in_the_last_hundred_years():
    assert parse_date("01.02.05", pivot=26) == dt.date(2005, 2, 1)
    assert parse_date("01.02.60", pivot=26) == dt.date(1960, 2, 1)


def test_a_bare_year_and_an_impossible_day_keep_their_digits():
    year = date_parts("1960")
    assert (year.year, year.month, year.valid, year.digits()) == (1960, None, False, "1960")
    slip = date_parts("31.02.1960")  # no such day: most likely one mistyped digit
    assert not slip.valid and slip.digits() == "19600231" and parse_date("31.02.1960") is None


@pytest.mark.parametrize("cell", ["", None, "нет", "0", "abc", "99.99.9999"])
def test_no_date_is_nothing(cell):
    assert parse_date(cell) is None


@pytest.mark.parametrize("cell", [
    "8 (912) 345-67-89", "+7 912 345 67 89", "89123456789", "9123456789", "8-912-345-67-89",
    79123456789, "+7(912)3456789",
])
def test_phones_to_e164(cell):
    assert phone_e164(cell) == "+79123456789"


def test_several_phones_in_a_cell_and_extensions():
    assert phones("8-912-345-67-89, 8 913 000 00 00") == ["+79123456789", "+79130000000"]
    assert phones("8 (3513) 22-33-44 доб. 12") == ["+73513223344"]
    assert phones("22-33-44") == [] and phones("") == [] and phone_e164(None) == ""


def test_email_lower_case_or_nothing():
    assert email_normal(" Ivan@Mail.RU ") == "ivan@mail.ru"
    assert email_normal("mailto:a@b.ru") == "a@b.ru"
    assert email_normal("нет") == ""


@pytest.mark.parametrize("cell", [
    "г. Озерск, ул. Ленина, д. 5, кв. 12", "Ленина ул., дом 5 кв 12", "улица Ленина 5-12",
    "456780, Озерск, Ленина, 5, 12", "ул.Ленина,д.5,кв.12", "ул Ленина д 5 12",
])
def test_addresses_come_to_one_key(cell):
    assert parse_address(cell).key() == "ленина|5||12".replace("||", "|")


def test_address_parts_and_canonical_form():
    home = parse_address("456780, г. Озерск, пр-т Победы 10 А, корп. 2, кв. 3")
    assert (home.postcode, home.locality, home.street_type, home.street, home.house,
            home.building, home.flat) == ("456780", "озерск", "пр-т", "победы", "10а", "2", "3")
    assert home.canonical() == "г. Озерск, пр-т Победы, д. 10а, к. 2, кв. 3"
    assert parse_address("проспект Победы, д. 10а").street_type == "пр-т"
    assert parse_address("ул. 8 Марта, 14").street == "8 марта"
    assert parse_address("Королёва ул, д. 5").street == "королева"
