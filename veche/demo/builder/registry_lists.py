"""The demo's imported lists (issue 18): files of different shapes loaded through the registry's
list import, the same services and the same linkage as the back office's page (run here
synchronously instead of in the worker). Main town only.

* «Совет ветеранов» — XLSX with a title line and one «ФИО» column; some names with «ё» where
  the registry has «е», a phone written the Excel way, one impossible birth date;
* «Волонтёры Победы» — a cp1251 CSV with three name columns, half of them new people;
* «Совет ветеранов» again, two months later: one phone changed and a newcomer — re-importing
  finds the same persons (no duplicates) and records the new phone as a new fact.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from django.utils import timezone
from openpyxl import Workbook

from veche.registry.imports import list_import_create, list_import_run
from veche.registry.models import Person

from .capabilities import DemoTown
from .clock import demo_clock

NEW_PEOPLE = [("Королёва", "Дарья", "Сергеевна", "14.06.2001"),
              ("Тихонов", "Максим", "Андреевич", "02.11.1999"),
              ("Галкина", "Алсу", "Рамилевна", "21.01.2003"),
              ("Фомичёв", "Илья", "", "30.09.2000"),
              ("Лапина", "Ксения", "Олеговна", "07.07.2002"),
              ("Сафонов", "Егор", "Дмитриевич", "31.02.2001")]  # a date that does not exist


def _yo(surname: str) -> str:
    return surname.replace("е", "ё", 1) if "е" in surname else surname


def _veterans(people: list[Person], *, updated: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Ветераны"
    sheet.append(["Список членов Совета ветеранов на " + ("01.09" if updated else "01.07")])
    sheet.append(["№", "ФИО", "Дата рождения", "Телефон", "Организация"])
    for i, person in enumerate(people, start=1):
        phone = person.phone
        if updated and i == 1:
            phone = "+7 912 700-11-22"  # the person changed their number
        surname = _yo(person.surname) if i % 3 == 0 else person.surname
        name = f"{surname} {person.given_name} {person.patronymic}".strip()
        # Excel keeps a typed-in number as a number (79121234567), a written one as text.
        cell = int(phone[1:]) if phone[1:].isdigit() else phone
        sheet.append([i, name, person.birth_date, cell or None, "Совет ветеранов"])
    sheet.append([len(people) + 1, "Кравцов Борис Львович", "31.13.1945", "", ""])
    if updated:
        sheet.append([len(people) + 2, "Зуева Нина Фёдоровна", dt.date(1944, 3, 8),
                      79127001133, "Совет ветеранов"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _volunteers(people: list[Person]) -> bytes:
    lines = ["Фамилия;Имя;Отчество;Д.р.;Моб. телефон;E-mail"]
    for person in people:
        born = person.birth_date.strftime("%d.%m.%Y") if person.birth_date else ""
        lines.append(f"{person.surname};{person.given_name};{person.patronymic};{born};"
                     f"{person.phone};{person.email}")
    for surname, given, patronymic, born in NEW_PEOPLE:
        lines.append(f"{surname};{given};{patronymic};{born};;")
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")


def _load(town, name: str, file_name: str, data: bytes, when: dt.datetime):
    with demo_clock(when):
        record = list_import_create(territory=town, list_name=name, file_name=file_name,
                                    data=data)
        return list_import_run(list_import=record)


def create(rng: random.Random, town: DemoTown) -> str:
    if not town.is_main:
        return ""
    persons = [p for p in town.persons if p.birth_date and not p.is_erased]
    if len(persons) < 40:
        return ""
    rng.shuffle(persons)
    by_age = sorted(persons[:200], key=lambda p: p.birth_date or dt.date.min)
    older, younger = by_age[:20], by_age[-12:]
    now = timezone.now()
    done = [
        _load(town.town, "Совет ветеранов", "sovet_veteranov_2026-07.xlsx",
              _veterans(older, updated=False), now - dt.timedelta(days=120)),
        _load(town.town, "Волонтёры Победы", "volontery_pobedy.csv", _volunteers(younger),
              now - dt.timedelta(days=90)),
        _load(town.town, "Совет ветеранов", "sovet_veteranov_2026-09.xlsx",
              _veterans(older, updated=True), now - dt.timedelta(days=60)),
    ]
    return (f"{len(done)} списка загружено: "
            + ", ".join(f"{r.created_count} новых/{r.matched_count} найдено/"
                        f"{r.rejected_count} отклонено" for r in done))
