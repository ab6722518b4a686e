import datetime as dt
import itertools

from .services import person_create

_seq = itertools.count(1)


def make_person(territory, *, surname: str = "Иванов", given_name: str | None = None,
                patronymic: str = "Петрович", birth_date: dt.date = dt.date(1980, 5, 17),
                **extra):
    return person_create(territory=territory, surname=surname,
                         given_name=given_name or "Иван", patronymic=patronymic,
                         birth_date=birth_date, **extra)
